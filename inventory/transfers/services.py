"""Services of the transfer (调拨单): ship at approval, receive later, cost carried."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require
from erp.db import utcnow
from erp.documents import services as documents
from erp.documents.transitions import apply_transition, get_document
from erp.documents.writer import insert_new
from erp.errors import N_, ValidationFailed
from erp.periods.services import check_period_open
from erp.warehouses.services import active_warehouse
from inventory.issuing import clear_costs, issue_lines
from inventory.permissions import TRANSFER_EDIT
from inventory.stock.ledger import (
    StockSource,
    issue_stock,
    lock_stock,
    receive_stock,
    reverse_moves,
    unreversed_moves,
)
from inventory.transfers.models import Transfer, TransferLine

HEADER_FIELDS = ("doc_date", "note")


def _load(session: Session, actor: User, doc_id: int, side: str) -> Transfer:
    """The transfer, row-locked; shipping-side verbs need the source warehouse, receiving
    ones the destination (``Forbidden`` otherwise)."""
    doc = get_document(session, Transfer, doc_id, for_update=True)
    check_warehouse_access(actor, doc.from_warehouse_id if side == "from" else doc.to_warehouse_id)
    return doc


def _warehouses(session: Session, actor: User, data: dict):
    source = active_warehouse(session, data.get("from_warehouse_id"), "from_warehouse_id")
    target = active_warehouse(session, data.get("to_warehouse_id"), "to_warehouse_id")
    if source.id == target.id:
        raise ValidationFailed(N_("A transfer needs two different warehouses."),
                               fields={"to_warehouse_id": [N_("Must differ from the source warehouse.")]})
    check_warehouse_access(actor, source.id)
    return source, target


def create_transfer(session: Session, actor: User, data: dict) -> Transfer:
    """Draft a transfer. ``data``: ``from_warehouse_id``, ``to_warehouse_id``, ``lines``
    ``[{product_id, unit_id?, qty, batch_id?}]`` (tracked lines without a batch are split
    FEFO over the source's batches), optional ``doc_date``, ``note``. The actor must work
    in the source warehouse. Raises ``ValidationFailed``, ``InsufficientStock``, ``Forbidden``."""
    require(actor, TRANSFER_EDIT)
    source, target = _warehouses(session, actor, data)
    doc_date = data.get("doc_date") or clock.today()
    check_period_open(session, doc_date)
    doc = Transfer(doc_date=doc_date, from_warehouse_id=source.id, to_warehouse_id=target.id, note=data.get("note"),
                   created_by_id=actor.id)
    doc.lines = issue_lines(session, TransferLine, data.get("lines"), source.id, doc_date, fefo=True)
    insert_new(session, doc)
    return doc


def update_transfer(session: Session, actor: User, doc_id: int, data: dict) -> Transfer:
    doc = _load(session, actor, doc_id, "from")
    documents.check_editable(session, actor, doc)
    if "from_warehouse_id" in data or "to_warehouse_id" in data:
        source, target = _warehouses(session, actor, {
            "from_warehouse_id": data.get("from_warehouse_id") or doc.from_warehouse_id,
            "to_warehouse_id": data.get("to_warehouse_id") or doc.to_warehouse_id})
        doc.from_warehouse_id, doc.to_warehouse_id = source.id, target.id
    for key in HEADER_FIELDS:
        if key in data and not (key == "doc_date" and data[key] is None):
            setattr(doc, key, data[key])
    check_period_open(session, doc.doc_date)
    if "lines" in data:
        doc.lines = issue_lines(session, TransferLine, data["lines"], doc.from_warehouse_id, doc.doc_date, fefo=True)
    session.flush()
    return doc


def _ship(session: Session, actor: User, doc: Transfer) -> None:
    lock_stock(session, [(line.product_id, doc.from_warehouse_id) for line in doc.lines])
    for line in doc.lines:
        move = issue_stock(session, actor, product_id=line.product_id, warehouse_id=doc.from_warehouse_id,
                           qty=line.qty_base, batch_id=line.batch_id, posting_date=doc.doc_date,
                           source=StockSource.of(doc, line))
        line.cost_value = -move.value
    session.flush()


def approve_transfer(session: Session, actor: User, doc_id: int) -> Transfer:
    """Approve the next level; at the last one ship: the goods leave the source warehouse at
    its moving average cost and are in transit. Raises ``InsufficientStock``."""
    doc = _load(session, actor, doc_id, "from")
    if documents.approve(session, actor, doc):
        _ship(session, actor, doc)
    return doc


def unapprove_transfer(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Transfer:
    """Call back goods in transit (refused once received): they return to the source
    warehouse at the value they left with."""
    doc = _load(session, actor, doc_id, "from")
    documents.unapprove(session, actor, doc, reason)
    reverse_moves(session, actor, doc.__doc_type__, doc.id, receipts=False)
    clear_costs(doc)
    session.flush()
    return doc


def receive_transfer(session: Session, actor: User, doc_id: int, received_on: dt.date | None = None) -> Transfer:
    """调入: the goods in transit arrive in the destination warehouse, each line carrying
    exactly the value it left with, dated ``received_on`` (today by default; not before
    the shipping date). The actor must work in the destination warehouse."""
    doc = _load(session, actor, doc_id, "to")
    received_on = received_on or clock.today()
    if received_on < doc.doc_date:
        raise ValidationFailed(N_("The goods cannot arrive before they were shipped."),
                               fields={"received_on": [N_("Not before the transfer's date.")]})
    check_period_open(session, received_on)
    apply_transition(session, actor, doc, "receive")
    doc.received_on, doc.received_at, doc.received_by_id = received_on, utcnow(), actor.id
    shipped = {m.source_line_id: m for m in unreversed_moves(session, doc.__doc_type__, doc.id) if m.qty < 0}
    lock_stock(session, [(line.product_id, doc.to_warehouse_id) for line in doc.lines])
    for line in doc.lines:
        receive_stock(session, actor, product_id=line.product_id, warehouse_id=doc.to_warehouse_id, qty=line.qty_base,
                      batch_id=line.batch_id, value=line.cost_value, unit_cost=shipped[line.id].unit_cost,
                      posting_date=received_on, source=StockSource.of(doc, line))
    session.flush()
    return doc


def unreceive_transfer(session: Session, actor: User, doc_id: int) -> Transfer:
    """Take a receipt back (the goods are in transit again). Like any receipt reversal it is
    refused once the destination issued stock of the product since (``issued_since``) or
    the goods are no longer there (``InsufficientStock``)."""
    doc = _load(session, actor, doc_id, "to")
    apply_transition(session, actor, doc, "unreceive")
    reverse_moves(session, actor, doc.__doc_type__, doc.id, receipts=True)
    doc.received_on = doc.received_at = doc.received_by_id = None
    session.flush()
    return doc


def submit_transfer(session: Session, actor: User, doc_id: int) -> Transfer:
    doc = _load(session, actor, doc_id, "from")
    documents.submit(session, actor, doc)
    return doc


def reject_transfer(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Transfer:
    doc = _load(session, actor, doc_id, "from")
    documents.reject(session, actor, doc, reason)
    return doc


def cancel_transfer(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Transfer:
    doc = _load(session, actor, doc_id, "from")
    documents.cancel(session, actor, doc, reason)
    return doc


def delete_transfer(session: Session, actor: User, doc_id: int) -> None:
    doc = _load(session, actor, doc_id, "from")
    documents.delete_draft(session, actor, doc)
