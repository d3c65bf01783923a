"""Shipment pages: the list (print the labels of the checked ones), shipping outbounds, a
shipment with its packages, changing carrier/waybill/packages, 签收, delete."""
from __future__ import annotations

from flask import render_template, request

from erp.api.framework import load, paginate
from erp.errors import N_, ErpError
from erp.masterdata.views import refused
from erp.web.pages import Form, Pager, arg_choice, arg_id, done, form_data, list_args, page
from logistics.carriers.services import query_carriers
from logistics.permissions import SHIPMENT_DELIVER, SHIPMENT_EDIT, SHIPMENT_VIEW
from logistics.shipments import services
from logistics.shipments.models import STATUS_LABELS, ShipmentStatus
from logistics.shipments.schemas import DeliveryIn, ShipmentIn, ShipmentUpdateIn
from logistics.web import bp


def carrier_options(session) -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in session.scalars(query_carriers(active=True))]


@page(bp, "/shipments/", permission=SHIPMENT_VIEW)
def shipments(session, actor):
    args = list_args()
    args["status"] = arg_choice("status", ShipmentStatus)
    items, total, page_no, per_page = paginate(session, services.query_shipments(actor, args), args)
    return render_template("logistics/shipments.html", docs=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], status=args["status"], status_labels=STATUS_LABELS)


def _new_page(session, actor, form: Form, status: int = 200):
    chosen = {str(i) for i in form.value("outbound_ids", []) or []}
    customer_id = arg_id("customer_id")
    candidates = services.unshipped_outbounds(session, actor, customer_id=customer_id)
    return render_template("logistics/shipment_new.html", form=form, outbounds=candidates, chosen=chosen,
                           carriers=carrier_options(session)), status


@page(bp, "/shipments/new", permission=SHIPMENT_EDIT, methods=("GET", "POST"))
def shipment_new(session, actor):
    if request.method == "POST":
        data = form_data(ShipmentIn)
        try:
            shipment = services.create_shipment(session, actor, load(ShipmentIn, data))
        except ErpError as exc:
            return _new_page(session, actor, Form.from_error(data, exc), 422)
        return done(N_("Shipped."), "logistics.shipment_detail", shipment_id=shipment.id)
    return _new_page(session, actor, Form(values={"outbound_ids": request.args.getlist("outbound_ids")}))


def _detail(session, actor, shipment, form: Form | None = None, status: int = 200):
    return render_template("logistics/shipment_detail.html", shipment=shipment, form=form or Form(),
                           carriers=carrier_options(session), status_labels=STATUS_LABELS), status


@page(bp, "/shipments/<int:shipment_id>", permission=SHIPMENT_VIEW)
def shipment_detail(session, actor, shipment_id):
    return _detail(session, actor, services.get_shipment(session, actor, shipment_id))


@page(bp, "/shipments/<int:shipment_id>/edit", permission=SHIPMENT_EDIT, methods=("POST",))
def shipment_edit(session, actor, shipment_id):
    data = form_data(ShipmentUpdateIn)
    try:
        services.update_shipment(session, actor, shipment_id, load(ShipmentUpdateIn, data))
    except ErpError as exc:
        return _detail(session, actor, services.get_shipment(session, actor, shipment_id), Form.from_error(data, exc),
                       422)
    return done(N_("Saved."), "logistics.shipment_detail", shipment_id=shipment_id)


@page(bp, "/shipments/<int:shipment_id>/deliver", permission=SHIPMENT_DELIVER, methods=("POST",))
def shipment_deliver(session, actor, shipment_id):
    data = form_data(DeliveryIn)
    try:
        services.confirm_delivery(session, actor, shipment_id, load(DeliveryIn, data))
    except ErpError as exc:
        return _detail(session, actor, services.get_shipment(session, actor, shipment_id), Form.from_error(data, exc),
                       422)
    return done(N_("Delivery confirmed."), "logistics.shipment_detail", shipment_id=shipment_id)


@page(bp, "/shipments/<int:shipment_id>/delete", permission=SHIPMENT_EDIT, methods=("POST",))
def shipment_delete(session, actor, shipment_id):
    try:
        services.delete_shipment(session, actor, shipment_id)
    except ErpError as exc:
        return refused(exc, "logistics.shipment_detail", shipment_id=shipment_id)
    return done(N_("Deleted."), "logistics.shipments")
