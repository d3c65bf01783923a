"""The statement (对账单) of one party on one side of the ledger for a period: the balance
at the start, every entry of the period that moves the balance with the running balance,
the balance at the end, and — for information, as they move no balance — the allocations
made in the period (which payment settled which invoice).

Balance = open charges − unapplied payments (:func:`finance.ledger.queries.balance_as_of`),
so the closing balance is the ledger's balance on the last day. Receivables and payables
differ in names and in the column an increase goes to: a customer's invoice is a debit
(借方: the customer owes more), a supplier's invoice a credit (贷方: we owe more). Who may
see the party, and booking what is pending, is the caller's.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.errors import N_, ValidationFailed
from finance.ledger.models import ZERO, Allocation, EntryType, ItemKind, LedgerEntry, OpenItem, Side
from finance.ledger.queries import balance_as_of

#: Entries that move no balance (they only say which payment settled which charge).
NEUTRAL = frozenset({EntryType.ALLOCATION, EntryType.ALLOCATION_REVERSAL})


@dataclass(frozen=True, slots=True)
class StatementKind:
    """What differs between the sides: the ledger side, how each entry type is named (the
    entries that move the balance), and whether an increase of the balance is a debit."""

    side: Side
    labels: Mapping[EntryType, str]
    debit_increases: bool


@dataclass
class StatementLine:
    entry_date: dt.date
    entry_type: EntryType
    number: str | None
    #: Debit (借方) and credit (贷方); one of them is 0.
    debit: Decimal
    credit: Decimal
    balance: Decimal
    label: str


@dataclass
class StatementAllocation:
    alloc_date: dt.date
    payment: str | None
    invoice: str | None
    amount: Decimal
    reversed: bool
    reversal_date: dt.date | None


@dataclass
class Statement:
    kind: StatementKind
    party: Any
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
        """Σ of the lines of these types, as the balance saw them (+ increases it)."""
        sign = 1 if self.kind.debit_increases else -1
        return sum((sign * (line.debit - line.credit) for line in self.lines if line.entry_type in types), ZERO)

    @property
    def invoiced(self) -> Decimal:
        return self.total(EntryType.INVOICE, EntryType.INVOICE_REVERSAL)

    @property
    def credited(self) -> Decimal:
        return -self.total(EntryType.CREDIT_NOTE, EntryType.CREDIT_NOTE_REVERSAL)

    @property
    def payments(self) -> Decimal:
        """Money received from the customer, or paid to the supplier."""
        return -self.total(EntryType.PAYMENT, EntryType.PAYMENT_REVERSAL)

    @property
    def written_off(self) -> Decimal:
        return -self.total(EntryType.WRITE_OFF, EntryType.WRITE_OFF_REVERSAL)


def check_period(date_from: dt.date, date_to: dt.date, *,
                 ends_before: str = N_("The period ends before it starts.")) -> None:
    """At most three years, not ending before it starts (422)."""
    if date_to < date_from:
        raise ValidationFailed(ends_before, fields={"date_to": [N_("Before the start.")]})
    if (date_to - date_from).days > 366 * 3:
        raise ValidationFailed(N_("A statement covers at most three years."), fields={"date_from": [N_("Too long.")]})


def party_statement(session: Session, kind: StatementKind, party, date_from: dt.date, date_to: dt.date,
                    cls: type[Statement] = Statement) -> Statement:
    """The statement of ``party`` from ``date_from`` to ``date_to`` (inclusive), as ``cls``."""
    opening = balance_as_of(session, kind.side, party.id, date_from - dt.timedelta(days=1))
    statement = cls(kind, party, date_from, date_to, opening)
    entries = session.execute(
        select(LedgerEntry.entry_date, LedgerEntry.entry_type, LedgerEntry.amount, LedgerEntry.source_number,
               OpenItem.kind, OpenItem.number)
        .join(OpenItem, OpenItem.id == LedgerEntry.item_id)
        .where(LedgerEntry.side == kind.side, LedgerEntry.party_id == party.id,
               LedgerEntry.entry_date >= date_from, LedgerEntry.entry_date <= date_to,
               LedgerEntry.entry_type.not_in(list(NEUTRAL)))
        .order_by(LedgerEntry.entry_date, LedgerEntry.id))
    balance = opening
    for entry_date, entry_type, amount, source_number, item_kind, item_number in entries:
        effect = amount if item_kind == ItemKind.CHARGE else -amount
        balance += effect
        increase, decrease = max(effect, ZERO), max(-effect, ZERO)
        debit, credit = (increase, decrease) if kind.debit_increases else (decrease, increase)
        number = item_number if entry_type in (EntryType.WRITE_OFF, EntryType.WRITE_OFF_REVERSAL) else source_number
        statement.lines.append(StatementLine(entry_date, entry_type, number, debit, credit, balance,
                                             kind.labels[entry_type]))
    statement.allocations = _allocations(session, kind.side, party.id, date_from, date_to)
    return statement


def _allocations(session: Session, side: Side, party_id: int, date_from: dt.date, date_to: dt.date
                 ) -> list[StatementAllocation]:
    stmt = (select(Allocation).where(Allocation.side == side, Allocation.party_id == party_id,
                                     Allocation.alloc_date >= date_from, Allocation.alloc_date <= date_to)
            .order_by(Allocation.alloc_date, Allocation.id))
    return [StatementAllocation(a.alloc_date, a.payment_item.number, a.charge_item.number, a.amount, a.reversed,
                                a.reversal_date) for a in session.scalars(stmt)]
