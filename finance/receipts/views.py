"""Receipt pages: list, new/edit, detail with allocation (by hand or as proposed),
reversal and write-off."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext

from erp.api.framework import load, paginate
from erp.documents.base import DocState
from erp.documents.presenters import document_panel
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.web.pages import (
    Form,
    Pager,
    act,
    arg_choice,
    arg_id,
    done,
    form_data,
    list_args,
    page,
    refused,
)
from finance.allocation import services as allocation
from finance.allocation.schemas import AllocateIn, WriteOffIn
from finance.permissions import (
    ALLOCATION_CREATE,
    ALLOCATION_REVERSE,
    RECEIPT_EDIT,
    RECEIPT_VIEW,
    WRITE_OFF,
)
from finance.receipts import services
from finance.receipts.models import METHOD_LABELS, Receipt
from finance.receipts.schemas import ReceiptIn
from finance.web import customer_options, optional_url, write_off_form

bp = Blueprint("receipts", __name__, url_prefix="/receipts")

VERBS = {
    "submit": services.submit_receipt,
    "approve": services.approve_receipt,
    "reject": services.reject_receipt,
    "unapprove": services.unapprove_receipt,
    "cancel": services.cancel_receipt,
}
WITH_REASON = {"reject", "unapprove", "cancel"}


@page(bp, "/", permission=RECEIPT_VIEW)
def index(session, actor):
    args = list_args()
    state = arg_choice("state", DocState)
    unapplied = request.args.get("unapplied") == "1"
    stmt = services.query_receipts(q=args["q"], state=state, unapplied_only=unapplied)
    items, total, page_no, per_page = paginate(session, stmt, args)
    return render_template("finance/receipt_list.html", docs=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], state=state, unapplied=unapplied, methods=METHOD_LABELS)


def _form(template: str, form: Form, doc, session, status: int = 200):
    options = [(method.value, gettext(label)) for method, label in METHOD_LABELS.items()]
    return render_template(template, form=form, doc=doc, customers=customer_options(session),
                           method_options=options), status


@page(bp, "/new", permission=RECEIPT_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(ReceiptIn)
        try:
            doc = services.create_receipt(session, actor, load(ReceiptIn, data))
        except ErpError as exc:
            return _form("finance/receipt_form.html", Form.from_error(data, exc), None, session, 422)
        return done(N_("Saved."), "receipts.detail", id=doc.id)
    values = {"customer_id": request.args.get("customer_id", ""), "method": "bank_transfer"}
    return _form("finance/receipt_form.html", Form(values=values), None, session)


@page(bp, "/<int:id>/edit", permission=RECEIPT_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, Receipt, id)
    if request.method == "POST":
        data = form_data(ReceiptIn)
        try:
            services.update_receipt(session, actor, id, load(ReceiptIn, data))
        except ErpError as exc:
            return _form("finance/receipt_form.html", Form.from_error(data, exc), doc, session, 422)
        return done(N_("Saved."), "receipts.detail", id=id)
    values = {k: getattr(doc, k) for k in ("customer_id", "doc_date", "amount", "reference", "bill_due_date", "note")}
    values["method"] = doc.method.value
    return _form("finance/receipt_form.html", Form(values={k: ("" if v is None else v) for k, v in values.items()}),
                 doc, session)


@page(bp, "/<int:id>", permission=RECEIPT_VIEW)
def detail(session, actor, id):
    doc = get_document(session, Receipt, id)
    allocations = list(session.scalars(allocation.query_allocations(receipt_id=doc.id)))
    open_invoices, proposed = [], {}
    if doc.unapplied > 0 and actor.can(ALLOCATION_CREATE):
        open_invoices = allocation.open_invoices_of(session, actor, doc.customer_id)
        proposed = {p.charge.id: p for p in allocation.propose_matches(session, actor, receipt_id=doc.id)}
    return render_template("finance/receipt_detail.html", doc=doc, panel=document_panel(session, actor, doc),
                           base_url=url_for("receipts.detail", id=id), allocations=allocations,
                           open_invoices=open_invoices, proposed=proposed, methods=METHOD_LABELS,
                           can_reverse=actor.can(ALLOCATION_REVERSE), can_write_off=actor.can(WRITE_OFF),
                           print_url=optional_url("printing_documents_api.receipt_pdf", doc_id=doc.id))


@page(bp, "/<int:id>/allocate", permission=ALLOCATION_CREATE, methods=("POST",))
def allocate(session, actor, id):
    """The allocation form: an amount per open invoice (blank or 0 = not this one)."""
    lines = []
    for key in request.form:
        text = request.form[key].replace(",", "").strip()
        if key.startswith("amount-") and text and text.strip("0.") != "":
            lines.append({"invoice_id": key.removeprefix("amount-"), "amount": text})
    try:
        # Parsed like the API (amounts exact to the fen): a typo is refused, never skipped.
        note = request.form.get("note") or None
        data = load(AllocateIn, {"lines": lines, "note": note}) if lines else {"lines": [], "note": note}
        allocation.allocate_receipt(session, actor, id, data)
    except ErpError as exc:
        return refused(exc, "receipts.detail", id=id)
    return done(N_("Allocated."), "receipts.detail", id=id)


@page(bp, "/<int:id>/write-off", permission=WRITE_OFF, methods=("POST",))
def write_off(session, actor, id):
    return act(lambda: allocation.write_off_difference(session, actor, write_off_form(WriteOffIn, receipt_id=id)),
               N_("Written off."), "receipts.detail", id=id)


@page(bp, "/allocations/<int:allocation_id>/reverse", permission=ALLOCATION_REVERSE, methods=("POST",))
def reverse(session, actor, allocation_id):
    receipt_id = arg_id("receipt_id", source=request.form) or 0
    try:
        allocation.reverse_allocation(session, actor, allocation_id, {"reason": request.form.get("reason") or None})
    except ErpError as exc:
        return refused(exc, "receipts.detail", id=receipt_id)
    return done(N_("Allocation reversed."), "receipts.detail", id=receipt_id)


@page(bp, "/<int:id>/<verb>", permission=RECEIPT_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    if verb == "delete":
        services.delete_receipt(session, actor, id)
        return done(N_("Deleted."), "receipts.index")
    service = VERBS.get(verb)
    if service is None:
        abort(404)
    try:
        if verb in WITH_REASON:
            service(session, actor, id, request.form.get("reason") or None)
        else:
            service(session, actor, id)
    except ErpError as exc:
        return refused(exc, "receipts.detail", id=id)
    return done(N_("Done."), "receipts.detail", id=id)
