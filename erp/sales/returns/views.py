"""Sales return pages: list, new (from an approved outbound), detail with its credit notes."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from erp.api.framework import load
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.sales.credit_notes import services as credit_notes
from erp.sales.credit_notes.schemas import CreditNoteFromReturnIn
from erp.sales.permissions import CREDIT_NOTE_EDIT, SALES_RETURN_EDIT, SALES_RETURN_VIEW
from erp.sales.returns import services
from erp.sales.returns.models import SalesReturn
from erp.sales.returns.schemas import ReturnIn
from erp.sales.shipped import remaining_to_return
from erp.sales.web import document_page, list_page, taken_data
from erp.warehouses.models import Warehouse
from erp.web.nav import nav_item
from erp.web.pages import Form, done, form_data, page, run_verb
from inventory.batches.models import Batch
from inventory.outbounds.models import Outbound

bp = Blueprint("sales_returns", __name__, url_prefix="/sales-returns", template_folder="templates")
nav_item("sales", N_("Sales returns"), "sales_returns.index", SALES_RETURN_VIEW, 50)

VERBS = {
    "submit": services.submit_return, "approve": services.approve_return, "reject": services.reject_return,
    "unapprove": services.unapprove_return, "cancel": services.cancel_return,
}


def batches_of(session, product_ids: list[int]) -> dict[int, list[Batch]]:
    out: dict[int, list[Batch]] = {}
    for batch in session.scalars(select(Batch).where(Batch.product_id.in_(product_ids))
                                 .order_by(Batch.expiry_date.desc(), Batch.id.desc()).limit(500)):
        out.setdefault(batch.product_id, []).append(batch)
    return out


@page(bp, "/", permission=SALES_RETURN_VIEW)
def index(session, actor):
    return list_page(session, SalesReturn, N_("Sales returns"), "sales_returns.detail",
                     extra_column=(N_("Outbound"), lambda d: d.outbound.label))


@page(bp, "/new/<int:outbound_id>", permission=SALES_RETURN_EDIT, methods=("GET", "POST"))
def new(session, actor, outbound_id):
    outbound = get_document(session, Outbound, outbound_id)
    status, form = 200, Form(values={"warehouse_id": outbound.warehouse_id})
    if request.method == "POST":
        data = taken_data(ReturnIn)
        try:
            doc = services.make_return(session, actor, outbound_id, load(ReturnIn, data))
            return done(N_("Return made."), "sales_returns.detail", id=doc.id)
        except ErpError as exc:
            form, status = Form.from_error(data, exc), 422
    warehouses = list(session.scalars(select(Warehouse).where(Warehouse.active.is_(True)).order_by(Warehouse.code)))
    return render_template("sales/returns/new.html", outbound=outbound, form=form, warehouses=warehouses,
                           remaining=remaining_to_return(session, outbound.lines),
                           batches=batches_of(session, [li.product_id for li in outbound.lines])), status


@page(bp, "/<int:id>", permission=SALES_RETURN_VIEW)
def detail(session, actor, id):
    doc = get_document(session, SalesReturn, id)
    return document_page(session, actor, doc, "sales/returns/detail.html", url_for("sales_returns.detail", id=id),
                         can_credit=actor.can(CREDIT_NOTE_EDIT))


@page(bp, "/<int:id>/edit", permission=SALES_RETURN_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, SalesReturn, id)
    status, form = 200, Form(values={"doc_date": doc.doc_date.isoformat(), "reason": doc.reason or "",
                                     "note": doc.note or "", "warehouse_id": doc.warehouse_id})
    if request.method == "POST":
        data = taken_data(ReturnIn)
        try:
            services.update_return(session, actor, id, load(ReturnIn, data))
            return done(N_("Saved."), "sales_returns.detail", id=id)
        except ErpError as exc:
            form, status = Form.from_error(data, exc), 422
    warehouses = list(session.scalars(select(Warehouse).where(Warehouse.active.is_(True)).order_by(Warehouse.code)))
    return render_template("sales/returns/new.html", outbound=doc.outbound, form=form, warehouses=warehouses, doc=doc,
                           remaining=remaining_to_return(session, doc.outbound.lines, excluding_return=doc.id),
                           batches=batches_of(session, [li.product_id for li in doc.outbound.lines])), status


@page(bp, "/<int:id>/credit-notes", permission=CREDIT_NOTE_EDIT, methods=("POST",))
def make_credit_notes(session, actor, id):
    docs = credit_notes.make_credit_notes_from_return(session, actor, id, load(CreditNoteFromReturnIn,
                                                                               form_data(CreditNoteFromReturnIn)))
    return done(N_("Credit note made."), "credit_notes.detail", id=docs[0].id)


@page(bp, "/<int:id>/<verb>", permission=SALES_RETURN_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_return, "sales_returns.detail",
                    "sales_returns.index")
