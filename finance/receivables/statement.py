"""The customer statement (对账单) for a period: the balance at the start, every
invoice, credit note, receipt and write-off of the period with the running balance,
the balance at the end, and — for information, as they move no balance — the
allocations made in the period (which receipt settled which invoice).

Balance = open invoices − unapplied money: what the customer owes at the end of a day.
The statement itself is the ledger's (:mod:`finance.ledger.statement`); here are its
names, who may see it, and the booking of what sales approved first.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.customers.models import Customer
from erp.errors import N_
from finance.ledger.models import EntryType, Side
from finance.ledger.statement import Statement as PartyStatement
from finance.ledger.statement import StatementKind, check_period, party_statement
from finance.receivables.booking import book_sales_documents
from finance.receivables.visibility import check_customer_visible

#: Entry types that move the balance, and how the statement names them.
LINE_LABELS = {
    EntryType.INVOICE: N_("Invoice"),
    EntryType.INVOICE_REVERSAL: N_("Invoice reversed"),
    EntryType.CREDIT_NOTE: N_("Credit note"),
    EntryType.CREDIT_NOTE_REVERSAL: N_("Credit note reversed"),
    EntryType.PAYMENT: N_("Receipt"),
    EntryType.PAYMENT_REVERSAL: N_("Receipt reversed"),
    EntryType.WRITE_OFF: N_("Write-off"),
    EntryType.WRITE_OFF_REVERSAL: N_("Write-off reversed"),
}
#: An invoice increases what the customer owes: a debit (借方).
RECEIVABLES = StatementKind(Side.RECEIVABLE, LINE_LABELS, debit_increases=True)


class Statement(PartyStatement):
    @property
    def customer(self) -> Customer:
        return self.party

    @property
    def received(self) -> Decimal:
        return self.payments


def customer_statement(session: Session, actor: User, customer_id: int, date_from: dt.date,
                       date_to: dt.date) -> Statement:
    """The statement of one customer from ``date_from`` to ``date_to`` (inclusive)."""
    customer = check_customer_visible(actor, session.get(Customer, customer_id))
    check_period(date_from, date_to)
    book_sales_documents(session, customer_id=customer.id)
    return party_statement(session, RECEIVABLES, customer, date_from, date_to, Statement)
