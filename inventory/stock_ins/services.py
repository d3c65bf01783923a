"""Services of the other stock-in (其他入库单), incl. opening balances (期初)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require
from erp.documents import services as documents
from erp.documents.writer import insert_new
from erp.errors import N_, ValidationFailed
from erp.money import round_fen, round_price
from erp.periods.services import check_period_open
from erp.warehouses.services import active_warehouse
from inventory.batches.models import Batch
from inventory.batches.services import expiry_for, find_or_create_batch
from inventory.documents import load_document
from inventory.permissions import STOCK_IN_EDIT
from inventory.stock.ledger import StockSource, lock_stock, receive_stock, reverse_moves
from inventory.stock.lines import LineErrors, read_batch, read_quantity, require_lines
from inventory.stock_ins.models import StockIn, StockInLine, StockInReason

HEADER_FIELDS = ("doc_date", "reason", "supplier_id", "note")


def _supplier(session: Session, supplier_id: int | None) -> None:
    from erp.suppliers.models import Supplier

    if supplier_id and session.get(Supplier, supplier_id) is None:
        raise ValidationFailed(N_("Unknown supplier."), fields={"supplier_id": [N_("Unknown supplier.")]})


def _line_batch(session: Session, index: int, item: dict, line: StockInLine, errors: LineErrors) -> None:
    """A tracked product names an existing batch (``batch_id``) or a batch number with its
    dates (made at approval when new); an untracked one names none."""
    product = line.product
    if not product.batch_tracked:
        if item.get("batch_id") or item.get("batch_no"):
            errors.add(index, "batch_id", N_("This product is not batch-tracked: leave the batch empty."))
        return
    if item.get("batch_id"):
        batch = read_batch(session, index, product, item["batch_id"], errors)
        if batch is not None:
            line.batch_id, line.batch_no = batch.id, batch.batch_no
            line.production_date, line.expiry_date = batch.production_date, batch.expiry_date
        return
    if not item.get("batch_no"):
        errors.add(index, "batch_no", N_("This product is batch-tracked: give a batch."))
        return
    production, expiry = item.get("production_date"), expiry_for(product, item.get("production_date"),
                                                                 item.get("expiry_date"))
    existing = session.scalar(select(Batch).where(Batch.product_id == product.id, Batch.batch_no == item["batch_no"]))
    if existing is not None:
        if (production and existing.production_date and production != existing.production_date) or \
                (expiry and existing.expiry_date and expiry != existing.expiry_date):
            errors.add(index, "expiry_date", N_("The batch exists with other dates."))
            return
        line.batch_id = existing.id
        production, expiry = existing.production_date or production, existing.expiry_date or expiry
    elif product.shelf_life_days and expiry is None:
        errors.add(index, "expiry_date", N_("Give the production date or the expiry date."))
    elif production and expiry and expiry < production:
        errors.add(index, "expiry_date", N_("Must not be before the production date."))
    line.batch_no, line.production_date, line.expiry_date = item["batch_no"], production, expiry


def _lines(session: Session, items: list[dict]) -> list[StockInLine]:
    errors = LineErrors()
    lines = []
    for index, item in enumerate(require_lines(items)):
        parsed = read_quantity(session, index, item, errors)
        unit_cost = item.get("unit_cost")
        if unit_cost is None or unit_cost < 0:
            errors.add(index, "unit_cost", N_("Give a unit cost of 0 or more."))
            continue
        if parsed is None:
            continue
        line = StockInLine(line_no=index + 1, product=parsed.product, unit_id=parsed.unit_id, qty=parsed.qty,
                           qty_base=parsed.qty_base, unit_cost=unit_cost, amount=round_fen(parsed.qty * unit_cost))
        _line_batch(session, index, item, line, errors)
        lines.append(line)
    errors.raise_if_any()
    return lines


def create_stock_in(session: Session, actor: User, data: dict) -> StockIn:
    """Draft a stock-in. ``data``: ``warehouse_id``, ``reason`` (``opening`` for 期初 …),
    ``lines`` ``[{product_id, unit_id?, qty, unit_cost (per unit of the line), batch_id? |
    batch_no + production_date? + expiry_date?}]``, optional ``doc_date``, ``supplier_id``,
    ``note``. Without an expiry date it follows from the production date and the shelf life.
    Raises ``ValidationFailed`` (per line), ``Forbidden``."""
    require(actor, STOCK_IN_EDIT)
    warehouse = active_warehouse(session, data.get("warehouse_id"))
    check_warehouse_access(actor, warehouse.id)
    _supplier(session, data.get("supplier_id"))
    doc_date = data.get("doc_date") or clock.today()
    check_period_open(session, doc_date)
    doc = StockIn(doc_date=doc_date, warehouse_id=warehouse.id, reason=data.get("reason") or StockInReason.OTHER,
                  supplier_id=data.get("supplier_id"), note=data.get("note"), created_by_id=actor.id)
    doc.lines = _lines(session, data.get("lines"))
    insert_new(session, doc)
    return doc


def update_stock_in(session: Session, actor: User, doc_id: int, data: dict) -> StockIn:
    doc = load_document(session, actor, StockIn, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    _supplier(session, data.get("supplier_id"))
    for key in HEADER_FIELDS:
        if key in data and not (key in ("doc_date", "reason") and data[key] is None):
            setattr(doc, key, data[key])
    check_period_open(session, doc.doc_date)
    if "lines" in data:
        doc.lines = _lines(session, data["lines"])
    session.flush()
    return doc


def _post(session: Session, actor: User, doc: StockIn) -> None:
    lock_stock(session, [(line.product_id, doc.warehouse_id) for line in doc.lines])
    for line in doc.lines:
        if line.product.batch_tracked and line.batch_id is None:
            line.batch_id = find_or_create_batch(session, line.product, line.batch_no,
                                                 production_date=line.production_date,
                                                 expiry_date=line.expiry_date, supplier_id=doc.supplier_id).id
        receive_stock(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id, qty=line.qty_base,
                      batch_id=line.batch_id, value=line.amount, unit_cost=round_price(line.amount / line.qty_base),
                      posting_date=doc.doc_date, source=StockSource.of(doc, line))
    session.flush()


def approve_stock_in(session: Session, actor: User, doc_id: int) -> StockIn:
    """Approve the next level; at the last one make the new batches and receive the goods
    at the lines' costs (the moving average follows)."""
    doc = load_document(session, actor, StockIn, doc_id, for_update=True)
    if documents.approve(session, actor, doc):
        _post(session, actor, doc)
    return doc


def unapprove_stock_in(session: Session, actor: User, doc_id: int, reason: str | None = None) -> StockIn:
    """弃审: take the goods out again at the value they came in with. Refused when they are
    no longer available (``InsufficientStock``) or were issued since at an average that
    included them (``Conflict`` ``issued_since``; enter a stock-out instead). Batches made
    at approval stay (they may be named again)."""
    doc = load_document(session, actor, StockIn, doc_id, for_update=True)
    documents.unapprove(session, actor, doc, reason)
    reverse_moves(session, actor, doc.__doc_type__, doc.id)
    session.flush()
    return doc


def submit_stock_in(session: Session, actor: User, doc_id: int) -> StockIn:
    doc = load_document(session, actor, StockIn, doc_id, for_update=True)
    documents.submit(session, actor, doc)
    return doc


def reject_stock_in(session: Session, actor: User, doc_id: int, reason: str | None = None) -> StockIn:
    doc = load_document(session, actor, StockIn, doc_id, for_update=True)
    documents.reject(session, actor, doc, reason)
    return doc


def cancel_stock_in(session: Session, actor: User, doc_id: int, reason: str | None = None) -> StockIn:
    doc = load_document(session, actor, StockIn, doc_id, for_update=True)
    documents.cancel(session, actor, doc, reason)
    return doc


def delete_stock_in(session: Session, actor: User, doc_id: int) -> None:
    doc = load_document(session, actor, StockIn, doc_id, for_update=True)
    documents.delete_draft(session, actor, doc)
