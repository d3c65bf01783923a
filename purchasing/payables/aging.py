"""Payables aging (应付账龄) as of any date, by supplier, in the same buckets as the
receivables aging (the setting ``finance.aging_buckets``, days overdue), and the open
invoices behind each figure.

The aging is finance's, unchanged (:func:`finance.ledger.aging.party_aging` on
``Side.PAYABLE``: the buckets, the open amounts on any date summed in SQL per supplier
and bucket); here are the suppliers' rows. A supplier's unapplied payments (预付款) are
shown beside its invoices and netted in its balance.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import require
from erp.suppliers.models import Supplier
from finance.ledger.aging import AgingReport, AgingRow, aging_buckets, bucket_key, party_aging
from finance.ledger.models import ItemKind, OpenItem, Side
from finance.ledger.queries import open_amounts
from purchasing.permissions import REPORT_PAYABLES

#: The payables aging: the ledger's report, of supplier rows.
PayablesAging = AgingReport


class PayablesAgingRow(AgingRow):
    @property
    def supplier_id(self) -> int:
        return self.party_id


def _supplier_row(supplier: Supplier, amounts: list[Decimal], unapplied: Decimal) -> PayablesAgingRow:
    return PayablesAgingRow(supplier.id, supplier.code, supplier.name, amounts, unapplied)


def payables_aging(session: Session, actor: User, *, as_of: dt.date | None = None, supplier_id: int | None = None,
                   overdue_only: bool = False) -> PayablesAging:
    """Open payables per supplier and bucket on ``as_of`` (today), for every supplier or one."""
    require(actor, REPORT_PAYABLES)

    def narrow(stmt, items):
        return stmt if supplier_id is None else stmt.where(items.c.party_id == supplier_id)

    return party_aging(session, Side.PAYABLE, Supplier, as_of or clock.today(), narrow=narrow, row=_supplier_row,
                       overdue_only=overdue_only)


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
    as_of = as_of or clock.today()
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
        key = bucket_key(buckets, days)
        if bucket and key != bucket:
            continue
        out.append(OpenSupplierInvoice(row.doc_id, row.number, row.reference, row.Supplier.id,
                                       row.Supplier.name, row.doc_date, row.due_date, row.open_amount, days, key))
    return out

