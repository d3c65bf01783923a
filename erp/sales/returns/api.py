"""Sales return API: /api/v1/sales-returns (退货单), made from outbounds, and the credit
notes made from them."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from erp.sales.credit_notes import services as credit_notes
from erp.sales.credit_notes.schemas import CreditNoteFromReturnIn, CreditNoteOut
from erp.sales.permissions import CREDIT_NOTE_EDIT, SALES_RETURN_EDIT, SALES_RETURN_VIEW
from erp.sales.queries import filter_documents
from erp.sales.returns import services
from erp.sales.returns.models import SalesReturn
from erp.sales.returns.schemas import ReturnIn, ReturnOut
from erp.sales.schemas import SalesQuery

bp = Blueprint("sales_returns_api", __name__, url_prefix="/api/v1")
TAGS = ["sales-returns"]


@endpoint(bp, "/sales-returns", permission=SALES_RETURN_VIEW, query=SalesQuery, response=ReturnOut, paged=True,
          tags=TAGS)
def list_sales_returns(session, actor, args):
    return paginate(session, filter_documents(SalesReturn, args), args)


@endpoint(bp, "/outbounds/<int:outbound_id>/sales-returns", "POST", permission=SALES_RETURN_EDIT, body=ReturnIn,
          response=ReturnOut, status=201, tags=TAGS)
def make_sales_return(session, actor, outbound_id, data):
    """A return of goods shipped by an approved outbound (never more than shipped minus returned)."""
    return services.make_return(session, actor, outbound_id, data)


@endpoint(bp, "/sales-returns/<int:doc_id>", permission=SALES_RETURN_VIEW, response=ReturnOut, tags=TAGS)
def get_sales_return(session, actor, doc_id):
    return get_document(session, SalesReturn, doc_id)


@endpoint(bp, "/sales-returns/<int:doc_id>", "PATCH", permission=SALES_RETURN_EDIT, body=ReturnIn,
          response=ReturnOut, tags=TAGS)
def update_sales_return(session, actor, doc_id, data):
    return services.update_return(session, actor, doc_id, data)


@endpoint(bp, "/sales-returns/<int:doc_id>", "DELETE", permission=SALES_RETURN_EDIT, tags=TAGS)
def delete_sales_return(session, actor, doc_id):
    services.delete_return(session, actor, doc_id)
    return {}


@endpoint(bp, "/sales-returns/<int:doc_id>/credit-notes", "POST", permission=CREDIT_NOTE_EDIT,
          body=CreditNoteFromReturnIn, response=CreditNoteOut, many=True, status=201, tags=TAGS)
def credit_sales_return(session, actor, doc_id, data):
    """Credit notes for the returned goods that were invoiced: one per original invoice."""
    return credit_notes.make_credit_notes_from_return(session, actor, doc_id, data)


document_verbs(bp, "sales-returns", SalesReturn, response=ReturnOut, tags=TAGS, verbs={
    "submit": services.submit_return,
    "approve": services.approve_return,
    "reject": services.reject_return,
    "unapprove": services.unapprove_return,
    "cancel": services.cancel_return,
})
