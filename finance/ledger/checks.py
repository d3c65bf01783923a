"""``erp check``: the open-item ledger adds up, to the fen.

* every item's open amount is the sum of its entries, and what it booked the sum of its
  booking entries;
* every item's open amount = booked − credit notes − allocations − write-offs, counted
  from those records themselves (not from the entries).
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from erp.checks import register_check
from finance.ledger.models import (
    BOOKING_TYPES,
    Allocation,
    BookedCredit,
    LedgerEntry,
    OpenItem,
    WriteOff,
    WriteOffReversal,
)

ZERO = Decimal(0)
LIMIT = 50


def _sums(session: Session, stmt) -> dict[int, Decimal]:
    return {key: value or ZERO for key, value in session.execute(stmt)}


@register_check("open items equal their ledger entries")
def check_items_equal_entries(session: Session) -> list[str]:
    entries = _sums(session, select(LedgerEntry.item_id, func.sum(LedgerEntry.amount)).group_by(LedgerEntry.item_id))
    booked = _sums(session, select(LedgerEntry.item_id, func.sum(LedgerEntry.amount))
                   .where(LedgerEntry.entry_type.in_(list(BOOKING_TYPES))).group_by(LedgerEntry.item_id))
    problems = []
    for item_id, doc_type, number, amount, amount_open in session.execute(
            select(OpenItem.id, OpenItem.doc_type, OpenItem.number, OpenItem.amount, OpenItem.amount_open)):
        entries_sum, booked_sum = entries.get(item_id, ZERO), booked.get(item_id, ZERO)
        if amount_open != entries_sum or amount != booked_sum:
            problems.append(f"{doc_type} {number or item_id}: open {amount_open} / booked {amount} recorded, "
                            f"entries say {entries_sum} / {booked_sum}")
            if len(problems) >= LIMIT:
                break
    return problems


def in_effect_write_off():
    """The condition on ``WriteOff`` of a write-off that was not reversed."""
    return ~exists().where(WriteOffReversal.write_off_id == WriteOff.id)


@register_check("open amounts = booked - credit notes - allocations - write-offs")
def check_items_equal_records(session: Session) -> list[str]:
    credits = _sums(session, select(BookedCredit.item_id, func.sum(BookedCredit.amount)).group_by(BookedCredit.item_id))
    active = Allocation.reversed.is_(False)
    as_charge = _sums(session, select(Allocation.charge_item_id, func.sum(Allocation.amount)).where(active)
                      .group_by(Allocation.charge_item_id))
    as_payment = _sums(session, select(Allocation.payment_item_id, func.sum(Allocation.amount)).where(active)
                       .group_by(Allocation.payment_item_id))
    written = _sums(session, select(WriteOff.item_id, func.sum(WriteOff.amount)).where(in_effect_write_off())
                    .group_by(WriteOff.item_id))
    problems = []
    for item_id, doc_type, number, amount, amount_open in session.execute(
            select(OpenItem.id, OpenItem.doc_type, OpenItem.number, OpenItem.amount, OpenItem.amount_open)):
        expected = (amount - credits.get(item_id, ZERO) - as_charge.get(item_id, ZERO)
                    - as_payment.get(item_id, ZERO) - written.get(item_id, ZERO))
        if expected != amount_open:
            problems.append(f"{doc_type} {number or item_id}: {amount_open} open, records say {expected}")
            if len(problems) >= LIMIT:
                break
    return problems
