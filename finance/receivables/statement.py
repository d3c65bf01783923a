"""The customer statement (对账单) for a period: the balance at the start, every
invoice, credit note, receipt and write-off of the period with the running balance,
the balance at the end, and — for information, as they move no balance — the
allocations made in the period (which receipt settled which invoice).

Balance = open invoices − unapplied money: what the customer owes at the end of a day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.customers.models import Customer
from erp.errors import N_, ValidationFailed
from finance.ledger.models import ZERO, Allocation, EntryType, ItemKind, LedgerEntry, OpenItem, Side
from finance.ledger.queries import balance_as_of
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
}
NEUTRAL = frozenset({EntryType.ALLOCATION, EntryType.ALLOCATION_REVERSAL})


@dataclass
class StatementLine:
    entry_date: dt.date
    entry_type: EntryType
    number: str | None
    #: Increase of what the customer owes (借方) and decrease (贷方); one of them is 0.
    debit: Decimal
    credit: Decimal
    balance: Decimal

    @property
    def label(self) -> str:
        return LINE_LABELS[self.entry_type]


@dataclass
class StatementAllocation:
    alloc_date: dt.date
    receipt: str | None
    invoice: str | None
    amount: Decimal
    reversed: bool
    reversal_date: dt.date | None


@dataclass
class Statement:
    customer: Customer
    date_from: dt.date
    date_to: dt.date
    opening: Decimal
    lines: list[StatementLine] = field(default_factory=list)
    allocations: list[StatementAllocation] = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        return self.lines[-1].balance if self.lines else self.opening

    @property
    def total_debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)

    def total(self, *types: EntryType) -> Decimal:
        """Σ of the lines of these types, as the balance saw them (debit − credit)."""
        return sum((line.debit - line.credit for line in self.lines if line.entry_type in types), ZERO)

    @property
    def invoiced(self) -> Decimal:
        return self.total(EntryType.INVOICE, EntryType.INVOICE_REVERSAL)

    @property
    def credited(self) -> Decimal:
        return -self.total(EntryType.CREDIT_NOTE, EntryType.CREDIT_NOTE_REVERSAL)

    @property
    def received(self) -> Decimal:
        return -self.total(EntryType.PAYMENT, EntryType.PAYMENT_REVERSAL)

    @property
    def written_off(self) -> Decimal:
        return -self.total(EntryType.WRITE_OFF)


def check_period(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise ValidationFailed(N_("The period ends before it starts."), fields={"date_to": [N_("Before the start.")]})
    if (date_to - date_from).days > 366 * 3:
        raise ValidationFailed(N_("A statement covers at most three years."), fields={"date_from": [N_("Too long.")]})


def customer_statement(session: Session, actor: User, customer_id: int, date_from: dt.date,
                       date_to: dt.date) -> Statement:
    """The statement of one customer from ``date_from`` to ``date_to`` (inclusive)."""
    customer = check_customer_visible(actor, session.get(Customer, customer_id))
    check_period(date_from, date_to)
    book_sales_documents(session, customer_id=customer.id)
    opening = balance_as_of(session, Side.RECEIVABLE, customer.id, date_from - dt.timedelta(days=1))
    statement = Statement(customer, date_from, date_to, opening)
    entries = session.execute(
        select(LedgerEntry.entry_date, LedgerEntry.entry_type, LedgerEntry.amount, LedgerEntry.source_number,
               OpenItem.kind, OpenItem.number)
        .join(OpenItem, OpenItem.id == LedgerEntry.item_id)
        .where(LedgerEntry.side == Side.RECEIVABLE, LedgerEntry.party_id == customer.id,
               LedgerEntry.entry_date >= date_from, LedgerEntry.entry_date <= date_to,
               LedgerEntry.entry_type.not_in(list(NEUTRAL)))
        .order_by(LedgerEntry.entry_date, LedgerEntry.id))
    balance = opening
    for entry_date, entry_type, amount, source_number, kind, item_number in entries:
        effect = amount if kind == ItemKind.CHARGE else -amount
        balance += effect
        number = item_number if entry_type in (EntryType.WRITE_OFF,) else source_number
        statement.lines.append(StatementLine(entry_date, entry_type, number, max(effect, ZERO),
                                             max(-effect, ZERO), balance))
    statement.allocations = _allocations(session, customer.id, date_from, date_to)
    return statement


def _allocations(session: Session, customer_id: int, date_from: dt.date, date_to: dt.date):
    stmt = (select(Allocation).where(Allocation.side == Side.RECEIVABLE, Allocation.party_id == customer_id,
                                     Allocation.alloc_date >= date_from, Allocation.alloc_date <= date_to)
            .order_by(Allocation.alloc_date, Allocation.id))
    return [StatementAllocation(a.alloc_date, a.payment_item.number, a.charge_item.number, a.amount, a.reversed,
                                a.reversal_date) for a in session.scalars(stmt)]
