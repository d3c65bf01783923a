"""Product pages: list with search and filters, detail/edit with packing units, new, delete,
import/export; the product category tree; units of measure."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from erp.api.framework import load, paginate
from erp.auth.permissions import (
    PRODUCT_DELETE,
    PRODUCT_EDIT,
    PRODUCT_IMPORT,
    PRODUCT_VIEW,
    UNIT_EDIT,
)
from erp.errors import N_, ErpError
from erp.imports.views import export_download, import_page
from erp.masterdata import views as shared
from erp.masterdata.categories import category_options
from erp.masterdata.values import plain, price_text
from erp.money import VAT_RATES
from erp.products import lookup, services, units
from erp.products.io import PRODUCT_TABLE
from erp.products.schemas import ProductIn, ProductUpdateIn, UnitIn, UnitUpdateIn
from erp.products.services import PRODUCT_CATEGORIES as TREE
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, arg_id, done, form_data, list_args, page

bp = Blueprint("products", __name__, url_prefix="/products", template_folder="templates")
nav_item("master", N_("Products"), "products.index", PRODUCT_VIEW, 20)
nav_item("master", N_("Product categories"), "products.categories", PRODUCT_VIEW, 25)
nav_item("master", N_("Units"), "products.units_index", PRODUCT_VIEW, 30)

CATEGORY_ENDPOINTS = {"index": "products.categories", "rename": "products.category_rename",
                      "delete": "products.category_delete"}


def _filters() -> dict:
    flag = {"1": True, "0": False}
    return {"category_id": arg_id("category_id"),
            "brand": request.args.get("brand") or None,
            "active": flag.get(request.args.get("active", "")),
            "batch_tracked": flag.get(request.args.get("batch_tracked", ""))}


def _options(session) -> dict:
    from erp.suppliers.models import Supplier

    suppliers = session.scalars(select(Supplier).where(Supplier.active.is_(True)).order_by(Supplier.code))
    return {"categories": category_options(session, TREE), "units": units.unit_options(session),
            "suppliers": [(s.id, f"{s.code} {s.name}") for s in suppliers],
            "vat_rates": [(str(r), f"{(r * 100).normalize():f}%") for r in VAT_RATES]}


@page(bp, "/", permission=PRODUCT_VIEW)
def index(session, actor):
    args = list_args()
    stmt = lookup.query_products(session, q=args["q"], **_filters())
    items, total, page_no, per_page = paginate(session, stmt, args)
    return render_template("products/list.html", products=items, pager=Pager(page_no, per_page, total), q=args["q"],
                           args=request.args, categories=category_options(session, TREE))


def _form(product, form: Form, session, status: int = 200):
    return render_template("products/form.html", form=form, product=product, **_options(session)), status


@page(bp, "/new", permission=PRODUCT_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(ProductIn)
        try:
            product = services.create_product(session, actor, load(ProductIn, data))
        except ErpError as exc:
            return _form(None, Form.from_error(data, exc), session, exc.status)
        return done(N_("Saved."), "products.edit", product_id=product.id)
    return _form(None, Form(values={"active": True, "vat_rate": "0.13", "list_price": "0"}), session)


def product_values(product) -> dict:
    values = {k: getattr(product, k) for k in services.FIELDS}
    values["vat_rate"] = plain(product.vat_rate) or "0"
    values.update({k: price_text(getattr(product, k)) for k in ("list_price", "min_price")})
    values.update({k: plain(getattr(product, k)) for k in ("reorder_point", "max_stock", "weight_kg")})
    values["packings"] = [{"id": p.id, "unit_id": p.unit_id, "factor": plain(p.factor), "barcode": p.barcode,
                           "weight_kg": plain(p.weight_kg), "is_sales_default": p.is_sales_default,
                           "is_purchase_default": p.is_purchase_default} for p in product.packings]
    return values


@page(bp, "/<int:product_id>", permission=PRODUCT_VIEW, methods=("GET", "POST"))
def edit(session, actor, product_id):
    product = services.get_product(session, product_id)
    if request.method == "POST":
        data = form_data(ProductUpdateIn)
        data.setdefault("packings", [])
        try:
            services.update_product(session, actor, product_id, load(ProductUpdateIn, data))
        except ErpError as exc:
            return _form(product, Form.from_error(data, exc), session, exc.status)
        return done(N_("Saved."), "products.edit", product_id=product_id)
    return _form(product, Form(values=product_values(product)), session)


@page(bp, "/<int:product_id>/delete", permission=PRODUCT_DELETE, methods=("POST",))
def delete(session, actor, product_id):
    try:
        services.delete_product(session, actor, product_id)
    except ErpError as exc:
        return shared.refused(exc, "products.edit", product_id=product_id)
    return done(N_("Deleted."), "products.index")


@page(bp, "/import", permission=PRODUCT_IMPORT, methods=("GET", "POST"))
def import_products(session, actor):
    return import_page(session, actor, PRODUCT_TABLE, title=N_("Import products"), back_endpoint="products.index")


@page(bp, "/export", permission=PRODUCT_VIEW)
def export_products(session, actor):
    args = list_args()
    return export_download(session, PRODUCT_TABLE, lookup.query_products(session, q=args["q"], **_filters()))


@page(bp, "/categories", permission=PRODUCT_VIEW, methods=("GET", "POST"))
def categories(session, actor):
    return shared.category_page(session, actor, TREE, CATEGORY_ENDPOINTS, N_("Product categories"))


@page(bp, "/categories/<int:category_id>", permission=PRODUCT_EDIT, methods=("POST",))
def category_rename(session, actor, category_id):
    return shared.category_rename(session, actor, TREE, category_id, CATEGORY_ENDPOINTS)


@page(bp, "/categories/<int:category_id>/delete", permission=PRODUCT_EDIT, methods=("POST",))
def category_delete(session, actor, category_id):
    return shared.category_delete(session, actor, TREE, category_id, CATEGORY_ENDPOINTS)


@page(bp, "/units/", permission=PRODUCT_VIEW)
def units_index(session, actor):
    args = list_args()
    items, total, page_no, per_page = paginate(session, units.query_units(q=args["q"]), args)
    return render_template("products/units.html", units=items, pager=Pager(page_no, per_page, total), q=args["q"])


@page(bp, "/units/new", permission=UNIT_EDIT, methods=("GET", "POST"))
def unit_new(session, actor):
    if request.method == "POST":
        data = form_data(UnitIn)
        try:
            unit = units.create_unit(session, actor, load(UnitIn, data))
        except ErpError as exc:
            return render_template("products/unit_form.html", form=Form.from_error(data, exc), unit=None), exc.status
        return done(N_("Saved."), "products.unit_edit", unit_id=unit.id)
    return render_template("products/unit_form.html", form=Form(values={"active": True, "decimals": 0}), unit=None)


@page(bp, "/units/<int:unit_id>", permission=PRODUCT_VIEW, methods=("GET", "POST"))
def unit_edit(session, actor, unit_id):
    unit = units.get_unit(session, unit_id)
    if request.method == "POST":
        data = form_data(UnitUpdateIn)
        try:
            units.update_unit(session, actor, unit_id, load(UnitUpdateIn, data))
        except ErpError as exc:
            return render_template("products/unit_form.html", form=Form.from_error(data, exc), unit=unit), exc.status
        return done(N_("Saved."), "products.unit_edit", unit_id=unit_id)
    values = {k: getattr(unit, k) for k in units.FIELDS}
    return render_template("products/unit_form.html", form=Form(values=values), unit=unit)


@page(bp, "/units/<int:unit_id>/delete", permission=UNIT_EDIT, methods=("POST",))
def unit_delete(session, actor, unit_id):
    try:
        units.delete_unit(session, actor, unit_id)
    except ErpError as exc:
        return shared.refused(exc, "products.unit_edit", unit_id=unit_id)
    return done(N_("Deleted."), "products.units_index")
