"""Services of the stocktake (盘点单): open with a snapshot, the workflow, and posting the
variances at approval. Counting is in :mod:`inventory.stocktakes.counting`."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require
from erp.db import utcnow
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict
from erp.masterdata.categories import subtree_condition
from erp.periods.services import check_period_open
from erp.products.models import Product
from erp.products.services import PRODUCT_CATEGORIES
from erp.warehouses.services import active_warehouse
from inventory.batches.models import Batch
from inventory.documents import load_document
from inventory.permissions import STOCKTAKE_EDIT
from inventory.stock.ledger import (
    StockSource,
    issue_stock,
    lock_stock,
    receive_stock,
    reverse_moves,
)
from inventory.stock.models import StockBalance
from inventory.stocktakes.models import Stocktake, StocktakeLine
from inventory.stocktakes.scope import Scope, read_scope, scope_of

OPEN_STATES = (DocState.DRAFT, DocState.PENDING)
ZERO = Decimal(0)


def check_no_overlapping_count(session: Session, warehouse_id: int, scope: Scope, exclude_id: int | None = None) -> None:
    """Two open counts of one warehouse may not cover the same products: both would post
    the same difference. Raises ``Conflict`` (``stocktake_overlaps``) naming the other."""
    stmt = select(Stocktake).where(Stocktake.warehouse_id == warehouse_id, Stocktake.state.in_(OPEN_STATES))
    for other in session.scalars(stmt):
        if other.id != exclude_id and scope_of(other).overlaps(scope):
            raise Conflict(N_("%(document)s is still open for an overlapping part of this warehouse."),
                           code="stocktake_overlaps", document=str(other))


def snapshot_lines(session: Session, warehouse_id: int, category_id: int | None, scope: Scope) -> list[StocktakeLine]:
    """One line per product and batch with stock on the book in the scope, in walking
    order: bin location, SKU, earliest expiry."""
    stmt = (select(StockBalance, Product).join(Product, Product.id == StockBalance.product_id)
            .outerjoin(Batch, Batch.id == StockBalance.batch_id)
            .where(StockBalance.warehouse_id == warehouse_id, StockBalance.on_hand != ZERO)
            .order_by(Product.location.is_(None), Product.location, Product.sku, Batch.expiry_date.is_(None),
                      Batch.expiry_date, StockBalance.batch_key))
    if category_id:
        stmt = stmt.where(subtree_condition(session, PRODUCT_CATEGORIES, category_id, Product.category_id))
    lines = []
    for balance, product in session.execute(stmt):
        if scope.covers(product):
            lines.append(StocktakeLine(line_no=len(lines) + 1, product_id=product.id, batch_id=balance.batch_id,
                                       batch_key=balance.batch_key, location=product.location,
                                       book_qty=balance.on_hand))
    return lines


def open_stocktake(session: Session, actor: User, data: dict) -> Stocktake:
    """Open a count (a draft) for ``warehouse_id``, optionally limited to ``category_id``
    and/or ``location_from``..``location_to``; ``doc_date`` (today) dates the adjustments.
    Snapshots the book quantity of every product and batch in the scope.
    Raises ``ValidationFailed``, ``Forbidden``, ``Conflict`` (``stocktake_overlaps``)."""
    require(actor, STOCKTAKE_EDIT)
    warehouse = active_warehouse(session, data.get("warehouse_id"))
    check_warehouse_access(actor, warehouse.id)
    category, scope = read_scope(session, data)
    doc_date = data.get("doc_date") or clock.today()
    check_period_open(session, doc_date)
    check_no_overlapping_count(session, warehouse.id, scope)
    doc = Stocktake(doc_date=doc_date, warehouse_id=warehouse.id, category_id=category.id if category else None,
                    location_from=scope.location_from, location_to=scope.location_to, snapshot_at=utcnow(),
                    note=data.get("note"), created_by_id=actor.id)
    doc.lines = snapshot_lines(session, warehouse.id, doc.category_id, scope)
    insert_new(session, doc)
    return doc


def update_stocktake(session: Session, actor: User, doc_id: int, data: dict) -> Stocktake:
    """Change the date or the note of an open count (the scope is fixed at opening)."""
    doc = load_document(session, actor, Stocktake, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    if data.get("doc_date"):
        doc.doc_date = data["doc_date"]
    if "note" in data:
        doc.note = data["note"]
    check_period_open(session, doc.doc_date)
    session.flush()
    return doc


def check_all_counted(doc: Stocktake) -> None:
    """Every line has a count (``Conflict`` ``uncounted_lines`` otherwise): an uncounted
    line is neither "as booked" nor "nothing there" until someone says which."""
    left = doc.uncounted
    if left:
        raise Conflict(N_("%(count)s lines of %(document)s are not counted yet: count them, or count what is "
                          "left as booked or as zero."), code="uncounted_lines", count=left, document=str(doc))


def post_adjustments(session: Session, actor: User, doc: Stocktake) -> None:
    """Post each variance: a gain comes in at the moving average cost, a loss goes out at
    it; each line keeps the value posted (signed)."""
    changed = [line for line in doc.lines if line.variance]
    costs = lock_stock(session, [(line.product_id, doc.warehouse_id) for line in changed])
    for line in sorted(changed, key=lambda item: item.variance < 0):  # gains first
        source = StockSource.of(doc, line)
        if line.variance > 0:
            move = receive_stock(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id,
                                 qty=line.variance, batch_id=line.batch_id, posting_date=doc.doc_date,
                                 unit_cost=costs[(line.product_id, doc.warehouse_id)].unit_cost, source=source)
        else:
            move = issue_stock(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id,
                               qty=-line.variance, batch_id=line.batch_id, posting_date=doc.doc_date, source=source)
        line.posted_value = move.value
    for line in doc.lines:
        if not line.variance:
            line.posted_value = Decimal("0.00")
    session.flush()


def submit_stocktake(session: Session, actor: User, doc_id: int) -> Stocktake:
    """Send a fully counted stocktake for approval (提交)."""
    doc = load_document(session, actor, Stocktake, doc_id, for_update=True)
    if doc.state == DocState.DRAFT:
        check_all_counted(doc)
    documents.submit(session, actor, doc)
    return doc


def approve_stocktake(session: Session, actor: User, doc_id: int) -> Stocktake:
    """A manager approves (``stocktake.approve``); at the last level the variances are
    posted. Raises ``Conflict`` (``uncounted_lines``), ``Forbidden`` for warehouse staff,
    ``InvalidTransition`` when already approved, ``InsufficientStock`` when a loss would
    take stock that is reserved since."""
    doc = load_document(session, actor, Stocktake, doc_id, for_update=True)
    if doc.state in OPEN_STATES:
        check_all_counted(doc)
    if documents.approve(session, actor, doc):
        post_adjustments(session, actor, doc)
    return doc


def unapprove_stocktake(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Stocktake:
    """弃审: the adjustments are reversed (a gain cannot be once stock of the product was
    issued since: ``Conflict`` ``issued_since``) and the counts can be corrected again."""
    doc = load_document(session, actor, Stocktake, doc_id, for_update=True)
    documents.unapprove(session, actor, doc, reason)
    reverse_moves(session, actor, doc.__doc_type__, doc.id)
    for line in doc.lines:
        line.posted_value = None
    session.flush()
    return doc


def reject_stocktake(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Stocktake:
    doc = load_document(session, actor, Stocktake, doc_id, for_update=True)
    documents.reject(session, actor, doc, reason)
    return doc


def cancel_stocktake(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Stocktake:
    doc = load_document(session, actor, Stocktake, doc_id, for_update=True)
    documents.cancel(session, actor, doc, reason)
    return doc


def delete_stocktake(session: Session, actor: User, doc_id: int) -> None:
    doc = load_document(session, actor, Stocktake, doc_id, for_update=True)
    documents.delete_draft(session, actor, doc)
