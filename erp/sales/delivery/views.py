"""Delivery note pages: list, detail (with the outbound to make and the outbounds made),
edit of a draft's quantities."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from erp.api.framework import load
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.sales.delivery import outbounds, services
from erp.sales.delivery.models import DeliveryNote
from erp.sales.delivery.schemas import DeliveryNoteUpdateIn, OutboundMakeIn
from erp.sales.orders.models import SalesOrder
from erp.sales.permissions import (
    DELIVERY_NOTE_EDIT,
    DELIVERY_NOTE_VIEW,
    SALES_INVOICE_EDIT,
    SALES_RETURN_EDIT,
)
from erp.sales.web import document_page, list_page, taken_data
from erp.web.nav import nav_item
from erp.web.pages import Form, done, page, run_verb
from inventory.batches.models import Batch
from inventory.permissions import OUTBOUND_EDIT
from inventory.stock.models import StockBalance

bp = Blueprint("delivery_notes", __name__, url_prefix="/delivery-notes", template_folder="templates")
nav_item("sales", N_("Delivery notes"), "delivery_notes.index", DELIVERY_NOTE_VIEW, 30)

VERBS = {
    "submit": services.submit_delivery_note, "approve": services.approve_delivery_note,
    "reject": services.reject_delivery_note, "unapprove": services.unapprove_delivery_note,
    "cancel": services.cancel_delivery_note, "close": services.close_delivery_note,
    "reopen": services.reopen_delivery_note,
}


def batches_in_stock(session, product_ids: list[int], warehouse_id: int) -> dict[int, list[Batch]]:
    """Batches with stock of each product in the warehouse, earliest expiry first (the override list)."""
    rows = session.scalars(
        select(Batch).join(StockBalance, StockBalance.batch_id == Batch.id)
        .where(StockBalance.product_id.in_(product_ids), StockBalance.warehouse_id == warehouse_id,
               StockBalance.on_hand > 0)
        .order_by(Batch.expiry_date, Batch.id))
    out: dict[int, list[Batch]] = {}
    for batch in rows:
        out.setdefault(batch.product_id, []).append(batch)
    return out


@page(bp, "/", permission=DELIVERY_NOTE_VIEW)
def index(session, actor):
    return list_page(session, DeliveryNote, N_("Delivery notes"), "delivery_notes.detail",
                     extra_column=(N_("Sales order"), lambda d: d.order.label))


@page(bp, "/<int:id>", permission=DELIVERY_NOTE_VIEW)
def detail(session, actor, id):
    doc = get_document(session, DeliveryNote, id)
    to_ship = outbounds.remaining_to_ship(session, doc) if doc.state.value == "approved" else {}
    return document_page(
        session, actor, doc, "sales/delivery/detail.html", url_for("delivery_notes.detail", id=id),
        to_ship=to_ship,
        batches=batches_in_stock(session, [li.product_id for li in doc.lines], doc.warehouse_id),
        made=doc.downstream_documents(session), can_ship=actor.can(OUTBOUND_EDIT),
        can_invoice=actor.can(SALES_INVOICE_EDIT), can_return=actor.can(SALES_RETURN_EDIT))


@page(bp, "/<int:id>/edit", permission=DELIVERY_NOTE_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, DeliveryNote, id)
    order = get_document(session, SalesOrder, doc.order_id)
    remaining = services.remaining_of_order(session, order, excluding=doc.id)
    status = 200
    form = Form(values={"doc_date": doc.doc_date.isoformat(), "ship_to": doc.ship_to or "", "note": doc.note or ""})
    if request.method == "POST":
        data = taken_data(DeliveryNoteUpdateIn)
        try:
            services.update_delivery_note(session, actor, id, load(DeliveryNoteUpdateIn, data))
            return done(N_("Saved."), "delivery_notes.detail", id=id)
        except ErpError as exc:
            form, status = Form.from_error(data, exc), 422
    return render_template("sales/delivery/form.html", doc=doc, order=order, remaining=remaining, form=form), status


@page(bp, "/<int:id>/outbounds", permission=OUTBOUND_EDIT, methods=("POST",))
def make_outbound(session, actor, id):
    outbound = outbounds.make_outbound(session, actor, id, load(OutboundMakeIn, taken_data(OutboundMakeIn)))
    return done(N_("Outbound made."), "inventory.outbound_detail", id=outbound.id)


@page(bp, "/<int:id>/<verb>", permission=DELIVERY_NOTE_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_delivery_note, "delivery_notes.detail",
                    "delivery_notes.index")
