"""Entering counts: by hand (a quantity per line, or per product and batch), by barcode
scan (a case barcode counts cases, converted with the packing factor) and — through
:mod:`inventory.stocktakes.uploads` — from a file.

Every entry is checked before anything is written (all or nothing). Writing one locks
the product's stock in the warehouse and records the book quantity at that moment
(``book_qty_at_count``): the variance is measured against the book when the goods were
counted, so moves posted since the snapshot are not differences. A count names a
product in the stocktake's scope; goods found that the snapshot did not list (another
batch, a product that had no stock on the book) get a new line with a book quantity of 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.db import utcnow
from erp.documents import services as documents
from erp.errors import N_, ErpError, ValidationFailed
from erp.money import round_qty
from erp.products.lookup import lookup_product
from erp.products.models import Product, Unit
from inventory.batches.models import Batch
from inventory.batches.services import batch_problem
from inventory.documents import load_document
from inventory.stock.ledger import balance_row, lock_stock
from inventory.stock.lines import LineErrors
from inventory.stock.models import batch_key
from inventory.stocktakes.models import Stocktake, StocktakeLine
from inventory.stocktakes.scope import OUT_OF_SCOPE, scope_of

SET, ADD = "set", "add"
ZERO = Decimal(0)


@dataclass
class CountEntry:
    """One checked entry: how much (base unit) of which product and batch, and whether it
    replaces the line's count or adds to it."""

    product: Product
    batch: Batch | None
    qty_base: Decimal
    mode: str = SET
    line: StocktakeLine | None = None


def load_open_stocktake(session: Session, actor: User, doc_id: int) -> Stocktake:
    """The stocktake, row-locked, while counts may still be entered (a draft the actor may
    edit in an open month: ``ReadOnlyDocument``, ``Forbidden``, ``PeriodClosed`` otherwise)."""
    doc = load_document(session, actor, Stocktake, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    return doc


def _product(session: Session, doc: Stocktake, item: dict, index: int, errors: LineErrors):
    """The product (and the unit a scanned code stands for) of an entry, or None."""
    if item.get("line_id"):
        line = next((li for li in doc.lines if li.id == item["line_id"]), None)
        if line is None:
            errors.add(index, "line_id", N_("Not a line of this stocktake."))
            return None, None, None
        return line.product, None, line
    if item.get("code"):
        try:
            match = lookup_product(session, item["code"], active_only=False)
        except ErpError as exc:
            errors.add(index, "code", exc.message)
            return None, None, None
        return match.product, match.unit.id, None
    product = session.get(Product, item["product_id"]) if item.get("product_id") else None
    if product is None:
        errors.add(index, "product_id", N_("Unknown product."))
    return product, None, None


def _batch(session: Session, doc: Stocktake, product: Product, item: dict, index: int,
           errors: LineErrors) -> tuple[bool, Batch | None]:
    """(ok, batch) of an entry without a line: named by id or number; a tracked product
    with a single batch on the count may leave it out."""
    batch = None
    if item.get("batch_id"):
        batch = session.get(Batch, item["batch_id"])
        if batch is None:
            errors.add(index, "batch_id", N_("Unknown batch."))
            return False, None
    elif item.get("batch_no"):
        batch = session.scalar(select(Batch).where(Batch.product_id == product.id,
                                                   Batch.batch_no == item["batch_no"]))
        if batch is None:
            errors.add(index, "batch_no", N_("Unknown batch."))
            return False, None
    elif product.batch_tracked:
        on_count = [li for li in doc.lines if li.product_id == product.id]
        if len(on_count) != 1:
            errors.add(index, "batch_id", N_("Choose the batch counted."))
            return False, None
        batch = on_count[0].batch
    problem = batch_problem(product, batch)
    if problem:
        errors.add(index, "batch_id", problem)
        return False, None
    return True, batch


def _base_qty(session: Session, product: Product, unit_id: int | None, qty, index: int,
              errors: LineErrors) -> Decimal | None:
    """A count in a unit → base unit (0 is a count; negative is not)."""
    if qty is None:
        errors.add(index, "qty", N_("Required."))
        return None
    if qty < 0:
        errors.add(index, "qty", N_("A count cannot be negative."))
        return None
    unit_id = unit_id or product.base_unit_id
    factor = product.factor(unit_id)
    if factor is None:
        errors.add(index, "unit_id", N_("This unit does not convert to the product's base unit."))
        return None
    unit = session.get(Unit, unit_id)
    if unit is not None and qty != qty.quantize(Decimal(1).scaleb(-unit.decimals)):
        errors.add(index, "qty", N_("Too many decimals for this unit."))
        return None
    qty_base = qty * factor
    if qty_base != round_qty(qty_base):
        errors.add(index, "qty", N_("This quantity does not convert exactly to the base unit."))
        return None
    return round_qty(qty_base)


def read_entry(session: Session, doc: Stocktake, item: dict, index: int, errors: LineErrors) -> CountEntry | None:
    """Check one entry ``{line_id | product_id | code, batch_id? | batch_no?, unit_id?, qty,
    mode?}``; its problems go to ``errors`` under ``index``."""
    product, unit_id, line = _product(session, doc, item, index, errors)
    if product is None:
        return None
    batch = line.batch if line is not None else None
    if line is None:
        existing = next((li for li in doc.lines if li.product_id == product.id), None)
        if existing is None and not scope_of(doc).covers(product):
            errors.add(index, "product_id", OUT_OF_SCOPE)
            return None
        ok, batch = _batch(session, doc, product, item, index, errors)
        if not ok:
            return None
    qty_base = _base_qty(session, product, item.get("unit_id") or unit_id, item.get("qty"), index, errors)
    if qty_base is None:
        return None
    return CountEntry(product, batch, qty_base, item.get("mode") or SET, line)


def apply_entries(session: Session, actor: User, doc: Stocktake, entries: list[CountEntry]) -> list[StocktakeLine]:
    """Write checked entries: lock the products' stock, record each count with the book
    quantity of that moment. Returns the lines touched, in entry order."""
    lock_stock(session, [(entry.product.id, doc.warehouse_id) for entry in entries])
    by_key = {(li.product_id, li.batch_key): li for li in doc.lines}
    touched = []
    now = utcnow()
    for entry in entries:
        key = (entry.product.id, batch_key(entry.batch.id if entry.batch else None))
        line = entry.line or by_key.get(key)
        if line is None:
            line = StocktakeLine(line_no=max((li.line_no for li in doc.lines), default=0) + 1,
                                 product_id=entry.product.id, batch_id=key[1] or None, batch_key=key[1],
                                 location=entry.product.location, book_qty=ZERO)
            doc.lines.append(line)
            by_key[key] = line
        on_hand, _reserved = balance_row(session, line.product_id, doc.warehouse_id, line.batch_id)
        base = line.counted_qty if entry.mode == ADD and line.counted_qty is not None else ZERO
        line.counted_qty = base + entry.qty_base
        line.book_qty_at_count = on_hand
        line.counted_at, line.counted_by_id = now, actor.id
        touched.append(line)
    session.flush()
    return touched


def record_counts(session: Session, actor: User, doc_id: int, items: list[dict]) -> list[StocktakeLine]:
    """Enter counts by hand. Each item: ``line_id``, or ``product_id`` (+ ``batch_id`` /
    ``batch_no`` for a batch-tracked product), or a scanned ``code``; ``qty`` in ``unit_id``
    (the base unit by default; 0 = nothing there); ``mode`` ``set`` (default) or ``add``.
    All or nothing: ``ValidationFailed`` with ``fields={"entries": {index: {field: …}}}``
    (a product outside the scope, a negative count, a unit that does not convert …).
    Also ``ReadOnlyDocument`` once submitted, ``Forbidden``."""
    doc = load_open_stocktake(session, actor, doc_id)
    if not items:
        raise ValidationFailed(N_("Enter at least one count."), fields={"entries": [N_("Enter at least one count.")]})
    errors = LineErrors()
    entries = [read_entry(session, doc, item, index, errors) for index, item in enumerate(items)]
    if errors:
        raise ValidationFailed(N_("Some counts are not valid; nothing was saved."), fields={"entries": errors.by_index})
    return apply_entries(session, actor, doc, entries)


def scan_count(session: Session, actor: User, doc_id: int, code: str, qty: Decimal = Decimal(1), *,
               batch_id: int | None = None) -> StocktakeLine:
    """A scanned barcode (or typed SKU) adds ``qty`` of the unit the code stands for — a
    case barcode counts cases — to the line's count. Returns the line (its counted total)."""
    doc = load_open_stocktake(session, actor, doc_id)
    errors = LineErrors()
    entry = read_entry(session, doc, {"code": code, "qty": qty, "batch_id": batch_id, "mode": ADD}, 0, errors)
    if errors:
        fields = errors.by_index[0]
        raise ValidationFailed(next(iter(fields.values()))[0], fields=fields)
    return apply_entries(session, actor, doc, [entry])[0]


def count_remaining(session: Session, actor: User, doc_id: int, *, as_booked: bool) -> int:
    """Count every line nobody counted: as booked (its book quantity now, no variance) or
    as zero (nothing was found). Returns how many lines were filled."""
    doc = load_open_stocktake(session, actor, doc_id)
    left = [line for line in doc.lines if line.counted_qty is None]
    lock_stock(session, [(line.product_id, doc.warehouse_id) for line in left])
    now = utcnow()
    for line in left:
        on_hand, _reserved = balance_row(session, line.product_id, doc.warehouse_id, line.batch_id)
        line.counted_qty = max(on_hand, ZERO) if as_booked else ZERO
        line.book_qty_at_count = on_hand
        line.counted_at, line.counted_by_id = now, actor.id
    session.flush()
    return len(left)


@dataclass
class CountLookup:
    """What the scanner screen shows for a code before the quantity is typed."""

    product: Product
    unit: Unit
    factor: Decimal
    in_scope: bool
    lines: list[StocktakeLine] = field(default_factory=list)
    #: Other batches of the product (found goods of a batch not on the count).
    other_batches: list[Batch] = field(default_factory=list)


def lookup_for_count(session: Session, actor: User, doc_id: int, code: str) -> CountLookup:
    """The product a code names, with its lines on this count. Raises ``NotFound``."""
    doc = load_document(session, actor, Stocktake, doc_id)
    match = lookup_product(session, code, active_only=False)
    lines = [line for line in doc.lines if line.product_id == match.product.id]
    others = []
    if match.product.batch_tracked:
        listed = {line.batch_id for line in lines}
        others = [b for b in session.scalars(select(Batch).where(Batch.product_id == match.product.id)
                                             .order_by(Batch.id.desc()).limit(20)) if b.id not in listed]
    return CountLookup(match.product, match.unit, match.factor, bool(lines) or scope_of(doc).covers(match.product),
                       lines, others)
