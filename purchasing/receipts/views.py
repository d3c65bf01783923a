"""Goods receipt pages: list, receiving from an order (quantities, prices, batches and
dates per line), edit, detail with the verbs, the labels and the document chain."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from erp.api.framework import load, paginate
from erp.documents.base import DocState
from erp.documents.presenters import document_panel
from erp.errors import N_, ValidationFailed
from erp.web.nav import nav_item
from erp.web.pages import (
    Form,
    Pager,
    arg_choice,
    arg_id,
    done,
    form_data,
    list_args,
    page,
    run_verb,
)
from inventory.documents import load_visible
from inventory.web import warehouse_options
from purchasing import pages
from purchasing.orders.models import PurchaseOrder
from purchasing.orders.progress import order_progress
from purchasing.permissions import GOODS_RECEIPT_EDIT, GOODS_RECEIPT_VIEW, PURCHASE_RETURN_EDIT
from purchasing.queries import filter_documents
from purchasing.receipts import services
from purchasing.receipts.lines import natural_unit
from purchasing.receipts.models import GoodsReceipt
from purchasing.receipts.schemas import GoodsReceiptMakeIn, GoodsReceiptUpdateIn

bp = Blueprint("goods_receipts", __name__, url_prefix="/purchasing/receipts", template_folder="../templates")
nav_item("purchasing", N_("Goods receipts"), "goods_receipts.index", GOODS_RECEIPT_VIEW, 20)

VERBS = {
    "submit": services.submit_goods_receipt,
    "approve": services.approve_goods_receipt,
    "reject": services.reject_goods_receipt,
    "unapprove": services.unapprove_goods_receipt,
    "cancel": services.cancel_goods_receipt,
}


@page(bp, "/", permission=GOODS_RECEIPT_VIEW)
def index(session, actor):
    args = {**list_args(), "state": arg_choice("state", DocState)}
    items, total, page_no, per_page = paginate(session, filter_documents(GoodsReceipt, actor, args), args)
    return render_template("purchasing/document_list.html", docs=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], state=args["state"], title=N_("Goods receipts"),
                           detail="goods_receipts.detail", new_url=None)


def received_lines(data: dict) -> dict:
    """The form's lines that say a quantity (a line left empty is not received)."""
    lines = [line for line in data.get("lines") or [] if line.get("qty")]
    if not lines:
        raise ValidationFailed(N_("Give the quantity received of at least one line."),
                               fields={"lines": [N_("Give the quantity received of at least one line.")]})
    return {**data, "lines": lines}


def _context(session, actor, order: PurchaseOrder, doc: GoodsReceipt | None = None) -> dict:
    progress = order_progress(session, order, exclude_receipt_id=doc.id if doc else None)
    return {"order": order, "doc": doc, "progress": {p.line.id: p for p in progress},
            "warehouses": warehouse_options(session, actor), "unit_choices": pages.unit_choices}


def _new_values(session, order: PurchaseOrder) -> dict:
    lines = []
    for p in order_progress(session, order):
        if p.receivable > 0:
            unit_id, qty = natural_unit(p.line, p.to_receive) if p.to_receive > 0 else (p.line.unit_id, "")
            lines.append({"origin_line_id": p.line.id, "unit_id": unit_id, "qty": qty})
    return {"warehouse_id": order.warehouse_id, "lines": lines}


def _doc_values(doc: GoodsReceipt) -> dict:
    return {"warehouse_id": doc.warehouse_id, "confirm_other_warehouse": doc.warehouse_changed,
            "doc_date": doc.doc_date.isoformat(), "delivery_ref": doc.delivery_ref or "", "note": doc.note or "",
            "lines": [{"origin_line_id": line.origin_line_id, "unit_id": line.unit_id, "qty": line.qty,
                       "unit_price": line.unit_price, "batch_no": line.batch_no or "",
                       "production_date": line.production_date.isoformat() if line.production_date else "",
                       "expiry_date": line.expiry_date.isoformat() if line.expiry_date else ""}
                      for line in doc.lines]}


@page(bp, "/new", permission=GOODS_RECEIPT_EDIT, methods=("GET", "POST"))
def new(session, actor):
    order = load_visible(session, actor, PurchaseOrder, arg_id("order_id") or 0)
    context = _context(session, actor, order)
    if request.method == "POST":
        data = form_data(GoodsReceiptMakeIn)
        return pages.form_page("purchasing/receipt_form.html", lambda d: services.make_goods_receipt(
            session, actor, order.id, load(GoodsReceiptMakeIn, received_lines(d))), data,
            lambda doc: done(N_("Saved."), "goods_receipts.detail", id=doc.id), **context)
    return render_template("purchasing/receipt_form.html", form=Form(values=_new_values(session, order)), **context)


@page(bp, "/<int:id>/edit", permission=GOODS_RECEIPT_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = load_visible(session, actor, GoodsReceipt, id)
    context = _context(session, actor, doc.order, doc)
    if request.method == "POST":
        data = form_data(GoodsReceiptUpdateIn)
        return pages.form_page("purchasing/receipt_form.html", lambda d: services.update_goods_receipt(
            session, actor, id, load(GoodsReceiptUpdateIn, received_lines(d))), data,
            lambda _doc: done(N_("Saved."), "goods_receipts.detail", id=id), **context)
    return render_template("purchasing/receipt_form.html", form=Form(values=_doc_values(doc)), **context)


@page(bp, "/<int:id>", permission=GOODS_RECEIPT_VIEW)
def detail(session, actor, id):
    doc = load_visible(session, actor, GoodsReceipt, id)
    labels = url_for("goods_receipts_api.goods_receipt_labels_pdf", doc_id=id)
    return render_template("purchasing/receipt_detail.html", doc=doc,
                           panel=document_panel(session, actor, doc, upstream=[doc.order]),
                           base_url=url_for("goods_receipts.detail", id=id), labels_url=labels,
                           can_return=actor.can(PURCHASE_RETURN_EDIT))


@page(bp, "/<int:id>/<verb>", permission=GOODS_RECEIPT_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_goods_receipt, "goods_receipts.detail", "goods_receipts.index")
