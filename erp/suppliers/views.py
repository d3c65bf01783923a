"""Supplier pages: list with search, detail/edit, new, delete."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from erp.api.framework import load, paginate
from erp.auth.permissions import SUPPLIER_EDIT, SUPPLIER_VIEW
from erp.errors import N_, ErpError
from erp.masterdata import views as shared
from erp.suppliers import services
from erp.suppliers.schemas import SupplierIn, SupplierUpdateIn
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, done, form_data, list_args, page

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers", template_folder="templates")
nav_item("master", N_("Suppliers"), "suppliers.index", SUPPLIER_VIEW, 60)


@page(bp, "/", permission=SUPPLIER_VIEW)
def index(session, actor):
    args = list_args()
    active = {"1": True, "0": False}.get(request.args.get("active", ""))
    items, total, page_no, per_page = paginate(session, services.query_suppliers(q=args["q"], active=active), args)
    return render_template("suppliers/list.html", suppliers=items, pager=Pager(page_no, per_page, total), q=args["q"],
                           args=request.args)


@page(bp, "/new", permission=SUPPLIER_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(SupplierIn)
        try:
            supplier = services.create_supplier(session, actor, load(SupplierIn, data))
        except ErpError as exc:
            return render_template("suppliers/form.html", form=Form.from_error(data, exc), supplier=None), exc.status
        return done(N_("Saved."), "suppliers.edit", supplier_id=supplier.id)
    return render_template("suppliers/form.html", form=Form(values={"active": True, "payment_terms_days": 30}),
                           supplier=None)


@page(bp, "/<int:supplier_id>", permission=SUPPLIER_VIEW, methods=("GET", "POST"))
def edit(session, actor, supplier_id):
    supplier = services.get_supplier(session, supplier_id)
    if request.method == "POST":
        data = form_data(SupplierUpdateIn)
        try:
            services.update_supplier(session, actor, supplier_id, load(SupplierUpdateIn, data))
        except ErpError as exc:
            return render_template("suppliers/form.html", form=Form.from_error(data, exc), supplier=supplier), exc.status
        return done(N_("Saved."), "suppliers.edit", supplier_id=supplier_id)
    values = {k: getattr(supplier, k) for k in services.FIELDS}
    return render_template("suppliers/form.html", form=Form(values=values), supplier=supplier)


@page(bp, "/<int:supplier_id>/delete", permission=SUPPLIER_EDIT, methods=("POST",))
def delete(session, actor, supplier_id):
    try:
        services.delete_supplier(session, actor, supplier_id)
    except ErpError as exc:
        return shared.refused(exc, "suppliers.edit", supplier_id=supplier_id)
    return done(N_("Deleted."), "suppliers.index")
