"""Carrier pages: list, new, edit."""
from __future__ import annotations

from flask import render_template, request

from erp.api.framework import load, paginate
from erp.errors import N_, ErpError
from erp.web.pages import Form, Pager, done, form_data, list_args, page
from logistics.carriers import services
from logistics.carriers.schemas import CarrierIn, CarrierUpdateIn
from logistics.permissions import CARRIER_EDIT, CARRIER_VIEW
from logistics.web import bp


@page(bp, "/carriers/", permission=CARRIER_VIEW)
def carriers(session, actor):
    args = list_args()
    items, total, page_no, per_page = paginate(session, services.query_carriers(q=args["q"]), args)
    return render_template("logistics/carriers.html", carriers=items, pager=Pager(page_no, per_page, total),
                           q=args["q"])


@page(bp, "/carriers/new", permission=CARRIER_EDIT, methods=("GET", "POST"))
def carrier_new(session, actor):
    if request.method == "POST":
        data = form_data(CarrierIn)
        try:
            carrier = services.create_carrier(session, actor, load(CarrierIn, data))
        except ErpError as exc:
            return render_template("logistics/carrier_form.html", form=Form.from_error(data, exc), carrier=None), 422
        return done(N_("Saved."), "logistics.carrier_edit", carrier_id=carrier.id)
    return render_template("logistics/carrier_form.html", form=Form(values={"active": True}), carrier=None)


@page(bp, "/carriers/<int:carrier_id>", permission=CARRIER_VIEW, methods=("GET", "POST"))
def carrier_edit(session, actor, carrier_id):
    carrier = services.get_carrier(session, carrier_id)
    if request.method == "POST":
        data = form_data(CarrierUpdateIn)
        try:
            services.update_carrier(session, actor, carrier_id, load(CarrierUpdateIn, data))
        except ErpError as exc:
            return render_template("logistics/carrier_form.html", form=Form.from_error(data, exc), carrier=carrier), 422
        return done(N_("Saved."), "logistics.carrier_edit", carrier_id=carrier_id)
    values = {k: getattr(carrier, k) for k in services.FIELDS}
    return render_template("logistics/carrier_form.html", form=Form(values=values), carrier=carrier)
