"""Sales invoice pages: list, new (gather a customer's shipped outbounds), detail with the
amount in capitals and the credit notes made from it."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from erp.api.framework import load
from erp.customers.models import Customer
from erp.documents.base import DocState
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.sales.credit_notes import services as credit_notes
from erp.sales.credit_notes.schemas import CreditNoteFromInvoiceIn
from erp.sales.credit_notes.services import creditable
from erp.sales.invoices import services
from erp.sales.invoices.models import SalesInvoice
from erp.sales.invoices.schemas import InvoiceIn, InvoiceUpdateIn
from erp.sales.permissions import CREDIT_NOTE_EDIT, SALES_INVOICE_EDIT, SALES_INVOICE_VIEW
from erp.sales.shipped import remaining_to_invoice
from erp.sales.web import document_page, list_page, taken_data
from erp.web.nav import nav_item
from erp.web.pages import Form, arg_id, done, form_data, page, run_verb
from inventory.outbounds.models import Outbound

bp = Blueprint("sales_invoices", __name__, url_prefix="/invoices", template_folder="templates")
nav_item("sales", N_("Sales invoices"), "sales_invoices.index", SALES_INVOICE_VIEW, 40)

VERBS = {
    "submit": services.submit_invoice, "approve": services.approve_invoice, "reject": services.reject_invoice,
    "unapprove": services.unapprove_invoice, "cancel": services.cancel_invoice,
}


@page(bp, "/", permission=SALES_INVOICE_VIEW)
def index(session, actor):
    return list_page(session, SalesInvoice, N_("Sales invoices"), "sales_invoices.detail",
                     new_endpoint="sales_invoices.new", new_permission=SALES_INVOICE_EDIT,
                     extra_column=(N_("Amount open"), lambda d: f"{d.amount_open:,.2f}" if d.state == DocState.APPROVED else ""))


def invoiceable(session, customer_id: int) -> list[tuple[Outbound, object]]:
    """The customer's approved outbounds with something left to invoice, and how much (base unit)."""
    outbounds = list(session.scalars(select(Outbound).where(
        Outbound.customer_id == customer_id, Outbound.state == DocState.APPROVED).order_by(Outbound.doc_date,
                                                                                            Outbound.id).limit(200)))
    out = []
    for outbound in outbounds:
        left = sum(remaining_to_invoice(session, outbound.lines).values())
        if left > 0:
            out.append((outbound, left))
    return out


@page(bp, "/new", permission=SALES_INVOICE_EDIT, methods=("GET", "POST"))
def new(session, actor):
    status, form = 200, Form()
    customer_id = arg_id("customer_id", source=request.values)
    if request.method == "POST":
        data = form_data(InvoiceIn)
        data.pop("customer_id", None)
        try:
            doc = services.make_invoice(session, actor, load(InvoiceIn, data))
            return done(N_("Invoice made."), "sales_invoices.detail", id=doc.id)
        except ErpError as exc:
            form, status = Form.from_error(data, exc), 422
    customer = session.get(Customer, customer_id) if customer_id else None
    return render_template("sales/invoices/new.html", form=form, customer=customer,
                           outbounds=invoiceable(session, customer.id) if customer else []), status


@page(bp, "/from-outbound/<int:outbound_id>", permission=SALES_INVOICE_EDIT, methods=("POST",))
def from_outbound(session, actor, outbound_id):
    doc = services.make_invoice_from_outbound(session, actor, outbound_id, {})
    return done(N_("Invoice made."), "sales_invoices.detail", id=doc.id)


@page(bp, "/<int:id>", permission=SALES_INVOICE_VIEW)
def detail(session, actor, id):
    doc = get_document(session, SalesInvoice, id)
    left = creditable(session, doc.lines) if doc.state == DocState.APPROVED else {}
    return document_page(session, actor, doc, "sales/invoices/detail.html", url_for("sales_invoices.detail", id=id),
                         creditable=left, can_credit=actor.can(CREDIT_NOTE_EDIT))


@page(bp, "/<int:id>/edit", permission=SALES_INVOICE_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, SalesInvoice, id)
    status, form = 200, Form(values={"doc_date": doc.doc_date.isoformat(), "note": doc.note or ""})
    if request.method == "POST":
        data = taken_data(InvoiceUpdateIn)
        try:
            services.update_invoice(session, actor, id, load(InvoiceUpdateIn, data))
            return done(N_("Saved."), "sales_invoices.detail", id=id)
        except ErpError as exc:
            form, status = Form.from_error(data, exc), 422
    shipped = [line for oid in doc.outbound_ids for line in session.get(Outbound, oid).lines]
    remaining = remaining_to_invoice(session, shipped, excluding_invoice=doc.id)
    return render_template("sales/invoices/form.html", doc=doc, form=form, shipped=shipped,
                           remaining=remaining), status


@page(bp, "/<int:id>/credit-notes", permission=CREDIT_NOTE_EDIT, methods=("POST",))
def make_credit_note(session, actor, id):
    data = load(CreditNoteFromInvoiceIn, taken_data(CreditNoteFromInvoiceIn))
    doc = credit_notes.make_credit_note_from_invoice(session, actor, id, data)
    return done(N_("Credit note made."), "credit_notes.detail", id=doc.id)


@page(bp, "/<int:id>/<verb>", permission=SALES_INVOICE_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_invoice, "sales_invoices.detail",
                    "sales_invoices.index")
