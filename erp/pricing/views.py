"""Price list pages: list with filters, detail/edit with quantity breaks, new, delete;
and a price check (which price a customer pays, and why)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from flask import Blueprint, render_template, request
from flask_babel import gettext
from marshmallow import ValidationError
from sqlalchemy import select

from erp import clock
from erp.api.framework import load, paginate
from erp.api.schemas import FIRST_DATE, LAST_DATE, Qty
from erp.auth.permissions import PRICE_LIST_EDIT, PRICE_LIST_VIEW
from erp.customers.models import Customer
from erp.customers.services import CUSTOMER_CATEGORIES
from erp.errors import N_, ErpError
from erp.masterdata import views as shared
from erp.masterdata.categories import category_options
from erp.masterdata.records import get_record
from erp.masterdata.values import plain, price_text
from erp.pricing import services
from erp.pricing.resolve import resolve_price
from erp.pricing.schemas import PriceListIn, PriceListUpdateIn
from erp.products.lookup import lookup_product
from erp.products.models import Product
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, as_id, done, form_data, list_args, page

bp = Blueprint("pricing", __name__, url_prefix="/pricing", template_folder="templates")
nav_item("master", N_("Price lists"), "pricing.index", PRICE_LIST_VIEW, 40)
nav_item("sales", N_("Price check"), "pricing.price_check", PRICE_LIST_VIEW, 90)


def _customers(session) -> list[tuple[int, str]]:
    return [(c.id, f"{c.code} {c.name}") for c in session.scalars(
        select(Customer).where(Customer.active.is_(True)).order_by(Customer.code))]


def _context(session, form: Form) -> dict:
    ids = [row.get("product_id") for row in form.values.get("items") or []]
    ids = [i for i in map(as_id, ids) if i]
    products = {p.id: f"{p.sku} {p.name} {p.spec or ''}".strip()
                for p in session.scalars(select(Product).where(Product.id.in_(ids)))} if ids else {}
    return {"customers": _customers(session), "categories": category_options(session, CUSTOMER_CATEGORIES),
            "product_labels": products}


@page(bp, "/", permission=PRICE_LIST_VIEW)
def index(session, actor):
    args = list_args()
    scope = request.args.get("scope") if request.args.get("scope") in ("customer", "category", "general") else None
    active = {"1": True, "0": False}.get(request.args.get("active", ""))
    stmt = services.query_price_lists(q=args["q"], scope=scope, active=active)
    items, total, page_no, per_page = paginate(session, stmt, args)
    return render_template("pricing/list.html", price_lists=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], args=request.args)


def _form(price_list, form: Form, session, status: int = 200):
    return render_template("pricing/form.html", form=form, price_list=price_list, **_context(session, form)), status


@page(bp, "/new", permission=PRICE_LIST_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(PriceListIn)
        try:
            price_list = services.create_price_list(session, actor, load(PriceListIn, data))
        except ErpError as exc:
            return _form(None, Form.from_error(data, exc), session, exc.status)
        return done(N_("Saved."), "pricing.edit", price_list_id=price_list.id)
    return _form(None, Form(values={"active": True, "price_includes_vat": True, "priority": 0}), session)


@page(bp, "/<int:price_list_id>", permission=PRICE_LIST_VIEW, methods=("GET", "POST"))
def edit(session, actor, price_list_id):
    price_list = services.get_price_list(session, price_list_id)
    if request.method == "POST":
        data = form_data(PriceListUpdateIn)
        data.setdefault("items", [])
        try:
            services.update_price_list(session, actor, price_list_id, load(PriceListUpdateIn, data))
        except ErpError as exc:
            return _form(price_list, Form.from_error(data, exc), session, exc.status)
        return done(N_("Saved."), "pricing.edit", price_list_id=price_list_id)
    values = {k: getattr(price_list, k) for k in services.FIELDS}
    values["items"] = [{"product_id": i.product_id, "min_qty": plain(i.min_qty), "price": price_text(i.price)}
                       for i in price_list.items]
    return _form(price_list, Form(values=values), session)


@page(bp, "/<int:price_list_id>/delete", permission=PRICE_LIST_EDIT, methods=("POST",))
def delete(session, actor, price_list_id):
    try:
        services.delete_price_list(session, actor, price_list_id)
    except ErpError as exc:
        return shared.refused(exc, "pricing.edit", price_list_id=price_list_id)
    return done(N_("Deleted."), "pricing.index")


_CHECKED_QTY = Qty(minimum=Decimal(0))


@page(bp, "/check", permission=PRICE_LIST_VIEW)
def price_check(session, actor):
    """Which price a customer pays for a product and quantity on a date."""
    args = request.args
    quote = match = error = None
    if args.get("product"):
        try:
            match = lookup_product(session, args["product"], active_only=False)
            customer = get_record(session, Customer, as_id(args["customer_id"])) if as_id(args.get("customer_id")) else None
            qty = _CHECKED_QTY.deserialize(args.get("qty") or "1")  # NaN, 1E+30, 1.00001: not valid
            on_date = dt.date.fromisoformat(args["on_date"]) if args.get("on_date") else clock.today()
            if not FIRST_DATE <= on_date <= LAST_DATE:
                raise ValueError(on_date)
            quote = resolve_price(session, customer, match.product, qty * match.factor, on_date)
        except ErpError as exc:
            error = exc
        except (ValueError, InvalidOperation, ValidationError):
            error = ErpError(N_("The input is not valid."))
    return render_template("pricing/check.html", customers=_customers(session), quote=quote, match=match,
                           source=quote.describe(gettext) if quote else None,
                           error=error.render(gettext) if error else None, args=args)
