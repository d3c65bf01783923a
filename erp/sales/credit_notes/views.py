"""Credit note pages: list, detail (with the invoice it corrects), edit of a draft's reason."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from erp.api.framework import load
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.sales.credit_notes import services
from erp.sales.credit_notes.models import CreditNote
from erp.sales.credit_notes.schemas import CreditNoteUpdateIn
from erp.sales.permissions import CREDIT_NOTE_EDIT, CREDIT_NOTE_VIEW
from erp.sales.web import document_page, list_page
from erp.web.nav import nav_item
from erp.web.pages import Form, done, form_data, page, run_verb

bp = Blueprint("credit_notes", __name__, url_prefix="/credit-notes", template_folder="templates")
nav_item("sales", N_("Credit notes"), "credit_notes.index", CREDIT_NOTE_VIEW, 60)

VERBS = {
    "submit": services.submit_credit_note, "approve": services.approve_credit_note,
    "reject": services.reject_credit_note, "unapprove": services.unapprove_credit_note,
    "cancel": services.cancel_credit_note,
}


@page(bp, "/", permission=CREDIT_NOTE_VIEW)
def index(session, actor):
    return list_page(session, CreditNote, N_("Credit notes"), "credit_notes.detail",
                     extra_column=(N_("Invoice"), lambda d: d.invoice.label))


@page(bp, "/<int:id>", permission=CREDIT_NOTE_VIEW)
def detail(session, actor, id):
    doc = get_document(session, CreditNote, id)
    return document_page(session, actor, doc, "sales/credit_notes/detail.html", url_for("credit_notes.detail", id=id))


@page(bp, "/<int:id>/edit", permission=CREDIT_NOTE_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, CreditNote, id)
    status = 200
    form = Form(values={"doc_date": doc.doc_date.isoformat(), "reason": doc.reason or "", "note": doc.note or ""})
    if request.method == "POST":
        data = form_data(CreditNoteUpdateIn)
        try:
            services.update_credit_note(session, actor, id, load(CreditNoteUpdateIn, data))
            return done(N_("Saved."), "credit_notes.detail", id=id)
        except ErpError as exc:
            form, status = Form.from_error(data, exc), 422
    return render_template("sales/credit_notes/form.html", doc=doc, form=form), status


@page(bp, "/<int:id>/<verb>", permission=CREDIT_NOTE_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    return run_verb(session, actor, id, verb, VERBS, services.delete_credit_note, "credit_notes.detail",
                    "credit_notes.index")
