"""Warehouse pages: list with search, detail/edit, new."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from erp.api.framework import load, paginate
from erp.auth.permissions import WAREHOUSE_EDIT, WAREHOUSE_VIEW
from erp.errors import N_, ErpError
from erp.warehouses import services
from erp.warehouses.schemas import WarehouseIn, WarehouseUpdateIn
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, done, form_data, list_args, page, refused

bp = Blueprint("warehouses", __name__, url_prefix="/warehouses", template_folder="templates")
nav_item("master", N_("Warehouses"), "warehouses.index", WAREHOUSE_VIEW, 50)


@page(bp, "/", permission=WAREHOUSE_VIEW)
def index(session, actor):
    args = list_args()
    items, total, page_no, per_page = paginate(session, services.query_warehouses(actor, q=args["q"]), args)
    return render_template("warehouses/list.html", warehouses=items, pager=Pager(page_no, per_page, total), q=args["q"])


@page(bp, "/new", permission=WAREHOUSE_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(WarehouseIn)
        try:
            warehouse = services.create_warehouse(session, actor, load(WarehouseIn, data))
        except ErpError as exc:
            return render_template("warehouses/form.html", form=Form.from_error(data, exc), warehouse=None), 422
        return done(N_("Saved."), "warehouses.edit", warehouse_id=warehouse.id)
    return render_template("warehouses/form.html", form=Form(values={"active": True}), warehouse=None)


@page(bp, "/<int:warehouse_id>", permission=WAREHOUSE_VIEW, methods=("GET", "POST"))
def edit(session, actor, warehouse_id):
    warehouse = services.get_warehouse(session, warehouse_id)
    if request.method == "POST":
        data = form_data(WarehouseUpdateIn)
        try:
            services.update_warehouse(session, actor, warehouse_id, load(WarehouseUpdateIn, data))
        except ErpError as exc:
            return render_template("warehouses/form.html", form=Form.from_error(data, exc), warehouse=warehouse), 422
        return done(N_("Saved."), "warehouses.edit", warehouse_id=warehouse_id)
    values = {k: getattr(warehouse, k) for k in services.FIELDS}
    return render_template("warehouses/form.html", form=Form(values=values), warehouse=warehouse)


@page(bp, "/<int:warehouse_id>/delete", permission=WAREHOUSE_EDIT, methods=("POST",))
def delete(session, actor, warehouse_id):
    try:
        services.delete_warehouse(session, actor, warehouse_id)
    except ErpError as exc:
        return refused(exc, "warehouses.edit", warehouse_id=warehouse_id)
    return done(N_("Deleted."), "warehouses.index")
