"""Purchase return pages: list, returning goods of a receipt (quantity and batch per
line), edit, detail with the verbs and the document chain."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

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
from inventory.batches.models import Batch
from inventory.documents import load_visible
from purchasing import pages
from purchasing.permissions import PURCHASE_RETURN_EDIT, PURCHASE_RETURN_VIEW
from purchasing.queries import filter_documents
from purchasing.receipts.lines import natural_unit
from purchasing.receipts.models import GoodsReceipt
from purchasing.returns import services
from purchasing.returns.lines import left_to_return
from purchasing.returns.models import PurchaseReturn
from purchasing.returns.schemas import PurchaseReturnMakeIn, PurchaseReturnUpdateIn

bp = Blueprint("purchase_returns", __name__, url_prefix="/purchasing/returns", template_folder="../templates")
nav_item("purchasing", N_("Purchase returns"), "purchase_returns.index", PURCHASE_RETURN_VIEW, 30)

VERBS = {
    "submit": services.submit_purchase_return,
    "approve": services.approve_purchase_return,
    "reject": services.reject_purchase_return,
    "unapprove": services.unapprove_purchase_return,
    "cancel": services.cancel_purchase_return,
}


@page(bp, "/", permission=PURCHASE_RETURN_VIEW)
def index(session, actor):
    args = {**list_args(), "state": arg_choice("state", DocState)}
    items, total, page_no, per_page = paginate(session, filter_documents(PurchaseReturn, actor, args), args)
    return render_template("purchasing/document_list.html", docs=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], state=args["state"], title=N_("Purchase returns"),
                           detail="purchase_returns.detail", new_url=None)


def returned_lines(data: dict) -> dict:
    """The form's lines that say a quantity (a line left empty is not returned)."""
    lines = [line for line in data.get("lines") or [] if line.get("qty")]
    if not lines:
        raise ValidationFailed(N_("Give the quantity returned of at least one line."),
                               fields={"lines": [N_("Give the quantity returned of at least one line.")]})
    return {**data, "lines": lines}


def _context(session, receipt: GoodsReceipt, doc: PurchaseReturn | None = None) -> dict:
    left = left_to_return(session, receipt, exclude_return_id=doc.id if doc else None)
    product_ids = {line.product_id for line in receipt.lines}
    batches: dict[int, list[Batch]] = {}
    for batch in session.scalars(select(Batch).where(Batch.product_id.in_(product_ids)).order_by(Batch.expiry_date)):
        batches.setdefault(batch.product_id, []).append(batch)
    return {"receipt": receipt, "doc": doc, "origins": {line.id: line for line in receipt.lines}, "left": left,
            "batches": batches, "unit_choices": pages.unit_choices}


def _new_values(session, receipt: GoodsReceipt) -> dict:
    left = left_to_return(session, receipt)
    return {"lines": [{"origin_line_id": line.id, "unit_id": natural_unit(line, left[line.id].qty)[0],
                       "batch_id": line.batch_id} for line in receipt.lines if left[line.id].qty > 0]}


def _doc_values(doc: PurchaseReturn) -> dict:
    return {"doc_date": doc.doc_date.isoformat(), "reason": doc.reason or "", "note": doc.note or "",
            "lines": [{"origin_line_id": line.origin_line_id, "unit_id": line.unit_id, "qty": line.qty,
                       "batch_id": line.batch_id} for line in doc.lines]}


@page(bp, "/new", permission=PURCHASE_RETURN_EDIT, methods=("GET", "POST"))
def new(session, actor):
    receipt = load_visible(session, actor, GoodsReceipt, arg_id("receipt_id") or 0)
    context = _context(session, receipt)
    if request.method == "POST":
        data = form_data(PurchaseReturnMakeIn)
        return pages.form_page("purchasing/return_form.html", lambda d: services.make_purchase_return(
            session, actor, receipt.id, load(PurchaseReturnMakeIn, returned_lines(d))), data,
            lambda doc: done(N_("Saved."), "purchase_returns.detail", id=doc.id), **context)
    return render_template("purchasing/return_form.html", form=Form(values=_new_values(session, receipt)), **context)


@page(bp, "/<int:id>/edit", permission=PURCHASE_RETURN_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = load_visible(session, actor, PurchaseReturn, id)
    context = _context(session, doc.receipt, doc)
    if request.method == "POST":
        data = form_data(PurchaseReturnUpdateIn)
        return pages.form_page("purchasing/return_form.html", lambda d: services.update_purchase_return(
            session, actor, id, load(PurchaseReturnUpdateIn, returned_lines(d))), data,
            lambda _doc: done(N_("Saved."), "purchase_returns.detail", id=id), **context)
    return render_template("purchasing/return_form.html", form=Form(values=_doc_values(doc)), **context)


@page(bp, "/<int:id>", permission=PURCHASE_RETURN_VIEW)
def detail(session, actor, id):
    doc = load_visible(session, actor, PurchaseReturn, id)
    return render_template("purchasing/return_detail.html", doc=doc,
                           panel=document_panel(session, actor, doc, upstream=[doc.order, doc.receipt]),
                           base_url=url_for("purchase_returns.detail", id=id))


@page(bp, "/<int:id>/<verb>", permission=PURCHASE_RETURN_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_purchase_return, "purchase_returns.detail", "purchase_returns.index")
