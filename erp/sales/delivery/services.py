"""Services of the delivery note (发货单).

Made from what remains of an approved order; approval counts the lines as delivered on
the order and reserves the stock (inventory's reservations, FEFO batches respecting the
customer's minimum remaining shelf life); unapprove and cancel release it and are
refused while an outbound made from the note exists. Closing a note shipped in part
(关闭) gives up the rest: its stock is released and the order may deliver it again
(or be closed short itself); reopening holds it again.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict, ValidationFailed
from erp.sales import common
from erp.sales.chain import counted, wanted_lines
from erp.sales.delivery import outbounds as outbounds_made
from erp.sales.delivery.models import DeliveryNote, DeliveryNoteLine
from erp.sales.orders.models import SalesOrder
from erp.sales.pricing import carried_price, set_totals
from erp.sales.progress import add_progress_many
from inventory.stock.ledger import StockSource
from inventory.stock.reservations import release, reserve_lines


def remaining_of_order(session: Session, order: SalesOrder, *, excluding: int | None = None) -> dict[int, Decimal]:
    """Base quantity of each order line not yet on a delivery note (drafts count, closed
    notes only with what they shipped), leaving out the note ``excluding`` (the one being
    edited)."""
    ids = [line.id for line in order.lines]
    taken = counted(session, DeliveryNoteLine, DeliveryNote, DeliveryNoteLine.origin_line_id, ids, net_of="qty_closed")
    if excluding is not None:
        mine = counted(session, DeliveryNoteLine, DeliveryNote, DeliveryNoteLine.origin_line_id, ids,
                       extra=(DeliveryNote.id == excluding,), net_of="qty_closed")
        taken = {k: v - mine.get(k, Decimal(0)) for k, v in taken.items()}
    return {line.id: line.qty_base - taken.get(line.id, Decimal(0)) for line in order.lines}


def _lines(session: Session, doc: DeliveryNote, order: SalesOrder, requested: list[dict] | None) -> None:
    wanted = wanted_lines(session, order.lines, remaining_of_order(session, order, excluding=doc.id),
                          requested, document=str(order))
    doc.lines = [DeliveryNoteLine(
        line_no=i + 1, origin_line_id=w.origin.id, product=w.origin.product, unit_id=w.unit_id, qty=w.qty,
        qty_base=w.qty_base, unit_price=carried_price(w.origin.unit_price, w.origin.factor, w.factor),
        discount_rate=w.origin.discount_rate, vat_rate=w.origin.vat_rate, price_source=order.name_zh[:120],
    ) for i, w in enumerate(wanted)]
    set_totals(doc)


def make_delivery_note(session: Session, actor: User, order_id: int, data: dict) -> DeliveryNote:
    """A delivery note for all that remains of the order, or for ``lines``
    ``[{origin_line_id, qty, unit_id?}]`` (partial deliveries: 4 now, 6 later). ``data``
    may give ``warehouse_id`` (the order's), ``doc_date``, ``ship_to``, ``note``.

    Raises ``Conflict``: the order is not approved (closed, draft …) or nothing remains;
    ``ValidationFailed``: a quantity beyond what remains, naming it; ``Forbidden``."""
    common.require_edit(actor, DeliveryNote)
    order = common.lock(session, SalesOrder, order_id)
    common.check_upstream_approved(order, "make a delivery note")
    common.check_customer_active(order.customer)
    warehouse = common.warehouse_for(session, data.get("warehouse_id") or order.warehouse_id)
    doc = DeliveryNote(doc_date=common.document_date(session, data), order_id=order.id, customer=order.customer,
                       warehouse_id=warehouse.id, ship_to=data.get("ship_to") or order.ship_to,
                       price_includes_vat=order.price_includes_vat, note=data.get("note"), created_by_id=actor.id)
    _lines(session, doc, order, data.get("lines"))
    insert_new(session, doc)
    return doc


def update_delivery_note(session: Session, actor: User, doc_id: int, data: dict) -> DeliveryNote:
    """Change a draft: ``doc_date``, ``warehouse_id``, ``ship_to``, ``note``, and ``lines``
    (checked again against what remains of the order besides this note)."""
    doc = common.editable(session, actor, DeliveryNote, doc_id)
    if data.get("warehouse_id"):
        doc.warehouse_id = common.warehouse_for(session, data["warehouse_id"]).id
    for key in ("doc_date", "ship_to", "note"):
        if key in data and not (key == "doc_date" and data[key] is None):
            setattr(doc, key, data[key])
    common.document_date(session, {"doc_date": doc.doc_date})
    if "lines" in data:
        order = common.lock(session, SalesOrder, doc.order_id)
        _lines(session, doc, order, data["lines"])
    session.flush()
    return doc


def check_within_order(session: Session, doc: DeliveryNote, *, action: str = "approve a delivery note",
                       adding=None) -> SalesOrder:
    """The order is still approved and its approved notes plus what this one would add
    (``adding(line)``, by default each line's whole quantity) stay within what was ordered
    (409 naming the product otherwise). Returns the order."""
    order = common.lock(session, SalesOrder, doc.order_id)
    common.check_upstream_approved(order, action)
    by_id = {line.id: line for line in order.lines}
    for line in doc.lines:
        origin = by_id[line.origin_line_id]
        if origin.qty_delivered + (line.qty_base if adding is None else adding(line)) > origin.qty_base:
            raise Conflict(N_("%(product)s: the delivery notes would deliver more than ordered on %(document)s."),
                           code="over_delivery", product=str(line.product), document=str(order))
    return order


def _reserve(session: Session, actor: User, doc: DeliveryNote) -> None:
    """Hold the stock of every line, then count the lines as delivered on the order (all
    lines together: one statement each rather than one per line)."""
    reserve_lines(session, actor, warehouse_id=doc.warehouse_id, customer_id=doc.customer_id, on_date=doc.doc_date,
                  lines=[(line.product_id, line.qty_base, StockSource.of(doc, line)) for line in doc.lines])
    add_progress_many(session, [(line.origin, line.qty_base) for line in doc.lines], "qty_delivered",
                      limit="qty_base")


def _unreserve(session: Session, actor: User, doc: DeliveryNote) -> None:
    release(session, actor, source=StockSource(doc.__doc_type__, doc.id))
    add_progress_many(session, [(line.origin, -line.qty_base) for line in doc.lines], "qty_delivered")
    session.flush()


def approve_delivery_note(session: Session, actor: User, doc_id: int) -> DeliveryNote:
    """Approve; at the last level count the lines as delivered on the order and reserve the
    stock. Raises ``InsufficientStock`` (409, naming the product and shortfall; nothing is
    written), ``Conflict`` (order no longer approved, over-delivery), ``Forbidden``."""
    doc = common.lock(session, DeliveryNote, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        common.check_products_active(doc)
        # Kept referenced: its lines are the note lines' origins, counted as delivered below
        # (the identity map alone would let them go and load each one again).
        _order = check_within_order(session, doc)
    if documents.approve(session, actor, doc):
        _reserve(session, actor, doc)
        session.flush()
    return doc


def unapprove_delivery_note(session: Session, actor: User, doc_id: int, reason: str | None = None) -> DeliveryNote:
    """弃审: refused while an outbound made from it exists (naming it); releases the stock."""
    doc = common.lock(session, DeliveryNote, doc_id)
    documents.unapprove(session, actor, doc, reason)
    _unreserve(session, actor, doc)
    return doc


def cancel_delivery_note(session: Session, actor: User, doc_id: int, reason: str | None = None) -> DeliveryNote:
    """作废: refused while an outbound exists; an approved note releases its stock."""
    doc = common.lock(session, DeliveryNote, doc_id)
    was_approved = doc.state == DocState.APPROVED
    documents.cancel(session, actor, doc, reason)
    if was_approved:
        _unreserve(session, actor, doc)
    return doc


def close_delivery_note(session: Session, actor: User, doc_id: int, reason: str | None = None) -> DeliveryNote:
    """关闭: what the note has not shipped will not be. Each line's unshipped rest goes to
    ``qty_closed``, its reservation is released and the order line counts it as not
    delivered any more. Refused while an outbound of the note waits as a draft or for
    approval (naming it: approve or delete it first); needs a reason."""
    if not reason:
        raise ValidationFailed(N_("Give the reason for closing the delivery note."),
                               fields={"reason": [N_("Required.")]})
    doc = common.lock(session, DeliveryNote, doc_id)
    waiting = [ob for ob in doc.downstream_documents(session) if ob.state in (DocState.DRAFT, DocState.PENDING)]
    if waiting and doc.state == DocState.APPROVED:
        raise Conflict(N_("Cannot close %(document)s: %(outbound)s is not approved yet; approve or delete it first."),
                       code="outbound_waiting", document=str(doc), outbound=", ".join(str(ob) for ob in waiting))
    rest = outbounds_made.remaining_to_ship(session, doc) if doc.state == DocState.APPROVED else {}
    documents.close(session, actor, doc, reason)
    release(session, actor, source=StockSource(doc.__doc_type__, doc.id))
    given_up = [(line, rest[line.id]) for line in doc.lines if rest.get(line.id, 0) > 0]
    for line, qty in given_up:
        line.qty_closed = qty
    add_progress_many(session, [(line.origin, -qty) for line, qty in given_up], "qty_delivered")
    session.flush()
    return doc


def reopen_delivery_note(session: Session, actor: User, doc_id: int) -> DeliveryNote:
    """Open a closed note again: what it gave up is held again and counted as delivered on
    the order. Refused when the order is no longer approved or has delivered it since
    (``over_delivery``), or when the stock is gone (``InsufficientStock``)."""
    doc = common.lock(session, DeliveryNote, doc_id)
    if doc.state == DocState.CLOSED:
        check_within_order(session, doc, action="reopen a delivery note", adding=lambda line: line.qty_closed)
    documents.reopen(session, actor, doc)
    given_up = [line for line in doc.lines if line.qty_closed > 0]
    reserve_lines(session, actor, warehouse_id=doc.warehouse_id, customer_id=doc.customer_id, on_date=doc.doc_date,
                  lines=[(line.product_id, line.qty_closed, StockSource.of(doc, line)) for line in given_up])
    add_progress_many(session, [(line.origin, line.qty_closed) for line in given_up], "qty_delivered",
                      limit="qty_base")
    for line in given_up:
        line.qty_closed = Decimal(0)
    session.flush()
    return doc


def submit_delivery_note(session: Session, actor: User, doc_id: int) -> DeliveryNote:
    return common.submit(session, actor, DeliveryNote, doc_id)


def reject_delivery_note(session: Session, actor: User, doc_id: int, reason: str | None = None) -> DeliveryNote:
    return common.reject(session, actor, DeliveryNote, doc_id, reason)


def delete_delivery_note(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, DeliveryNote, doc_id)

