"""Services of the other stock-out (其他出库单)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require
from erp.documents import services as documents
from erp.documents.writer import insert_new
from erp.periods.services import check_period_open
from erp.warehouses.services import active_warehouse
from inventory.documents import load_document
from inventory.issuing import clear_costs, issue_lines, post_issue_lines
from inventory.permissions import STOCK_OUT_EDIT
from inventory.stock.ledger import reverse_moves
from inventory.stock_outs.models import StockOut, StockOutLine, StockOutReason

HEADER_FIELDS = ("doc_date", "reason", "note")


def create_stock_out(session: Session, actor: User, data: dict) -> StockOut:
    """Draft a stock-out. ``data``: ``warehouse_id``, ``reason``, ``lines`` ``[{product_id,
    unit_id?, qty, batch_id?}]``, optional ``doc_date``, ``note``. A batch-tracked line
    without a batch is split FEFO (``InsufficientStock`` when there is not enough); a batch
    named may be expired or blocked (that is what such documents are for).
    Raises ``ValidationFailed`` (per line), ``Forbidden``."""
    require(actor, STOCK_OUT_EDIT)
    warehouse = active_warehouse(session, data.get("warehouse_id"))
    check_warehouse_access(actor, warehouse.id)
    doc_date = data.get("doc_date") or clock.today()
    check_period_open(session, doc_date)
    doc = StockOut(doc_date=doc_date, warehouse_id=warehouse.id, reason=data.get("reason") or StockOutReason.OTHER,
                   note=data.get("note"), created_by_id=actor.id)
    doc.lines = issue_lines(session, StockOutLine, data.get("lines"), warehouse.id, doc_date, fefo=True)
    insert_new(session, doc)
    return doc


def update_stock_out(session: Session, actor: User, doc_id: int, data: dict) -> StockOut:
    doc = load_document(session, actor, StockOut, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    for key in HEADER_FIELDS:
        if key in data and not (key in ("doc_date", "reason") and data[key] is None):
            setattr(doc, key, data[key])
    check_period_open(session, doc.doc_date)
    if "lines" in data:
        doc.lines = issue_lines(session, StockOutLine, data["lines"], doc.warehouse_id, doc.doc_date, fefo=True)
    session.flush()
    return doc


def approve_stock_out(session: Session, actor: User, doc_id: int) -> StockOut:
    """At the last approval level issue every line at the moving average cost.
    Raises ``InsufficientStock`` naming the shortfall."""
    doc = load_document(session, actor, StockOut, doc_id, for_update=True)
    if documents.approve(session, actor, doc):
        post_issue_lines(session, actor, doc)
    return doc


def unapprove_stock_out(session: Session, actor: User, doc_id: int, reason: str | None = None) -> StockOut:
    """弃审: the goods come back at the value they left with."""
    doc = load_document(session, actor, StockOut, doc_id, for_update=True)
    documents.unapprove(session, actor, doc, reason)
    reverse_moves(session, actor, doc.__doc_type__, doc.id)
    clear_costs(doc)
    session.flush()
    return doc


def submit_stock_out(session: Session, actor: User, doc_id: int) -> StockOut:
    doc = load_document(session, actor, StockOut, doc_id, for_update=True)
    documents.submit(session, actor, doc)
    return doc


def reject_stock_out(session: Session, actor: User, doc_id: int, reason: str | None = None) -> StockOut:
    doc = load_document(session, actor, StockOut, doc_id, for_update=True)
    documents.reject(session, actor, doc, reason)
    return doc


def cancel_stock_out(session: Session, actor: User, doc_id: int, reason: str | None = None) -> StockOut:
    doc = load_document(session, actor, StockOut, doc_id, for_update=True)
    documents.cancel(session, actor, doc, reason)
    return doc


def delete_stock_out(session: Session, actor: User, doc_id: int) -> None:
    doc = load_document(session, actor, StockOut, doc_id, for_update=True)
    documents.delete_draft(session, actor, doc)
