"""Credit note API: /api/v1/credit-notes (红字发票). Made with
``POST /sales-returns/{id}/credit-notes`` or ``POST /invoices/{id}/credit-notes``."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from erp.sales.credit_notes import services
from erp.sales.credit_notes.models import CreditNote
from erp.sales.credit_notes.schemas import CreditNoteOut, CreditNoteUpdateIn
from erp.sales.permissions import CREDIT_NOTE_EDIT, CREDIT_NOTE_VIEW
from erp.sales.queries import filter_documents
from erp.sales.schemas import SalesQuery

bp = Blueprint("credit_notes_api", __name__, url_prefix="/api/v1")
TAGS = ["credit-notes"]


@endpoint(bp, "/credit-notes", permission=CREDIT_NOTE_VIEW, query=SalesQuery, response=CreditNoteOut, paged=True,
          tags=TAGS)
def list_credit_notes(session, actor, args):
    return paginate(session, filter_documents(CreditNote, args), args)


@endpoint(bp, "/credit-notes/<int:doc_id>", permission=CREDIT_NOTE_VIEW, response=CreditNoteOut, tags=TAGS)
def get_credit_note(session, actor, doc_id):
    return get_document(session, CreditNote, doc_id)


@endpoint(bp, "/credit-notes/<int:doc_id>", "PATCH", permission=CREDIT_NOTE_EDIT, body=CreditNoteUpdateIn,
          response=CreditNoteOut, tags=TAGS)
def update_credit_note(session, actor, doc_id, data):
    """Change the date, reason or note of a draft (its lines follow its origin)."""
    return services.update_credit_note(session, actor, doc_id, data)


@endpoint(bp, "/credit-notes/<int:doc_id>", "DELETE", permission=CREDIT_NOTE_EDIT, tags=TAGS)
def delete_credit_note(session, actor, doc_id):
    services.delete_credit_note(session, actor, doc_id)
    return {}


document_verbs(bp, "credit-notes", CreditNote, response=CreditNoteOut, tags=TAGS, verbs={
    "submit": services.submit_credit_note,
    "approve": services.approve_credit_note,
    "reject": services.reject_credit_note,
    "unapprove": services.unapprove_credit_note,
    "cancel": services.cancel_credit_note,
})
