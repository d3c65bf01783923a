"""Receivables aging (应收账龄) as of any date, by customer, in configurable buckets of days
overdue; the invoices behind each figure; the overdue list for collections (催收).

Amounts are what is open on the day asked (see :mod:`finance.ledger.queries`),
aggregated in SQL so that 10^5 open invoices stay fast. A customer's unapplied money
(预收款) is shown beside its invoices and netted in its balance, never hidden in a bucket.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.customers.models import Customer
from erp.errors import N_
from erp.settings.services import declare, get_setting
from finance.ledger.models import ZERO, ItemKind, Side
from finance.ledger.queries import open_amounts
from finance.receivables.booking import book_sales_documents
from finance.receivables.visibility import check_customer_visible, salesperson_scope


def _parse_bounds(text: str) -> list[int]:
    bounds = [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    if not bounds or any(b <= 0 for b in bounds) or bounds != sorted(set(bounds)) or len(bounds) > 10:
        raise ValueError(text)
    return bounds


def _valid_bounds(value: str) -> str | None:
    try:
        _parse_bounds(value)
    except ValueError:
        return N_("Increasing whole numbers of days separated by commas, e.g. 30,60,90.")
    return None


AGING_BUCKETS = declare("finance.aging_buckets", "账龄区间（逾期天数分界）", "30,60,90", validate=_valid_bounds,
                        help="逗号分隔的逾期天数上限，如 30,60,90 → 未到期、1-30、31-60、61-90、90天以上")


@dataclass(frozen=True, slots=True)
class Bucket:
    key: str
    #: Days overdue, inclusive (None: open-ended); "not due" is (None, 0).
    low: int | None
    high: int | None

    def title(self, translate=lambda text: text) -> str:
        if self.low is None:
            return translate(N_("Not due"))
        if self.high is None:
            return translate(N_("Over %(days)s days")) % {"days": self.low - 1}
        return translate(N_("%(low)s-%(high)s days")) % {"low": self.low, "high": self.high}

    def holds(self, days_overdue: int) -> bool:
        return (self.low is None or days_overdue >= self.low) and (self.high is None or days_overdue <= self.high)


def aging_buckets(session: Session, bounds: list[int] | None = None) -> list[Bucket]:
    """Not due, then 1–b1, b1+1–b2, …, > bn days overdue."""
    bounds = bounds or _parse_bounds(get_setting(session, AGING_BUCKETS))
    out = [Bucket("not_due", None, 0)]
    low = 1
    for high in bounds:
        out.append(Bucket(f"d{low}_{high}", low, high))
        low = high + 1
    out.append(Bucket(f"over_{bounds[-1]}", low, None))
    return out


def _bucket_index(column, as_of: dt.date, buckets: list[Bucket]):
    """SQL: the bucket of an item due on ``column`` (compared as dates: portable)."""
    whens = [(column >= as_of, literal(0))]
    for index, bucket in enumerate(buckets[1:-1], start=1):
        whens.append((column >= as_of - dt.timedelta(days=bucket.high), literal(index)))
    return case(*whens, else_=literal(len(buckets) - 1))


@dataclass
class AgingRow:
    customer_id: int
    code: str
    name: str
    salesperson: str | None
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
        return self.total - self.unapplied


@dataclass
class AgingReport:
    as_of: dt.date
    buckets: list[Bucket]
    rows: list[AgingRow] = field(default_factory=list)

    @property
    def totals(self) -> list[Decimal]:
        return [sum((r.amounts[i] for r in self.rows), ZERO) for i in range(len(self.buckets))]

    @property
    def total(self) -> Decimal:
        return sum(self.totals, ZERO)

    @property
    def unapplied(self) -> Decimal:
        return sum((r.unapplied for r in self.rows), ZERO)


def _customer_filter(stmt, *, salesperson_id: int | None, customer_id: int | None):
    if salesperson_id is not None:
        stmt = stmt.where(Customer.salesperson_id == salesperson_id)
    if customer_id is not None:
        stmt = stmt.where(Customer.id == customer_id)
    return stmt


def receivables_aging(session: Session, actor: User, *, as_of: dt.date | None = None,
                      salesperson_id: int | None = None, customer_id: int | None = None,
                      overdue_only: bool = False) -> AgingReport:
    """Open receivables per customer and bucket on ``as_of`` (today), for one salesperson's
    customers or one customer; a salesperson sees only their own customers."""
    as_of = as_of or dt.date.today()
    salesperson_id = salesperson_scope(actor, salesperson_id)
    book_sales_documents(session)
    buckets = aging_buckets(session)
    charges = open_amounts(session, Side.RECEIVABLE, as_of, kind=ItemKind.CHARGE)
    index = _bucket_index(charges.c.due_date, as_of, buckets).label("bucket")
    stmt = (select(charges.c.party_id, index, func.sum(charges.c.open_amount))
            .join(Customer, Customer.id == charges.c.party_id)
            .group_by(charges.c.party_id, index))
    rows: dict[int, list[Decimal]] = {}
    for party_id, bucket, amount in session.execute(_customer_filter(stmt, salesperson_id=salesperson_id,
                                                                     customer_id=customer_id)):
        rows.setdefault(party_id, [ZERO] * len(buckets))[int(bucket)] += amount
    payments = open_amounts(session, Side.RECEIVABLE, as_of, kind=ItemKind.PAYMENT)
    credit_stmt = (select(payments.c.party_id, func.sum(payments.c.open_amount))
                   .join(Customer, Customer.id == payments.c.party_id).group_by(payments.c.party_id))
    unapplied = dict(session.execute(_customer_filter(credit_stmt, salesperson_id=salesperson_id,
                                                      customer_id=customer_id)).all())
    ids = set(rows) | set(unapplied)
    customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))} if ids else {}
    report = AgingReport(as_of, buckets)
    for cid in sorted(ids, key=lambda i: customers[i].code):
        c = customers[cid]
        row = AgingRow(cid, c.code, c.name, c.salesperson.display_name if c.salesperson else None,
                       rows.get(cid, [ZERO] * len(buckets)), unapplied.get(cid, ZERO))
        if overdue_only and row.overdue <= 0:
            continue
        report.rows.append(row)
    return report


@dataclass
class OpenInvoice:
    """One open invoice behind an aging figure."""

    item_id: int
    invoice_id: int
    number: str | None
    customer_id: int
    customer: str
    phone: str | None
    salesperson: str | None
    doc_date: dt.date
    due_date: dt.date
    open_amount: Decimal
    days_overdue: int
    bucket: str


def open_invoices(session: Session, actor: User, *, as_of: dt.date | None = None, customer_id: int | None = None,
                  salesperson_id: int | None = None, min_days_overdue: int | None = None,
                  bucket: str | None = None, limit: int = 5000) -> list[OpenInvoice]:
    """The open invoices on ``as_of`` (drill-down of the aging, and with
    ``min_days_overdue=1`` the overdue list for collections, most overdue first)."""
    as_of = as_of or dt.date.today()
    if customer_id is not None:
        check_customer_visible(actor, session.get(Customer, customer_id))
    salesperson_id = salesperson_scope(actor, salesperson_id)
    book_sales_documents(session, customer_id=customer_id)
    buckets = aging_buckets(session)
    charges = open_amounts(session, Side.RECEIVABLE, as_of, kind=ItemKind.CHARGE)
    stmt = (select(charges, Customer).join(Customer, Customer.id == charges.c.party_id)
            .order_by(charges.c.due_date, charges.c.item_id).limit(limit))
    stmt = _customer_filter(stmt, salesperson_id=salesperson_id, customer_id=customer_id)
    if min_days_overdue is not None:
        stmt = stmt.where(charges.c.due_date <= as_of - dt.timedelta(days=min_days_overdue))
    out = []
    for row in session.execute(stmt):
        days = (as_of - row.due_date).days
        key = next(b.key for b in buckets if b.holds(days))
        if bucket and key != bucket:
            continue
        customer = row.Customer
        out.append(OpenInvoice(row.item_id, row.doc_id, row.number, customer.id, customer.name, customer.phone,
                               customer.salesperson.display_name if customer.salesperson else None,
                               row.doc_date, row.due_date, row.open_amount, days, key))
    return out


def overdue_list(session: Session, actor: User, *, as_of: dt.date | None = None,
                 salesperson_id: int | None = None, min_days: int = 1) -> list[OpenInvoice]:
    """催收清单: invoices overdue on ``as_of`` by at least ``min_days``, most overdue first."""
    rows = open_invoices(session, actor, as_of=as_of, salesperson_id=salesperson_id, min_days_overdue=min_days)
    return sorted(rows, key=lambda r: (-r.days_overdue, r.customer, r.number or ""))
