"""Allocation (核销) as either side asks for it: the open items matching reads, a batch of
allocations made line by line, and the allocations of a party or a document.

Writes go through :func:`finance.ledger.services.allocate_ids` (row locks in id order,
conditional UPDATEs); the side checks its permissions and finds the items of its own
documents (receipts and sales invoices, payments and supplier invoices).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from finance.ledger import services as ledger
from finance.ledger.models import Allocation, ItemKind, OpenItem, Side

MATCH_COLUMNS = (OpenItem.id, OpenItem.kind, OpenItem.party_id, OpenItem.doc_type, OpenItem.doc_id, OpenItem.number,
                 OpenItem.reference, OpenItem.doc_date, OpenItem.due_date, OpenItem.amount, OpenItem.amount_open)


def open_items(session: Session, side: Side, kind: ItemKind, *, party_id: int | None = None,
               doc_type: str | None = None, doc_id: int | None = None, parties=None) -> list:
    """Open items of a kind, as light rows (matching reads many of them): of one party, of
    one document (``doc_type``, ``doc_id``), of the ``parties`` (ids or a subquery)."""
    stmt = select(*MATCH_COLUMNS).where(OpenItem.side == side, OpenItem.kind == kind, OpenItem.amount_open > 0)
    if party_id is not None:
        stmt = stmt.where(OpenItem.party_id == party_id)
    if doc_id is not None:
        stmt = stmt.where(OpenItem.doc_type == doc_type, OpenItem.doc_id == doc_id)
    if parties is not None:
        stmt = stmt.where(OpenItem.party_id.in_(parties))
    return list(session.execute(stmt))


def by_due_date(items: list) -> list:
    """Oldest due first: the order in which a payment goes to invoices."""
    return sorted(items, key=lambda i: (i.due_date, i.doc_date, i.id))


def allocate_each(session: Session, actor: User, lines: Iterable[tuple[OpenItem, OpenItem, Decimal]],
                  on: dt.date | None = None, *, method: str = "manual", note: str | None = None) -> list[Allocation]:
    """Allocate each ``(payment, charge, amount)`` on ``on`` (default: today, or the later
    document's date) — all or none: the caller's transaction rolls back at the first refusal."""
    ids = []
    for payment, charge, amount in lines:
        day = on or max(clock.today(), payment.doc_date, charge.doc_date)
        ids.append(ledger.allocate_ids(session, actor, payment.id, charge.id, amount, day, method=method, note=note))
    return loaded(session, ids)


def loaded(session: Session, ids: list[int]) -> list[Allocation]:
    """The allocations of these ids, in this order."""
    by_id = {a.id: a for a in session.scalars(select(Allocation).where(Allocation.id.in_(ids)))} if ids else {}
    return [by_id[i] for i in ids]


def query_allocations(side: Side, *, party_id: int | None = None, payment: tuple[str, int | None] | None = None,
                      charge: tuple[str, int | None] | None = None, include_reversed: bool = True) -> Select:
    """Allocations of one side, newest first: of a party, of a payment document or of a
    charge document (``(doc_type, doc_id)``, ignored without an id)."""
    stmt = select(Allocation).where(Allocation.side == side).order_by(Allocation.id.desc())
    if party_id:
        stmt = stmt.where(Allocation.party_id == party_id)
    for column, doc in ((Allocation.payment_item_id, payment), (Allocation.charge_item_id, charge)):
        if doc is not None and doc[1]:
            stmt = stmt.where(column.in_(select(OpenItem.id).where(OpenItem.doc_type == doc[0],
                                                                   OpenItem.doc_id == doc[1])))
    if not include_reversed:
        stmt = stmt.where(Allocation.reversed.is_(False))
    return stmt
