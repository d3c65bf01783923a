"""Receivables aging (应收账龄) as of any date, by customer, in configurable buckets of days
overdue; the invoices behind each figure; the overdue list for collections (催收).

The aging is the ledger's (:mod:`finance.ledger.aging`: amounts open on the day asked,
aggregated in SQL so that 10^5 open invoices stay fast); here are the customers a user
may see, their salesperson, and the booking of what sales approved first. A customer's
unapplied money (预收款) is shown beside its invoices and netted in its balance.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.customers.models import Customer
from finance.ledger import aging as ledger_aging
from finance.ledger.aging import AgingReport, aging_buckets, bucket_key, party_aging
from finance.ledger.models import ItemKind, Side
from finance.ledger.queries import open_amounts
from finance.receivables.booking import book_sales_documents
from finance.receivables.visibility import check_customer_visible, salesperson_scope


@dataclass
class AgingRow(ledger_aging.AgingRow):
    salesperson: str | None = None

    @property
    def customer_id(self) -> int:
        return self.party_id


def _customer_row(customer: Customer, amounts: list[Decimal], unapplied: Decimal) -> AgingRow:
    salesperson = customer.salesperson.display_name if customer.salesperson else None
    return AgingRow(customer.id, customer.code, customer.name, amounts, unapplied, salesperson)


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
    as_of = as_of or clock.today()
    salesperson_id = salesperson_scope(actor, salesperson_id)
    book_sales_documents(session)

    def narrow(stmt, items):
        stmt = stmt.join(Customer, Customer.id == items.c.party_id)
        return _customer_filter(stmt, salesperson_id=salesperson_id, customer_id=customer_id)

    return party_aging(session, Side.RECEIVABLE, Customer, as_of, narrow=narrow, row=_customer_row,
                       overdue_only=overdue_only)


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
    as_of = as_of or clock.today()
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
        key = bucket_key(buckets, days)
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
