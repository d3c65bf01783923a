"""What the stock documents share: their workflow, loading with the warehouse check,
and list visibility.

Stock documents are not closed (nothing follows them that a close would stop), and an
approved one is not cancelled directly: unapprove it first (which reverses its
moves), then cancel the draft. So every stock effect is undone by exactly one verb.
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import check_warehouse_access, visible_warehouse_ids
from erp.documents.base import STANDARD_TRANSITIONS, D, Document, P, T
from erp.documents.services import get_document

DocT = TypeVar("DocT", bound=Document)

STOCK_TRANSITIONS = {
    **{verb: t for verb, t in STANDARD_TRANSITIONS.items() if verb not in ("close", "reopen", "cancel")},
    "cancel": T({D, P}, STANDARD_TRANSITIONS["cancel"].target, "cancel"),
}


def warehouses_of(doc: Document) -> tuple[int, ...]:
    """The warehouses a document touches (a transfer: both)."""
    return tuple(w for w in (getattr(doc, "warehouse_id", None), getattr(doc, "from_warehouse_id", None),
                             getattr(doc, "to_warehouse_id", None)) if w)


def load_document(session: Session, actor: User | None, cls: type[DocT], doc_id: int, *,
                  for_update: bool = False, warehouse_id: int | None = None) -> DocT:
    """Get a document (``NotFound``) that the actor may work on: every warehouse it
    touches, or just ``warehouse_id`` when given (``Forbidden`` otherwise)."""
    doc = get_document(session, cls, doc_id, for_update=for_update)
    if actor is not None:
        for wid in (warehouse_id,) if warehouse_id else warehouses_of(doc):
            check_warehouse_access(actor, wid)
    return doc


def load_visible(session: Session, actor: User | None, cls: type[DocT], doc_id: int) -> DocT:
    """Get a document to look at: the actor must see at least one of its warehouses."""
    doc = get_document(session, cls, doc_id)
    allowed = visible_warehouse_ids(actor) if actor is not None else None
    if allowed is not None and not set(warehouses_of(doc)) & allowed:
        check_warehouse_access(actor, warehouses_of(doc)[0])
    return doc


def visible_documents(stmt: Select, actor: User | None, *columns) -> Select:
    """Keep the documents touching a warehouse the actor may see."""
    allowed = visible_warehouse_ids(actor) if actor is not None else None
    if allowed is None:
        return stmt
    return stmt.where(or_(*(column.in_(allowed) for column in columns)))


def query_documents(cls: type[DocT], actor: User | None, args: dict, *warehouse_columns) -> Select:
    """A list of documents filtered by state, warehouse, dates and number, newest first,
    limited to the warehouses the actor may see."""
    stmt = select(cls).order_by(cls.doc_date.desc(), cls.id.desc())
    if args.get("state"):
        stmt = stmt.where(cls.state == args["state"])
    if args.get("warehouse_id"):
        stmt = stmt.where(or_(*(column == args["warehouse_id"] for column in warehouse_columns)))
    if args.get("date_from"):
        stmt = stmt.where(cls.doc_date >= args["date_from"])
    if args.get("date_to"):
        stmt = stmt.where(cls.doc_date <= args["date_to"])
    if args.get("q"):
        stmt = stmt.where(cls.number.contains(args["q"]))
    return visible_documents(stmt, actor, *warehouse_columns)
