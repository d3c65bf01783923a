"""Payment pages: list, new/edit, detail with allocation to the supplier's open invoices
(by hand, prefilled as automatic matching proposes) and reversal; the automatic
matching page for every unapplied payment."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from erp.api.framework import load, paginate
from erp.documents.base import DocState
from erp.documents.presenters import document_panel
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.suppliers.models import Supplier
from erp.web.nav import nav_item
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
    run_verb,
)
from finance.permissions import WRITE_OFF
from finance.receipts.models import METHOD_LABELS
from finance.web import reverse_from_page, write_off_form
from purchasing import pages
from purchasing.invoices.models import SupplierInvoice
from purchasing.payments import allocation, services
from purchasing.payments.models import Payment
from purchasing.payments.schemas import (
    MatchConfirmIn,
    PayableWriteOffIn,
    PaymentAllocationIn,
    PaymentIn,
    PaymentUpdateIn,
)
from purchasing.permissions import PAYMENT_ALLOCATE, PAYMENT_EDIT, PAYMENT_UNALLOCATE, PAYMENT_VIEW

bp = Blueprint("payments", __name__, url_prefix="/purchasing/payments", template_folder="../templates")
nav_item("finance", N_("Payments"), "payments.index", PAYMENT_VIEW, 15)
nav_item("finance", N_("Payment matching"), "payments.auto", PAYMENT_ALLOCATE, 25)

VERBS = {
    "submit": services.submit_payment,
    "approve": services.approve_payment,
    "reject": services.reject_payment,
    "unapprove": services.unapprove_payment,
    "cancel": services.cancel_payment,
}
FIELDS = ("supplier_id", "doc_date", "amount", "reference", "bill_due_date", "note")


@page(bp, "/", permission=PAYMENT_VIEW)
def index(session, actor):
    args = {**list_args(), "state": arg_choice("state", DocState), "unapplied": request.args.get("unapplied") == "1"}
    items, total, page_no, per_page = paginate(session, services.query_payments(args), args)
    return render_template("purchasing/payment_list.html", docs=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], state=args["state"], unapplied=args["unapplied"], methods=METHOD_LABELS,
                           can_enter=actor.can(PAYMENT_EDIT))


def _form(session, form: Form, doc: Payment | None, status: int = 200):
    options = [(method.value, gettext(label)) for method, label in METHOD_LABELS.items()]
    return render_template("purchasing/payment_form.html", form=form, doc=doc,
                           suppliers=pages.supplier_choices(session), method_options=options), status


@page(bp, "/new", permission=PAYMENT_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(PaymentIn)
        try:
            doc = services.create_payment(session, actor, load(PaymentIn, data))
        except ErpError as exc:
            return _form(session, Form.from_error(data, exc), None, 422)
        return done(N_("Saved."), "payments.detail", id=doc.id)
    values = {key: request.args.get(key, "") for key in ("supplier_id", "amount", "reference")}
    return _form(session, Form(values={**values, "method": "bank_transfer"}), None)


@page(bp, "/<int:id>/edit", permission=PAYMENT_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, Payment, id)
    if request.method == "POST":
        data = form_data(PaymentUpdateIn)
        try:
            services.update_payment(session, actor, id, load(PaymentUpdateIn, data))
        except ErpError as exc:
            return _form(session, Form.from_error(data, exc), doc, 422)
        return done(N_("Saved."), "payments.detail", id=id)
    values = {key: ("" if getattr(doc, key) is None else getattr(doc, key)) for key in FIELDS}
    return _form(session, Form(values={**values, "method": doc.method.value}), doc)


@page(bp, "/<int:id>", permission=PAYMENT_VIEW)
def detail(session, actor, id):
    doc = get_document(session, Payment, id)
    open_invoices, proposed = [], {}
    if doc.unapplied > 0 and actor.can(PAYMENT_ALLOCATE):
        open_invoices = allocation.open_invoices_of(session, actor, doc.supplier_id)
        proposed = {p.charge.id: p for p in allocation.propose_matches(session, actor, payment_id=doc.id)}
    return render_template("purchasing/payment_detail.html", doc=doc, panel=document_panel(session, actor, doc),
                           base_url=url_for("payments.detail", id=id), methods=METHOD_LABELS,
                           allocations=list(session.scalars(allocation.query_allocations(payment_id=doc.id))),
                           open_invoices=open_invoices, proposed=proposed, can_reverse=actor.can(PAYMENT_UNALLOCATE),
                           can_write_off=actor.can(WRITE_OFF))


@page(bp, "/<int:id>/write-off", permission=WRITE_OFF, methods=("POST",))
def write_off(session, actor, id):
    """Write off the small rest of a payment that no invoice will take."""
    return act(lambda: allocation.write_off_payable_difference(
        session, actor, write_off_form(PayableWriteOffIn, payment_id=id)), N_("Written off."), "payments.detail", id=id)


@page(bp, "/<int:id>/allocate", permission=PAYMENT_ALLOCATE, methods=("POST",))
def allocate(session, actor, id):
    """The allocation form: an amount per open invoice (blank or 0: not this one)."""
    lines = []
    for key in request.form:
        if key.startswith("amount-") and request.form[key].strip():
            lines.append({"invoice_id": key.removeprefix("amount-"), "amount": request.form[key]})
    try:
        data = load_lines({"lines": lines, "note": request.form.get("note") or None})
        allocation.allocate_payment(session, actor, id, data)
    except ErpError as exc:
        return refused(exc, "payments.detail", id=id)
    return done(N_("Allocated."), "payments.detail", id=id)


def load_lines(data: dict) -> dict:
    """Parse the allocation form like the API does (amounts exact, to the fen); lines of 0 dropped."""
    data["lines"] = [line for line in data["lines"] if line["amount"].replace(",", "").strip() not in ("0", "0.00")]
    return load(PaymentAllocationIn, data)


@page(bp, "/allocations/<int:allocation_id>/reverse", permission=PAYMENT_UNALLOCATE, methods=("POST",))
def reverse(session, actor, allocation_id):
    payment_id = arg_id("payment_id", source=request.form) or 0
    try:
        allocation.reverse_payment_allocation(session, actor, allocation_id,
                                              {"reason": request.form.get("reason") or None})
    except ErpError as exc:
        return refused(exc, "payments.detail", id=payment_id)
    return done(N_("Allocation reversed."), "payments.detail", id=payment_id)


@page(bp, "/matching", permission=PAYMENT_ALLOCATE)
def auto(session, actor):
    supplier_id = arg_id("supplier_id")
    proposals = allocation.propose_matches(session, actor, supplier_id=supplier_id)
    ids = {p.payment.party_id for p in proposals}
    names = {s.id: s.name for s in session.scalars(select(Supplier).where(Supplier.id.in_(ids)))} if ids else {}
    invoice_ids = {p.charge.doc_id for p in proposals}
    invoices = {i.id: i for i in session.scalars(select(SupplierInvoice).where(SupplierInvoice.id.in_(invoice_ids)))} \
        if invoice_ids else {}
    return render_template("purchasing/payment_matching.html", proposals=proposals, names=names, invoices=invoices,
                           suppliers=pages.supplier_choices(session), supplier_id=supplier_id)


@page(bp, "/matching", permission=PAYMENT_ALLOCATE, methods=("POST",))
def confirm(session, actor):
    """Apply the ticked proposals (``pick`` = ``payment_id:invoice_id``, an amount per pick)."""
    lines = []
    for pick in request.form.getlist("pick"):
        payment_id, _, invoice_id = pick.partition(":")
        amount = (request.form.get(f"amount-{pick}") or "").strip()
        if amount:
            lines.append({"payment_id": payment_id, "invoice_id": invoice_id, "amount": amount})
    if not lines:
        return done(N_("Nothing was ticked."), "payments.auto")
    try:
        allocation.apply_matches(session, actor, load(MatchConfirmIn, {"lines": lines}))
    except ErpError as exc:
        return refused(exc, "payments.auto")
    return done(N_("Allocated."), "payments.auto")


@page(bp, "/<int:id>/<verb>", permission=PAYMENT_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    try:
        return run_verb(session, actor, id, verb, VERBS, services.delete_payment, "payments.detail", "payments.index")
    except ErpError as exc:
        return refused(exc, "payments.detail", id=id)


@page(bp, "/write-offs/<int:write_off_id>/reverse", permission=WRITE_OFF, methods=("POST",))
def reverse_write_off(session, actor, write_off_id):
    """From the page of the supplier invoice or payment: take a write-off back."""
    return reverse_from_page(session, write_off_id, lambda: allocation.reverse_payable_write_off(
        session, actor, write_off_id, {"reason": request.form.get("reason") or None}))
