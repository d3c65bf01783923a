"""The supplier statement (供应商往来明细) for a period: the balance at the start, every
supplier invoice, return credit, payment and write-off of the period with the running
balance, the balance at the end, and — for information, as they move no balance — the
allocations made in the period (which payment settled which invoice).

Balance = what we owe the supplier at the end of a day: open invoices − unapplied
payments (the payables ledger's :func:`~finance.ledger.queries.balance_as_of`), so the
closing balance is the ledger's balance on the last day. In the payables way of
writing it, an invoice is a credit (贷方: we owe more), payments and credits are debits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.errors import N_, NotFound, ValidationFailed
from erp.suppliers.models import Supplier
from finance.ledger.models import ZERO, Allocation, EntryType, ItemKind, LedgerEntry, OpenItem, Side
from finance.ledger.queries import balance_as_of
from purchasing.permissions import REPORT_PAYABLES

#: Entry types that move the balance, and how the statement names them.
LINE_LABELS = {
    EntryType.INVOICE: N_("Supplier invoice"),
    EntryType.INVOICE_REVERSAL: N_("Supplier invoice reversed"),
    EntryType.CREDIT_NOTE: N_("Return credit"),
    EntryType.CREDIT_NOTE_REVERSAL: N_("Return credit reversed"),
    EntryType.PAYMENT: N_("Payment"),
    EntryType.PAYMENT_REVERSAL: N_("Payment reversed"),
    EntryType.WRITE_OFF: N_("Write-off"),
}
NEUTRAL = (EntryType.ALLOCATION, EntryType.ALLOCATION_REVERSAL)


@dataclass
class SupplierStatementLine:
    entry_date: dt.date
    entry_type: EntryType
    number: str | None
    #: Decrease of what we owe (借方: payments, credits) and increase (贷方: invoices).
    debit: Decimal
    credit: Decimal
    balance: Decimal

    @property
    def label(self) -> str:
        return LINE_LABELS[self.entry_type]


@dataclass
class StatementAllocation:
    alloc_date: dt.date
    payment: str | None
    invoice: str | None
    amount: Decimal
    reversed: bool
    reversal_date: dt.date | None


@dataclass
class SupplierStatement:
    supplier: Supplier
    date_from: dt.date
    date_to: dt.date
    opening: Decimal
    lines: list[SupplierStatementLine] = field(default_factory=list)
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
        """Σ of the lines of these types as the balance saw them (credit − debit)."""
        return sum((line.credit - line.debit for line in self.lines if line.entry_type in types), ZERO)

    @property
    def invoiced(self) -> Decimal:
        return self.total(EntryType.INVOICE, EntryType.INVOICE_REVERSAL)

    @property
    def credited(self) -> Decimal:
        return -self.total(EntryType.CREDIT_NOTE, EntryType.CREDIT_NOTE_REVERSAL)

    @property
    def paid(self) -> Decimal:
        return -self.total(EntryType.PAYMENT, EntryType.PAYMENT_REVERSAL)

    @property
    def written_off(self) -> Decimal:
        return -self.total(EntryType.WRITE_OFF)


def check_period(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise ValidationFailed(N_("The end date is before the start date."), fields={"date_to": [N_("Before the start.")]})
    if (date_to - date_from).days > 366 * 3:
        raise ValidationFailed(N_("A statement covers at most three years."), fields={"date_from": [N_("Too long.")]})


def supplier_statement(session: Session, actor: User, supplier_id: int, date_from: dt.date,
                       date_to: dt.date) -> SupplierStatement:
    """The statement of one supplier from ``date_from`` to ``date_to`` (inclusive). Raises
    ``NotFound`` (supplier), ``ValidationFailed`` (period), ``Forbidden``."""
    require(actor, REPORT_PAYABLES)
    supplier = session.get(Supplier, supplier_id)
    if supplier is None:
        raise NotFound(N_("Unknown supplier."))
    check_period(date_from, date_to)
    opening = balance_as_of(session, Side.PAYABLE, supplier.id, date_from - dt.timedelta(days=1))
    statement = SupplierStatement(supplier, date_from, date_to, opening)
    entries = session.execute(
        select(LedgerEntry.entry_date, LedgerEntry.entry_type, LedgerEntry.amount, LedgerEntry.source_number,
               OpenItem.kind, OpenItem.number)
        .join(OpenItem, OpenItem.id == LedgerEntry.item_id)
        .where(LedgerEntry.side == Side.PAYABLE, LedgerEntry.party_id == supplier.id,
               LedgerEntry.entry_date >= date_from, LedgerEntry.entry_date <= date_to,
               LedgerEntry.entry_type.not_in(list(NEUTRAL)))
        .order_by(LedgerEntry.entry_date, LedgerEntry.id))
    balance = opening
    for entry_date, entry_type, amount, source_number, kind, item_number in entries:
        effect = amount if kind == ItemKind.CHARGE else -amount
        balance += effect
        number = item_number if entry_type == EntryType.WRITE_OFF else source_number
        statement.lines.append(SupplierStatementLine(entry_date, entry_type, number, max(-effect, ZERO),
                                                     max(effect, ZERO), balance))
    statement.allocations = _allocations(session, supplier.id, date_from, date_to)
    return statement


def _allocations(session: Session, supplier_id: int, date_from: dt.date, date_to: dt.date
                 ) -> list[StatementAllocation]:
    stmt = (select(Allocation).where(Allocation.side == Side.PAYABLE, Allocation.party_id == supplier_id,
                                     Allocation.alloc_date >= date_from, Allocation.alloc_date <= date_to)
            .order_by(Allocation.alloc_date, Allocation.id))
    return [StatementAllocation(a.alloc_date, a.payment_item.number, a.charge_item.number, a.amount, a.reversed,
                                a.reversal_date) for a in session.scalars(stmt)]
