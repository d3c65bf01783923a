"""Purchase order pages: list, keyboard-driven entry and edit, detail with the verbs,
the receiving progress and the document chain."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from erp.api.framework import load, paginate
from erp.documents.base import DocState
from erp.documents.presenters import document_panel
from erp.errors import N_
from erp.products.models import Product
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, arg_choice, as_id, done, form_data, list_args, page, run_verb
from inventory.documents import load_visible
from inventory.web import warehouse_options
from purchasing import pages
from purchasing.orders import services
from purchasing.orders.models import RECEIPT_STATUS_LABELS, PurchaseOrder
from purchasing.orders.progress import order_progress
from purchasing.orders.schemas import PurchaseOrderIn
from purchasing.permissions import PURCHASE_ORDER_EDIT, PURCHASE_ORDER_VIEW
from purchasing.queries import filter_documents

bp = Blueprint("purchase_orders", __name__, url_prefix="/purchasing/orders", template_folder="../templates",
               static_folder="../static", static_url_path="/static")
nav_item("purchasing", N_("Purchase orders"), "purchase_orders.index", PURCHASE_ORDER_VIEW, 10)

VERBS = {
    "submit": services.submit_order,
    "approve": services.approve_order,
    "reject": services.reject_order,
    "unapprove": services.unapprove_order,
    "cancel": services.cancel_order,
    "close": services.close_order,
    "reopen": services.reopen_order,
}


@page(bp, "/", permission=PURCHASE_ORDER_VIEW)
def index(session, actor):
    args = {**list_args(), "state": arg_choice("state", DocState)}
    items, total, page_no, per_page = paginate(session, filter_documents(PurchaseOrder, actor, args), args)
    return render_template("purchasing/document_list.html", docs=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], state=args["state"], title=N_("Purchase orders"),
                           detail="purchase_orders.detail", new_url=url_for("purchase_orders.new")
                           if actor.can(PURCHASE_ORDER_EDIT) else None, status_labels=RECEIPT_STATUS_LABELS)


def _form_context(session, actor, values: dict, doc=None) -> dict:
    """Choices of the form, and the products its lines name (to show their names and units again)."""
    ids = {i for line in values.get("lines") or [] if (i := as_id(line.get("product_id")))}
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(ids)))} if ids else {}
    return {"doc": doc, "suppliers": pages.supplier_choices(session),
            "warehouses": warehouse_options(session, actor), "vat_rates": pages.vat_choices(),
            "products": products, "unit_choices": pages.unit_choices}


def _form_values(doc: PurchaseOrder) -> dict:
    return {"supplier_id": doc.supplier_id, "warehouse_id": doc.warehouse_id, "doc_date": doc.doc_date.isoformat(),
            "expected_date": doc.expected_date.isoformat() if doc.expected_date else "",
            "price_includes_vat": doc.price_includes_vat, "supplier_ref": doc.supplier_ref or "",
            "note": doc.note or "",
            "lines": [{"product_id": line.product_id, "unit_id": line.unit_id, "qty": line.qty,
                       "unit_price": line.unit_price, "vat_rate": format(line.vat_rate, "f")} for line in doc.lines]}


@page(bp, "/new", permission=PURCHASE_ORDER_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(PurchaseOrderIn)
        return pages.form_page("purchasing/order_form.html", lambda d: services.create_order(
            session, actor, load(PurchaseOrderIn, d)), data, lambda doc: done(N_("Saved."), "purchase_orders.detail",
                                                                       id=doc.id), **_form_context(session, actor, data))
    context = _form_context(session, actor, {})
    only = context["warehouses"][0][0] if len(context["warehouses"]) == 1 else ""
    form = Form(values={"price_includes_vat": True, "warehouse_id": only, "lines": [{}]})
    return render_template("purchasing/order_form.html", form=form, **context)


@page(bp, "/<int:id>/edit", permission=PURCHASE_ORDER_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = load_visible(session, actor, PurchaseOrder, id)
    if request.method == "POST":
        data = form_data(PurchaseOrderIn)
        return pages.form_page("purchasing/order_form.html", lambda d: services.update_order(
            session, actor, id, load(PurchaseOrderIn, d)), data, lambda _doc: done(N_("Saved."), "purchase_orders.detail",
                                                                            id=id), **_form_context(session, actor, data, doc))
    values = _form_values(doc)
    return render_template("purchasing/order_form.html", form=Form(values=values),
                           **_form_context(session, actor, values, doc))


@page(bp, "/<int:id>", permission=PURCHASE_ORDER_VIEW)
def detail(session, actor, id):
    doc = load_visible(session, actor, PurchaseOrder, id)
    return render_template("purchasing/order_detail.html", doc=doc, panel=document_panel(session, actor, doc),
                           progress=order_progress(session, doc), status_labels=RECEIPT_STATUS_LABELS,
                           base_url=url_for("purchase_orders.detail", id=id))


@page(bp, "/<int:id>/<verb>", permission=PURCHASE_ORDER_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_order, "purchase_orders.detail", "purchase_orders.index")
