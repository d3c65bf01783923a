"""Services of the sales return (退货单).

Made from an approved outbound for part of what it shipped (never more than shipped
minus already returned); each line goes back into a chosen batch (by default the one it
left from) of a chosen warehouse (by default the outbound's), at the cost it left with.
Approval receives the goods (inventory's ledger) and counts them as returned on the
outbound and order lines; unapprove takes them out again (refused while a credit note
exists, or when they were issued since — inventory's rule).
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict
from erp.money import round_fen, round_price
from erp.sales import common
from erp.sales.chain import wanted_lines
from erp.sales.pricing import set_totals
from erp.sales.progress import add_progress
from erp.sales.returns.models import SalesReturn, SalesReturnLine
from erp.sales.shipped import (
    check_outbound_shipped,
    in_outbound_unit,
    note_lines_of,
    price_for,
    remaining_to_return,
)
from inventory.batches.models import Batch
from inventory.batches.services import batch_problem
from inventory.outbounds.models import Outbound, OutboundLine
from inventory.stock.ledger import StockSource, lock_stock, receive_stock, reverse_moves
from inventory.stock.lines import LineErrors


def _batch(session: Session, index: int, line: OutboundLine, batch_id: int | None, errors: LineErrors) -> int | None:
    """The chosen batch, or the one the line left from when it left from exactly one."""
    if batch_id is None and line.product.batch_tracked:
        batches = {a.batch_id for a in line.allocations}
        batch_id = batches.pop() if len(batches) == 1 else None
    batch = session.get(Batch, batch_id) if batch_id else None
    problem = batch_problem(line.product, batch) if not (batch_id and batch is None) else N_("Unknown batch.")
    if problem:
        errors.add(index, "batch_id", problem)
        errors.first(N_("%(product)s: choose the batch the goods go back into."), product=str(line.product))
    return batch.id if batch else None


def _lines(session: Session, doc: SalesReturn, outbound: Outbound, requested: list[dict] | None) -> None:
    remaining = remaining_to_return(session, outbound.lines, excluding_return=doc.id)
    wanted = wanted_lines(session, outbound.lines, remaining, requested, document=str(outbound),
                          nothing_left=N_("Everything shipped on %(document)s was already returned."))
    chosen = {item["origin_line_id"]: item.get("batch_id") for item in requested or ()}
    notes = note_lines_of(session, [outbound])
    errors = LineErrors()
    lines = []
    for i, w in enumerate(wanted):
        origin: OutboundLine = w.origin
        in_outbound_unit(origin, w.qty_base)
        batch_id = _batch(session, i, origin, chosen.get(origin.id), errors)
        cost = origin.cost_value or Decimal("0.00")
        values = price_for(session, origin, notes.get(origin.id), doc.customer, doc.doc_date, doc.price_includes_vat,
                           w.unit_id)
        lines.append(SalesReturnLine(
            line_no=i + 1, origin_line_id=origin.id, product=origin.product, unit_id=w.unit_id, qty=w.qty,
            qty_base=w.qty_base, batch_id=batch_id, unit_cost=round_price(cost / origin.qty_base),
            cost_value=round_fen(cost * w.qty_base / origin.qty_base), **values))
    errors.raise_if_any()
    doc.lines = lines
    set_totals(doc)


def make_return(session: Session, actor: User, outbound_id: int, data: dict) -> SalesReturn:
    """A return against an approved outbound: ``lines`` ``[{origin_line_id (outbound line),
    qty, unit_id?, batch_id?}]`` (all that remains when not given); ``data`` may give
    ``warehouse_id`` (the outbound's), ``doc_date``, ``reason``, ``note``.

    Raises ``Conflict`` (outbound not approved, nothing left to return),
    ``ValidationFailed`` (more than shipped minus returned, naming it; a batch of another
    product; a quantity that does not convert into the shipped unit), ``Forbidden``."""
    common.require_edit(actor, SalesReturn)
    outbound = common.lock(session, Outbound, outbound_id)
    check_outbound_shipped(outbound)
    warehouse = common.warehouse_for(session, data.get("warehouse_id") or outbound.warehouse_id)
    notes = note_lines_of(session, [outbound])
    includes_vat = next(iter(notes.values())).document.price_includes_vat if notes else True
    doc = SalesReturn(doc_date=common.document_date(session, data), outbound_id=outbound.id,
                      customer_id=outbound.customer_id, customer=outbound.customer, warehouse_id=warehouse.id,
                      reason=data.get("reason"), note=data.get("note"), price_includes_vat=includes_vat,
                      created_by_id=actor.id)
    _lines(session, doc, outbound, data.get("lines"))
    insert_new(session, doc)
    return doc


def update_return(session: Session, actor: User, doc_id: int, data: dict) -> SalesReturn:
    doc = common.editable(session, actor, SalesReturn, doc_id)
    if data.get("warehouse_id"):
        doc.warehouse_id = common.warehouse_for(session, data["warehouse_id"]).id
    for key in ("doc_date", "reason", "note"):
        if key in data and not (key == "doc_date" and data[key] is None):
            setattr(doc, key, data[key])
    common.document_date(session, {"doc_date": doc.doc_date})
    if "lines" in data:
        _lines(session, doc, doc.outbound, data["lines"])
    session.flush()
    return doc


def check_within_shipped(session: Session, doc: SalesReturn) -> None:
    check_outbound_shipped(doc.outbound, doc.customer_id)
    remaining = remaining_to_return(session, [line.origin for line in doc.lines], excluding_return=doc.id)
    for line in doc.lines:
        remaining[line.origin_line_id] -= line.qty_base
        if remaining[line.origin_line_id] < 0:
            raise Conflict(N_("%(product)s: more would come back than was shipped on %(document)s."),
                           code="over_return", product=str(line.product), document=str(doc.outbound))


def _receive(session: Session, actor: User, doc: SalesReturn) -> None:
    lock_stock(session, [(line.product_id, doc.warehouse_id) for line in doc.lines])
    for line in doc.lines:
        receive_stock(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id, qty=line.qty_base,
                      batch_id=line.batch_id, unit_cost=line.unit_cost, value=line.cost_value,
                      posting_date=doc.doc_date, source=StockSource.of(doc, line))
        _count(session, line, 1)


def _count(session: Session, line: SalesReturnLine, sign: int) -> None:
    add_progress(session, line.origin, "qty_returned", sign * in_outbound_unit(line.origin, line.qty_base),
                 limit="qty")
    if line.order_line is not None:
        add_progress(session, line.order_line, "qty_returned", sign * line.qty_base, limit="qty_base")


def approve_return(session: Session, actor: User, doc_id: int) -> SalesReturn:
    """Approve; at the last level receive the goods at their original cost into the chosen
    batch and warehouse. Raises ``Conflict`` (over-return), ``Forbidden``, ``PeriodClosed``."""
    doc = common.lock(session, SalesReturn, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        check_within_shipped(session, doc)
    if documents.approve(session, actor, doc):
        _receive(session, actor, doc)
        session.flush()
    return doc


def unapprove_return(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesReturn:
    """弃审: refused while a credit note exists; takes the goods out again at the value they
    came in with (refused by inventory when they are gone or were issued since)."""
    doc = common.lock(session, SalesReturn, doc_id)
    documents.unapprove(session, actor, doc, reason)
    reverse_moves(session, actor, doc.__doc_type__, doc.id)
    for line in doc.lines:
        _count(session, line, -1)
    session.flush()
    return doc


def cancel_return(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesReturn:
    """作废 a draft or pending return (an approved one is unapproved first)."""
    doc = common.lock(session, SalesReturn, doc_id)
    documents.cancel(session, actor, doc, reason)
    return doc


def submit_return(session: Session, actor: User, doc_id: int) -> SalesReturn:
    return common.submit(session, actor, SalesReturn, doc_id)


def reject_return(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesReturn:
    return common.reject(session, actor, SalesReturn, doc_id, reason)


def delete_return(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, SalesReturn, doc_id)
