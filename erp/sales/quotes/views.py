"""Quote pages: list, entry form (shared with orders), detail with the order made from it."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request, url_for

from erp import clock
from erp.api.framework import load
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.sales.orders import making
from erp.sales.orders.making import remaining_of_quote
from erp.sales.orders.schemas import OrderFromQuoteIn
from erp.sales.orders.views import active_warehouses, entry_context
from erp.sales.permissions import QUOTE_EDIT, QUOTE_VIEW, SALES_ORDER_EDIT
from erp.sales.quotes import services
from erp.sales.quotes.models import Quote
from erp.sales.quotes.schemas import QuoteIn
from erp.sales.web import document_page, list_page, taken_data
from erp.web.nav import nav_item
from erp.web.pages import Form, done, form_data, page, run_verb

bp = Blueprint("quotes", __name__, url_prefix="/quotes", template_folder="templates")
nav_item("sales", N_("Quotes"), "quotes.index", QUOTE_VIEW, 10)

VERBS = {
    "submit": services.submit_quote, "approve": services.approve_quote, "reject": services.reject_quote,
    "unapprove": services.unapprove_quote, "cancel": services.cancel_quote, "close": services.close_quote,
    "reopen": services.reopen_quote,
}


@page(bp, "/", permission=QUOTE_VIEW)
def index(session, actor):
    return list_page(session, Quote, N_("Quotes"), "quotes.detail", new_endpoint="quotes.new",
                     new_permission=QUOTE_EDIT, extra_column=(N_("Valid until"), lambda d: d.valid_until.isoformat()))


def form_values(doc: Quote) -> dict:
    return {"customer_id": doc.customer_id, "doc_date": doc.doc_date.isoformat(),
            "valid_until": doc.valid_until.isoformat(), "note": doc.note or "",
            "price_includes_vat": doc.price_includes_vat,
            "lines": [{"product_id": line.product_id, "unit_id": line.unit_id, "qty": line.qty,
                       "unit_price": line.unit_price, "discount_pct": line.discount_rate * 100}
                      for line in doc.lines]}


def _save(session, actor, doc=None):
    data = form_data(QuoteIn)
    try:
        loaded = load(QuoteIn, data)
        saved = (services.update_quote(session, actor, doc.id, loaded) if doc
                 else services.create_quote(session, actor, loaded))
    except ErpError as exc:
        context = entry_context(session, Form.from_error(data, exc), doc, kind="quote")
        return render_template("sales/orders/form.html", **context), 422
    return done(N_("Saved."), "quotes.detail", id=saved.id)


@page(bp, "/new", permission=QUOTE_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        return _save(session, actor)
    today = clock.today()
    form = Form(values={"price_includes_vat": True, "doc_date": today.isoformat(),
                        "valid_until": (today + dt.timedelta(days=services.DEFAULT_VALIDITY_DAYS)).isoformat()})
    return render_template("sales/orders/form.html", **entry_context(session, form, kind="quote"))


@page(bp, "/<int:id>/edit", permission=QUOTE_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, Quote, id)
    if request.method == "POST":
        return _save(session, actor, doc)
    return render_template("sales/orders/form.html", **entry_context(session, Form(values=form_values(doc)), doc,
                                                                     kind="quote"))


@page(bp, "/<int:id>", permission=QUOTE_VIEW)
def detail(session, actor, id):
    doc = get_document(session, Quote, id)
    return document_page(session, actor, doc, "sales/quotes/detail.html", url_for("quotes.detail", id=id),
                         remaining=remaining_of_quote(session, doc), expired=doc.is_expired(clock.today()),
                         can_order=actor.can(SALES_ORDER_EDIT), warehouses=active_warehouses(session))


@page(bp, "/<int:id>/sales-orders", permission=SALES_ORDER_EDIT, methods=("POST",))
def make_order(session, actor, id):
    order = making.make_order_from_quote(session, actor, id, load(OrderFromQuoteIn, taken_data(OrderFromQuoteIn)))
    return done(N_("Order made from the quote."), "sales_orders.detail", id=order.id)


@page(bp, "/<int:id>/<verb>", permission=QUOTE_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_quote, "quotes.detail", "quotes.index")
