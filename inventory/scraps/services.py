"""Services of the scrap (报废单)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require
from erp.documents import services as documents
from erp.documents.writer import insert_new
from erp.errors import N_, ValidationFailed
from erp.periods.services import check_period_open
from erp.warehouses.services import active_warehouse
from inventory.documents import load_document
from inventory.issuing import clear_costs, issue_lines, post_issue_lines
from inventory.permissions import SCRAP_EDIT
from inventory.scraps.models import Scrap, ScrapLine
from inventory.stock.ledger import reverse_moves

HEADER_FIELDS = ("doc_date", "reason", "note")


def _reason(data: dict) -> None:
    if not data.get("reason"):
        raise ValidationFailed(N_("Give the reason for the scrap."), fields={"reason": [N_("Required.")]})


def create_scrap(session: Session, actor: User, data: dict) -> Scrap:
    """Draft a scrap. ``data``: ``warehouse_id``, ``reason`` (expired, damaged, quality,
    other), ``lines`` ``[{product_id, unit_id?, qty, batch_id (batch-tracked products)}]``,
    optional ``doc_date``, ``note`` (the details). Raises ``ValidationFailed``, ``Forbidden``."""
    require(actor, SCRAP_EDIT)
    _reason(data)
    warehouse = active_warehouse(session, data.get("warehouse_id"))
    check_warehouse_access(actor, warehouse.id)
    doc_date = data.get("doc_date") or clock.today()
    check_period_open(session, doc_date)
    doc = Scrap(doc_date=doc_date, warehouse_id=warehouse.id, reason=data["reason"], note=data.get("note"),
                created_by_id=actor.id)
    doc.lines = issue_lines(session, ScrapLine, data.get("lines"), warehouse.id, doc_date, fefo=False)
    insert_new(session, doc)
    return doc


def update_scrap(session: Session, actor: User, doc_id: int, data: dict) -> Scrap:
    doc = load_document(session, actor, Scrap, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    for key in HEADER_FIELDS:
        if key in data and not (key in ("doc_date", "reason") and data[key] is None):
            setattr(doc, key, data[key])
    check_period_open(session, doc.doc_date)
    if "lines" in data:
        doc.lines = issue_lines(session, ScrapLine, data["lines"], doc.warehouse_id, doc.doc_date, fefo=False)
    session.flush()
    return doc


def approve_scrap(session: Session, actor: User, doc_id: int) -> Scrap:
    """A manager approves (``scrap.approve``); at the last level the goods leave at the moving
    average cost. Raises ``Forbidden`` for warehouse staff, ``InsufficientStock``."""
    doc = load_document(session, actor, Scrap, doc_id, for_update=True)
    if documents.approve(session, actor, doc):
        post_issue_lines(session, actor, doc)
    return doc


def unapprove_scrap(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Scrap:
    doc = load_document(session, actor, Scrap, doc_id, for_update=True)
    documents.unapprove(session, actor, doc, reason)
    reverse_moves(session, actor, doc.__doc_type__, doc.id)
    clear_costs(doc)
    session.flush()
    return doc


def submit_scrap(session: Session, actor: User, doc_id: int) -> Scrap:
    """Warehouse staff send the scrap to a manager's inbox (提交)."""
    doc = load_document(session, actor, Scrap, doc_id, for_update=True)
    documents.submit(session, actor, doc)
    return doc


def reject_scrap(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Scrap:
    doc = load_document(session, actor, Scrap, doc_id, for_update=True)
    documents.reject(session, actor, doc, reason)
    return doc


def cancel_scrap(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Scrap:
    doc = load_document(session, actor, Scrap, doc_id, for_update=True)
    documents.cancel(session, actor, doc, reason)
    return doc


def delete_scrap(session: Session, actor: User, doc_id: int) -> None:
    doc = load_document(session, actor, Scrap, doc_id, for_update=True)
    documents.delete_draft(session, actor, doc)
