"""Reading the ledger: open amounts at any date, balances per party.

The open amount of an item on a day is the sum of its entries dated up to that day.
When nothing is dated after the day asked (the usual "as of today"), the items'
``amount_open`` columns already hold it and are read directly.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from finance.ledger.models import ZERO, ItemKind, LedgerEntry, OpenItem, Side


def last_entry_date(session: Session, side: Side) -> dt.date | None:
    return session.scalar(select(func.max(LedgerEntry.entry_date)).where(LedgerEntry.side == side))


def is_current(session: Session, side: Side, as_of: dt.date) -> bool:
    """True when no entry is dated after ``as_of``: the items' open amounts are the answer."""
    last = last_entry_date(session, side)
    return last is None or last <= as_of


def open_items_as_of(session: Session, side: Side, as_of: dt.date, *, kind: ItemKind | None = None) -> Select:
    """``SELECT (OpenItem, open_amount)`` of the items open on ``as_of`` (open amount ≠ 0)."""
    if is_current(session, side, as_of):
        stmt = select(OpenItem, OpenItem.amount_open.label("open_amount")).where(
            OpenItem.side == side, OpenItem.amount_open != ZERO, OpenItem.doc_date <= as_of)
    else:
        sums = (select(LedgerEntry.item_id, func.sum(LedgerEntry.amount).label("open_amount"))
                .where(LedgerEntry.side == side, LedgerEntry.entry_date <= as_of)
                .group_by(LedgerEntry.item_id)
                .having(func.sum(LedgerEntry.amount) != ZERO)
                .subquery())
        stmt = select(OpenItem, sums.c.open_amount).join(sums, sums.c.item_id == OpenItem.id)
    if kind is not None:
        stmt = stmt.where(OpenItem.kind == kind)
    return stmt


def open_amounts(session: Session, side: Side, as_of: dt.date, *, kind: ItemKind | None = None):
    """A subquery of the items open on ``as_of``: ``item_id, party_id, kind, doc_type, doc_id,
    number, doc_date, due_date, open_amount`` — for reports that aggregate in SQL."""
    columns = (OpenItem.id.label("item_id"), OpenItem.party_id, OpenItem.kind, OpenItem.doc_type, OpenItem.doc_id,
               OpenItem.number, OpenItem.doc_date, OpenItem.due_date)
    if is_current(session, side, as_of):
        stmt = select(*columns, OpenItem.amount_open.label("open_amount")).where(
            OpenItem.side == side, OpenItem.amount_open != ZERO)
    else:
        sums = (select(LedgerEntry.item_id, func.sum(LedgerEntry.amount).label("open_amount"))
                .where(LedgerEntry.side == side, LedgerEntry.entry_date <= as_of)
                .group_by(LedgerEntry.item_id)
                .having(func.sum(LedgerEntry.amount) != ZERO)
                .subquery())
        stmt = select(*columns, sums.c.open_amount).join(sums, sums.c.item_id == OpenItem.id)
    if kind is not None:
        stmt = stmt.where(OpenItem.kind == kind)
    return stmt.subquery("open_amounts")


def item_open_as_of(session: Session, item_id: int, as_of: dt.date) -> Decimal:
    total = session.scalar(select(func.sum(LedgerEntry.amount)).where(LedgerEntry.item_id == item_id,
                                                                     LedgerEntry.entry_date <= as_of))
    return total or ZERO


def balance_as_of(session: Session, side: Side, party_id: int, as_of: dt.date) -> Decimal:
    """What the party owes (receivable) or is owed (payable) at the end of ``as_of``:
    open charges minus unapplied payments."""
    rows = session.execute(
        select(OpenItem.kind, func.sum(LedgerEntry.amount))
        .join(OpenItem, OpenItem.id == LedgerEntry.item_id)
        .where(LedgerEntry.side == side, LedgerEntry.party_id == party_id, LedgerEntry.entry_date <= as_of)
        .group_by(OpenItem.kind))
    sums = {kind: total or ZERO for kind, total in rows}
    return sums.get(ItemKind.CHARGE, ZERO) - sums.get(ItemKind.PAYMENT, ZERO)


def unapplied(session: Session, side: Side, party_id: int) -> Decimal:
    """Money of the party not yet applied to any charge (预收款 / 预付款)."""
    total = session.scalar(select(func.sum(OpenItem.amount_open)).where(
        OpenItem.side == side, OpenItem.party_id == party_id, OpenItem.kind == ItemKind.PAYMENT))
    return total or ZERO
