"""Sales order pages: the list, the keyboard-driven entry form (new, edit, copy), the
detail page with progress per line and the delivery notes made from it."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from erp import clock
from erp.api.framework import load
from erp.customers.models import Customer
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.products.models import Product
from erp.sales.delivery import services as delivery
from erp.sales.delivery.schemas import DeliveryMakeIn
from erp.sales.orders import backlog, making, services
from erp.sales.orders.models import FULFILMENT_LABELS, SalesOrder
from erp.sales.orders.progress import order_progress
from erp.sales.orders.schemas import BacklogQuery, OrderIn
from erp.sales.permissions import DELIVERY_NOTE_EDIT, SALES_ORDER_EDIT, SALES_ORDER_VIEW
from erp.sales.web import document_page, list_page, taken_data
from erp.warehouses.models import Warehouse
from erp.web.nav import nav_item
from erp.web.pages import Form, as_id, done, form_data, page, run_verb
from inventory.web import warehouse_options

bp = Blueprint("sales_orders", __name__, url_prefix="/sales-orders", template_folder="templates")
nav_item("sales", N_("Sales orders"), "sales_orders.index", SALES_ORDER_VIEW, 20)
nav_item("sales", N_("Orders to deliver"), "sales_orders.to_deliver", SALES_ORDER_VIEW, 25)

VERBS = {
    "submit": services.submit_order, "approve": services.approve_order, "reject": services.reject_order,
    "unapprove": services.unapprove_order, "cancel": services.cancel_order, "close": services.close_order,
    "reopen": services.reopen_order,
}


@page(bp, "/", permission=SALES_ORDER_VIEW)
def index(session, actor):
    return list_page(session, SalesOrder, N_("Sales orders"), "sales_orders.detail", new_endpoint="sales_orders.new",
                     new_permission=SALES_ORDER_EDIT,
                     extra_column=(N_("Progress"), fulfilment_label))


def fulfilment_label(doc: SalesOrder) -> str:
    """执行进度 of an order in the user's language ("" before approval)."""
    label = FULFILMENT_LABELS.get(doc.fulfilment or "")
    return gettext(label) if label else ""


@page(bp, "/to-deliver", permission=SALES_ORDER_VIEW)
def to_deliver(session, actor):
    """待发货: what approved orders still wait to have delivered (see :mod:`erp.sales.orders.backlog`)."""
    values = {k: v for k, v in request.args.items() if k in ("q", "warehouse_id", "due_by") and v}
    form, rows, status = Form(values=values), [], 200
    try:
        args = load(BacklogQuery, values)
        rows = backlog.undelivered_lines(session, actor, warehouse_id=args.get("warehouse_id"),
                                         due_by=args.get("due_by"), q=args.get("q"))
    except ErpError as exc:
        form, status = Form.from_error(values, exc), 422
    return render_template("sales/orders/to_deliver.html", rows=rows, form=form, filters=values,
                           warehouses=warehouse_options(session, actor), limit=backlog.LIMIT,
                           can_deliver=actor.can(DELIVERY_NOTE_EDIT)), status


def active_warehouses(session) -> list[Warehouse]:
    return list(session.scalars(select(Warehouse).where(Warehouse.active.is_(True)).order_by(Warehouse.code)))


def entry_context(session, form: Form, doc=None, kind: str = "order") -> dict:
    """What the entry form needs to show again what was typed: products and warehouses."""
    ids = [i for line in form.values.get("lines") or [] if (i := as_id(line.get("product_id")))]
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(ids)))} if ids else {}
    warehouses = active_warehouses(session)
    customer_id = as_id(form.values.get("customer_id"))
    customer = session.get(Customer, customer_id) if customer_id else None
    return {"form": form, "doc": doc, "products": products, "warehouses": warehouses, "kind": kind,
            "customer_text": str(customer) if customer else ""}


def form_values(doc: SalesOrder) -> dict:
    return {"customer_id": doc.customer_id, "warehouse_id": doc.warehouse_id,
            "doc_date": doc.doc_date.isoformat(), "delivery_date": doc.delivery_date.isoformat() if doc.delivery_date
            else "", "ship_to": doc.ship_to or "", "customer_po": doc.customer_po or "", "note": doc.note or "",
            "price_includes_vat": doc.price_includes_vat,
            "lines": [{"product_id": line.product_id, "unit_id": line.unit_id, "qty": line.qty,
                       "unit_price": line.unit_price, "discount_pct": line.discount_rate * 100}
                      for line in doc.lines]}


def _save(session, actor, doc=None):
    data = form_data(OrderIn)
    try:
        loaded = load(OrderIn, data)
        saved = (services.update_order(session, actor, doc.id, loaded) if doc
                 else services.create_order(session, actor, loaded))
    except ErpError as exc:
        return render_template("sales/orders/form.html", **entry_context(session, Form.from_error(data, exc), doc)), 422
    return done(N_("Saved."), "sales_orders.detail", id=saved.id)


@page(bp, "/new", permission=SALES_ORDER_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        return _save(session, actor)
    form = Form(values={"price_includes_vat": True, "doc_date": clock.today().isoformat()})
    return render_template("sales/orders/form.html", **entry_context(session, form))


@page(bp, "/<int:id>/edit", permission=SALES_ORDER_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, SalesOrder, id)
    if request.method == "POST":
        return _save(session, actor, doc)
    return render_template("sales/orders/form.html", **entry_context(session, Form(values=form_values(doc)), doc))


@page(bp, "/<int:id>", permission=SALES_ORDER_VIEW)
def detail(session, actor, id):
    doc = get_document(session, SalesOrder, id)
    progress = order_progress(session, doc)
    return document_page(session, actor, doc, "sales/orders/detail.html", url_for("sales_orders.detail", id=id),
                         progress=progress, to_deliver={p.line.id: p.to_deliver for p in progress},
                         fulfilment_labels=FULFILMENT_LABELS, can_deliver=actor.can(DELIVERY_NOTE_EDIT))


@page(bp, "/<int:id>/copy", permission=SALES_ORDER_EDIT, methods=("POST",))
def copy(session, actor, id):
    doc = making.copy_order(session, actor, id, {})
    return done(N_("Copied; check the lines and save."), "sales_orders.edit", id=doc.id)


@page(bp, "/<int:id>/delivery-notes", permission=DELIVERY_NOTE_EDIT, methods=("POST",))
def make_delivery_note(session, actor, id):
    note = delivery.make_delivery_note(session, actor, id, load(DeliveryMakeIn, taken_data(DeliveryMakeIn)))
    return done(N_("Delivery note made."), "delivery_notes.detail", id=note.id)


@page(bp, "/<int:id>/<verb>", permission=SALES_ORDER_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_order, "sales_orders.detail",
                    "sales_orders.index")
