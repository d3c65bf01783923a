"""Customer pages: list with search and filters, detail/edit with contacts and addresses,
new, delete, import/export; and the customer category tree."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from erp.api.framework import load, paginate
from erp.auth.models import User
from erp.auth.permissions import (
    CUSTOMER_CATEGORY_EDIT,
    CUSTOMER_DELETE,
    CUSTOMER_EDIT,
    CUSTOMER_IMPORT,
    CUSTOMER_VIEW,
)
from erp.customers import services
from erp.customers.io import CUSTOMER_TABLE
from erp.customers.schemas import CustomerIn, CustomerUpdateIn
from erp.customers.services import CUSTOMER_CATEGORIES as TREE
from erp.errors import N_, ErpError
from erp.imports.views import export_download, import_page
from erp.masterdata import views as shared
from erp.masterdata.categories import category_options
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, arg_id, done, form_data, list_args, page

bp = Blueprint("customers", __name__, url_prefix="/customers", template_folder="templates")
nav_item("master", N_("Customers"), "customers.index", CUSTOMER_VIEW, 10)
nav_item("master", N_("Customer categories"), "customers.categories", CUSTOMER_VIEW, 15)

CATEGORY_ENDPOINTS = {"index": "customers.categories", "rename": "customers.category_rename",
                      "delete": "customers.category_delete"}


def _filters() -> dict:
    active = request.args.get("active", "")
    return {"category_id": arg_id("category_id"), "salesperson_id": arg_id("salesperson_id"),
            "active": {"1": True, "0": False}.get(active)}


def _options(session) -> dict:
    from erp.pricing.models import PriceList

    users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
    lists = session.scalars(select(PriceList).where(PriceList.customer_id.is_(None),
                                                    PriceList.customer_category_id.is_(None)).order_by(PriceList.code))
    return {"categories": category_options(session, TREE),
            "salespeople": [(u.id, f"{u.display_name} ({u.username})") for u in users],
            "price_lists": [(p.id, f"{p.code} {p.name}") for p in lists]}


@page(bp, "/", permission=CUSTOMER_VIEW)
def index(session, actor):
    args = list_args()
    stmt = services.query_customers(session, q=args["q"], **_filters())
    items, total, page_no, per_page = paginate(session, stmt, args)
    return render_template("customers/list.html", customers=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], args=request.args, **_options(session))


def _form(customer, form: Form, session, status: int = 200):
    return render_template("customers/form.html", form=form, customer=customer, **_options(session)), status


@page(bp, "/new", permission=CUSTOMER_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(CustomerIn)
        try:
            customer = services.create_customer(session, actor, load(CustomerIn, data))
        except ErpError as exc:
            return _form(None, Form.from_error(data, exc), session, exc.status)
        return done(N_("Saved."), "customers.edit", customer_id=customer.id)
    return _form(None, Form(values={"active": True, "payment_terms_days": 0}), session)


def customer_values(customer) -> dict:
    values = {k: getattr(customer, k) for k in services.FIELDS}
    values["contacts"] = [{"id": c.id, "name": c.name, "position": c.position, "phone": c.phone, "email": c.email}
                          for c in customer.contacts]
    values["addresses"] = [{"id": a.id, "label": a.label, "recipient": a.recipient, "phone": a.phone,
                            "province": a.province, "city": a.city, "district": a.district, "address": a.address,
                            "is_default": a.is_default} for a in customer.addresses]
    return values


@page(bp, "/<int:customer_id>", permission=CUSTOMER_VIEW, methods=("GET", "POST"))
def edit(session, actor, customer_id):
    customer = services.get_customer(session, customer_id)
    if request.method == "POST":
        data = form_data(CustomerUpdateIn)
        data.setdefault("contacts", [])
        data.setdefault("addresses", [])
        try:
            services.update_customer(session, actor, customer_id, load(CustomerUpdateIn, data))
        except ErpError as exc:
            return _form(customer, Form.from_error(data, exc), session, exc.status)
        return done(N_("Saved."), "customers.edit", customer_id=customer_id)
    return _form(customer, Form(values=customer_values(customer)), session)


@page(bp, "/<int:customer_id>/delete", permission=CUSTOMER_DELETE, methods=("POST",))
def delete(session, actor, customer_id):
    try:
        services.delete_customer(session, actor, customer_id)
    except ErpError as exc:
        return shared.refused(exc, "customers.edit", customer_id=customer_id)
    return done(N_("Deleted."), "customers.index")


@page(bp, "/import", permission=CUSTOMER_IMPORT, methods=("GET", "POST"))
def import_customers(session, actor):
    return import_page(session, actor, CUSTOMER_TABLE, title=N_("Import customers"), back_endpoint="customers.index")


@page(bp, "/export", permission=CUSTOMER_VIEW)
def export_customers(session, actor):
    args = list_args()
    return export_download(session, CUSTOMER_TABLE, services.query_customers(session, q=args["q"], **_filters()))


@page(bp, "/categories", permission=CUSTOMER_VIEW, methods=("GET", "POST"))
def categories(session, actor):
    return shared.category_page(session, actor, TREE, CATEGORY_ENDPOINTS, N_("Customer categories"))


@page(bp, "/categories/<int:category_id>", permission=CUSTOMER_CATEGORY_EDIT, methods=("POST",))
def category_rename(session, actor, category_id):
    return shared.category_rename(session, actor, TREE, category_id, CATEGORY_ENDPOINTS)


@page(bp, "/categories/<int:category_id>/delete", permission=CUSTOMER_CATEGORY_EDIT, methods=("POST",))
def category_delete(session, actor, category_id):
    return shared.category_delete(session, actor, TREE, category_id, CATEGORY_ENDPOINTS)
