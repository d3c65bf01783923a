"""Services of the outbound (销售出库单).

The sales chain calls these with the same ``(session, actor, …)`` as the API; a
delivery note passes ``origin_type``/``origin_id`` on the header and
``origin_line_id`` on each line, and approval then consumes what that line reserved.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session, object_session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require
from erp.db.uow import preload_many_to_one
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, ValidationFailed
from erp.periods.services import check_period_open
from erp.warehouses.services import active_warehouse
from inventory.documents import load_document
from inventory.outbounds.models import Outbound, OutboundAllocation, OutboundLine
from inventory.permissions import OUTBOUND_EDIT
from inventory.stock.allocation import FefoRequest, allocate_fefo_many, usable_batch_problem
from inventory.stock.ledger import StockSource, issue_stock, lock_stock, reverse_moves, write_moves
from inventory.stock.lines import LineErrors, read_batch, read_quantity, require_lines
from inventory.stock.models import batch_key
from inventory.stock.reservations import release_for_issue, reserve

HEADER_FIELDS = ("doc_date", "customer_id", "note")


def _customer(session: Session, customer_id: int | None):
    if not customer_id:
        return None
    from erp.customers.models import Customer

    customer = session.get(Customer, customer_id)
    if customer is None or not customer.active:
        raise ValidationFailed(N_("Unknown or inactive customer."),
                               fields={"customer_id": [N_("Unknown or inactive customer.")]})
    return customer


def _origin_source(doc: Outbound, line: OutboundLine) -> StockSource | None:
    if doc.origin_type and doc.origin_id and line.origin_line_id:
        return StockSource(doc.origin_type, doc.origin_id, line.origin_line_id)
    return None


def _manual_allocations(session: Session, doc: Outbound, index: int, item: dict, product, qty_base: Decimal,
                        errors: LineErrors) -> list[OutboundAllocation]:
    """The batches the user chose for a line: ``batch_id`` for all of it, or ``allocations``
    ``[{batch_id, qty}]`` (base unit) adding up to the line. Blocked and expired batches
    are refused; one too close to expiry for the customer is the user's choice."""
    wanted = item.get("allocations") or ([{"batch_id": item["batch_id"], "qty": qty_base}] if item.get("batch_id") else [])
    out = []
    for k, entry in enumerate(wanted):
        batch = read_batch(session, index, product, entry.get("batch_id"), errors)
        if batch is not None:
            problem = usable_batch_problem(batch, doc.doc_date)
            if problem:
                errors.add(index, "batch_id", problem)
        if entry.get("qty") is None or entry["qty"] <= 0:
            errors.add(index, "allocations", N_("Each batch quantity must be greater than 0."))
            continue
        out.append(OutboundAllocation(document=doc, batch_id=batch.id if batch else None, qty=entry["qty"],
                                      manual=True, line_no=k + 1))
    if out and sum((a.qty for a in out), Decimal(0)) != qty_base:
        errors.add(index, "allocations", N_("The batch quantities must add up to the line's quantity in the base unit."))
    return out


def _lines(session: Session, doc: Outbound, items: list[dict]) -> list[OutboundLine]:
    errors = LineErrors()
    lines = []
    for index, item in enumerate(require_lines(items)):
        parsed = read_quantity(session, index, item, errors)
        if parsed is None:
            continue
        line = OutboundLine(line_no=index + 1, product=parsed.product, unit_id=parsed.unit_id, qty=parsed.qty,
                            qty_base=parsed.qty_base, origin_line_id=item.get("origin_line_id"))
        if parsed.product.batch_tracked:
            line.allocations = _manual_allocations(session, doc, index, item, parsed.product, parsed.qty_base, errors)
        elif item.get("batch_id") or item.get("allocations"):
            errors.add(index, "batch_id", N_("This product is not batch-tracked: leave the batch empty."))
        else:
            line.allocations = [OutboundAllocation(document=doc, batch_id=None, qty=parsed.qty_base, line_no=1)]
        lines.append(line)
    errors.raise_if_any()
    return lines


def create_outbound(session: Session, actor: User, data: dict, *, allocate_partial: bool = False) -> Outbound:
    """Draft an outbound. ``data``: ``warehouse_id``, ``lines`` ``[{product_id, unit_id?, qty,
    batch_id? | allocations? [{batch_id, qty}], origin_line_id?}]``, optional ``doc_date``
    (today), ``customer_id``, ``note``, ``origin_type``/``origin_id``. Lines of batch-tracked
    products without batches are allocated FEFO by :func:`allocate_outbound` or at approval —
    or, with ``allocate_partial``, right away as far as stock allows (as
    ``allocate_outbound(partial=True)`` would, but written with the draft in one flush).
    Raises ``ValidationFailed`` (per line: product, unit, quantity, batch), ``Forbidden``."""
    require(actor, OUTBOUND_EDIT)
    warehouse = active_warehouse(session, data.get("warehouse_id"))
    check_warehouse_access(actor, warehouse.id)
    customer = _customer(session, data.get("customer_id"))
    doc_date = data.get("doc_date") or clock.today()
    check_period_open(session, doc_date)
    doc = Outbound(doc_date=doc_date, warehouse_id=warehouse.id, customer_id=customer.id if customer else None,
                   origin_type=data.get("origin_type"), origin_id=data.get("origin_id"), note=data.get("note"),
                   created_by_id=actor.id)
    doc.lines = _lines(session, doc, data.get("lines"))
    if allocate_partial:
        _allocate(session, doc, partial=True)
    insert_new(session, doc)
    return doc


def update_outbound(session: Session, actor: User, doc_id: int, data: dict) -> Outbound:
    """Change a draft: header fields, and all lines when ``lines`` is given."""
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    if "customer_id" in data:
        _customer(session, data["customer_id"])
    for key in HEADER_FIELDS:
        if key in data and not (key == "doc_date" and data[key] is None):
            setattr(doc, key, data[key])
    check_period_open(session, doc.doc_date)
    if "lines" in data:
        doc.lines = _lines(session, doc, data["lines"])
    session.flush()
    return doc


def _allocate(session: Session, doc: Outbound, *, partial: bool = False, only_missing: bool = False) -> bool:
    """FEFO for the lines of batch-tracked products that have no batch chosen by the user.
    Returns whether any line was (re)allocated; the caller flushes."""
    lines = [line for line in doc.lines
             if line.product.batch_tracked and not any(a.manual for a in line.allocations)
             and not (only_missing and line.allocations)]
    if not lines:
        return False
    # One read of the stock for all lines: the allocations of earlier lines do not change
    # the stock read here (nor may a pending draft be written before it is complete).
    with session.no_autoflush:
        allocations = allocate_fefo_many(
            session, warehouse_id=doc.warehouse_id, on_date=doc.doc_date, customer_id=doc.customer_id,
            partial=partial,
            requests=[FefoRequest(line.product.id, line.qty_base, _origin_source(doc, line)) for line in lines])
    for line, allocation in zip(lines, allocations, strict=True):
        line.allocations = [OutboundAllocation(document=doc, batch_id=pick.batch_id, qty=pick.qty, line_no=k + 1)
                            for k, pick in enumerate(allocation.picks)]
    return True


def allocate_outbound(session: Session, actor: User, doc_id: int, *, partial: bool = False) -> Outbound:
    """Choose batches (FEFO, the customer's minimum remaining shelf life respected) for the
    draft's lines whose batches the user did not choose. Raises ``InsufficientStock``
    naming the product and shortfall — unless ``partial``, which allocates what it can
    (approval still needs every line allocated in full)."""
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    _allocate(session, doc, partial=partial)
    session.flush()
    return doc


def choose_batches(session: Session, actor: User, doc_id: int, choices: list[dict]) -> Outbound:
    """Override FEFO for some lines of a draft (the user picks the batches): ``choices``
    ``[{line_id, allocations: [{batch_id, qty (base unit)}]}]``, the quantities adding up
    to the line; an empty ``allocations`` gives the line back to FEFO. Blocked and expired
    batches are refused. All or nothing: ``ValidationFailed`` with the errors per line
    index, ``ReadOnlyDocument`` once approved, ``Forbidden``."""
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    errors = LineErrors()
    positions = {line.id: (index, line) for index, line in enumerate(doc.lines)}
    plan = []
    for item in choices:
        if item.get("line_id") not in positions:
            raise ValidationFailed(N_("Not a line of %(document)s."), document=str(doc),
                                   fields={"line_id": [N_("Not a line of this document.")]})
        index, line = positions[item["line_id"]]
        wanted = item.get("allocations") or []
        if wanted and not line.product.batch_tracked:
            errors.add(index, "batch_id", N_("This product is not batch-tracked: leave the batch empty."))
            continue
        plan.append((line, _manual_allocations(session, doc, index, {"allocations": wanted}, line.product,
                                               line.qty_base, errors) if wanted else []))
    errors.raise_if_any()
    for line, allocations in plan:
        line.allocations = allocations
    session.flush()
    return doc


def check_allocations(doc: Outbound) -> None:
    """Every line allocated in full, from batches that may still be sold on the document's date."""
    errors = LineErrors()
    session = object_session(doc)
    if session is not None:  # the batches of all allocations in one query
        preload_many_to_one(session, [a for line in doc.lines for a in line.allocations], "batch")
    for index, line in enumerate(doc.lines):
        if line.allocated != line.qty_base:
            errors.add(index, "allocations", N_("Not allocated in full."))
        for allocation in line.allocations:
            if allocation.batch is not None:
                problem = usable_batch_problem(allocation.batch, doc.doc_date)
                if problem:
                    errors.add(index, "batch_id", problem)
    if errors:
        raise ValidationFailed(N_("%(document)s cannot be issued as allocated."), document=str(doc),
                               fields={"lines": errors.by_index})


def _post(session: Session, actor: User, doc: Outbound) -> None:
    check_allocations(doc)
    lock_stock(session, [(line.product_id, doc.warehouse_id) for line in doc.lines])
    # What the origin lines hold is released up to each line's quantity: first in the
    # batches being issued, then elsewhere (the origin keeps holding only what is still
    # to come). The balances change by conditional UPDATEs; the moves are inserted
    # together afterwards, the cost rows and lines by the one flush at the end.
    held = [(line, _origin_source(doc, line)) for line in doc.lines]
    issues = [(origin, line.qty_base, [(batch_key(a.batch_id), a.qty) for a in line.allocations])
              for line, origin in held if origin is not None]
    released = iter(release_for_issue(session, actor, issues))
    moves = []
    for line, origin in held:
        line.reservation_consumed = next(released) if origin is not None else Decimal(0)
        value = Decimal("0.00")
        for allocation in line.allocations:
            move = issue_stock(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id,
                               qty=allocation.qty, batch_id=allocation.batch_id, posting_date=doc.doc_date,
                               source=StockSource.of(doc, line), pending=moves)
            value -= move.value
        line.cost_value = value
    write_moves(session, moves)
    session.flush()


def approve_outbound(session: Session, actor: User, doc_id: int) -> Outbound:
    """Approve the next level; at the last one issue the goods: lines still without batches
    are allocated FEFO, the origin lines' reservations are consumed, one move per
    allocation is posted at the moving average cost (``line.cost_value`` = COGS).
    Raises ``InsufficientStock`` (409) naming the shortfall, ``ValidationFailed`` (a batch
    blocked or expired since), ``Forbidden``, ``InvalidTransition``, ``PeriodClosed``."""
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    if doc.state == DocState.DRAFT and _allocate(session, doc, only_missing=True):
        session.flush()
    if documents.approve(session, actor, doc):
        _post(session, actor, doc)
    return doc


def unapprove_outbound(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Outbound:
    """弃审: refused while a downstream document exists (``DownstreamExists``) or when its
    origin refuses (a closed delivery note: ``Conflict``); the moves are reversed (goods
    back at the cost they left with) and the consumed reservations are held again for
    their origin lines, in the batches that were issued."""
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    if doc.state == DocState.APPROVED:
        doc.check_origin_allows(session, "unapprove")
    documents.unapprove(session, actor, doc, reason)
    reverse_moves(session, actor, doc.__doc_type__, doc.id)
    for line in doc.lines:
        origin = _origin_source(doc, line)
        left = line.reservation_consumed
        for allocation in line.allocations:
            if origin is None or left <= 0:
                break
            take = min(left, allocation.qty)
            reserve(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id, qty=take,
                    batch_id=allocation.batch_id, source=origin, sellable_only=False)
            left -= take
        line.reservation_consumed = Decimal(0)
        line.cost_value = None
    session.flush()
    return doc


def submit_outbound(session: Session, actor: User, doc_id: int) -> Outbound:
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    documents.submit(session, actor, doc)
    return doc


def reject_outbound(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Outbound:
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    documents.reject(session, actor, doc, reason)
    return doc


def cancel_outbound(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Outbound:
    """作废 a draft or pending outbound (an approved one is unapproved first)."""
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    documents.cancel(session, actor, doc, reason)
    return doc


def delete_outbound(session: Session, actor: User, doc_id: int) -> None:
    doc = load_document(session, actor, Outbound, doc_id, for_update=True)
    documents.delete_draft(session, actor, doc)

