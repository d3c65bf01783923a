"""Payables aging (应付账龄) as of any date, by supplier, in the same buckets as the
receivables aging (the setting ``finance.aging_buckets``, days overdue), and the open
invoices behind each figure.

Reused from finance, unchanged: the buckets (:func:`finance.receivables.aging.aging_buckets`)
and the open amounts on any date (:func:`finance.ledger.queries.open_amounts`, on
``Side.PAYABLE``). Amounts are summed in SQL per supplier and due date; the few rows
that gives are put in their bucket here with ``Bucket.holds``. A supplier's unapplied
payments (预付款) are shown beside its invoices and netted in its balance.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.suppliers.models import Supplier
from finance.ledger.models import ZERO, ItemKind, OpenItem, Side
from finance.ledger.queries import open_amounts
from finance.receivables.aging import Bucket, aging_buckets
from purchasing.permissions import REPORT_PAYABLES


def bucket_of(buckets: list[Bucket], days_overdue: int) -> int:
    return next(index for index, bucket in enumerate(buckets) if bucket.holds(days_overdue))


@dataclass
class PayablesAgingRow:
    supplier_id: int
    code: str
    name: str
    amounts: list[Decimal]
    unapplied: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)

    @property
    def overdue(self) -> Decimal:
        return sum(self.amounts[1:], ZERO)

    @property
    def balance(self) -> Decimal:
        """What we owe the supplier: open invoices − unapplied payments."""
        return self.total - self.unapplied


@dataclass
class PayablesAging:
    as_of: dt.date
    buckets: list[Bucket]
    rows: list[PayablesAgingRow] = field(default_factory=list)

    @property
    def totals(self) -> list[Decimal]:
        return [sum((r.amounts[i] for r in self.rows), ZERO) for i in range(len(self.buckets))]

    @property
    def total(self) -> Decimal:
        return sum(self.totals, ZERO)

    @property
    def unapplied(self) -> Decimal:
        return sum((r.unapplied for r in self.rows), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.total - self.unapplied


def payables_aging(session: Session, actor: User, *, as_of: dt.date | None = None, supplier_id: int | None = None,
                   overdue_only: bool = False) -> PayablesAging:
    """Open payables per supplier and bucket on ``as_of`` (today), for every supplier or one."""
    require(actor, REPORT_PAYABLES)
    as_of = as_of or dt.date.today()
    buckets = aging_buckets(session)
    charges = open_amounts(session, Side.PAYABLE, as_of, kind=ItemKind.CHARGE)
    stmt = (select(charges.c.party_id, charges.c.due_date, func.sum(charges.c.open_amount))
            .group_by(charges.c.party_id, charges.c.due_date))
    payments = open_amounts(session, Side.PAYABLE, as_of, kind=ItemKind.PAYMENT)
    credit_stmt = select(payments.c.party_id, func.sum(payments.c.open_amount)).group_by(payments.c.party_id)
    if supplier_id is not None:
        stmt = stmt.where(charges.c.party_id == supplier_id)
        credit_stmt = credit_stmt.where(payments.c.party_id == supplier_id)
    amounts: dict[int, list[Decimal]] = {}
    for party_id, due_date, amount in session.execute(stmt):
        amounts.setdefault(party_id, [ZERO] * len(buckets))[bucket_of(buckets, (as_of - due_date).days)] += amount
    unapplied = dict(session.execute(credit_stmt).all())
    ids = set(amounts) | set(unapplied)
    suppliers = {s.id: s for s in session.scalars(select(Supplier).where(Supplier.id.in_(ids)))} if ids else {}
    report = PayablesAging(as_of, buckets)
    for sid in sorted(ids, key=lambda i: suppliers[i].code):
        s = suppliers[sid]
        row = PayablesAgingRow(sid, s.code, s.name, amounts.get(sid, [ZERO] * len(buckets)), unapplied.get(sid, ZERO))
        if overdue_only and row.overdue <= 0:
            continue
        report.rows.append(row)
    return report


@dataclass
class OpenSupplierInvoice:
    """One open supplier invoice behind an aging figure."""

    invoice_id: int
    number: str | None
    supplier_invoice_no: str | None
    supplier_id: int
    supplier: str
    doc_date: dt.date
    due_date: dt.date
    open_amount: Decimal
    days_overdue: int
    bucket: str


def open_supplier_invoices(session: Session, actor: User, *, as_of: dt.date | None = None,
                           supplier_id: int | None = None, bucket: str | None = None,
                           min_days_overdue: int | None = None, limit: int = 5000) -> list[OpenSupplierInvoice]:
    """The open supplier invoices on ``as_of``, oldest due first (the aging's drill-down;
    with ``min_days_overdue=1`` what is overdue to pay)."""
    require(actor, REPORT_PAYABLES)
    as_of = as_of or dt.date.today()
    buckets = aging_buckets(session)
    charges = open_amounts(session, Side.PAYABLE, as_of, kind=ItemKind.CHARGE)
    stmt = (select(charges, Supplier, OpenItem.reference).join(Supplier, Supplier.id == charges.c.party_id)
            .join(OpenItem, OpenItem.id == charges.c.item_id)
            .order_by(charges.c.due_date, charges.c.item_id).limit(limit))
    if supplier_id is not None:
        stmt = stmt.where(charges.c.party_id == supplier_id)
    if min_days_overdue is not None:
        stmt = stmt.where(charges.c.due_date <= as_of - dt.timedelta(days=min_days_overdue))
    out = []
    for row in session.execute(stmt):
        days = (as_of - row.due_date).days
        key = buckets[bucket_of(buckets, days)].key
        if bucket and key != bucket:
            continue
        out.append(OpenSupplierInvoice(row.doc_id, row.number, row.reference, row.Supplier.id,
                                       row.Supplier.name, row.doc_date, row.due_date, row.open_amount, days, key))
    return out

