"""Sales invoice API: /api/v1/invoices (销售发票), made from outbounds or delivery notes."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from erp.sales.credit_notes import services as credit_notes
from erp.sales.credit_notes.schemas import CreditNoteFromInvoiceIn, CreditNoteOut
from erp.sales.invoices import services
from erp.sales.invoices.models import SalesInvoice
from erp.sales.invoices.schemas import InvoiceFromOutboundIn, InvoiceIn, InvoiceOut, InvoiceUpdateIn
from erp.sales.permissions import CREDIT_NOTE_EDIT, SALES_INVOICE_EDIT, SALES_INVOICE_VIEW
from erp.sales.queries import filter_documents
from erp.sales.schemas import SalesQuery

bp = Blueprint("sales_invoices_api", __name__, url_prefix="/api/v1")
TAGS = ["invoices"]


@endpoint(bp, "/invoices", permission=SALES_INVOICE_VIEW, query=SalesQuery, response=InvoiceOut, paged=True,
          tags=TAGS)
def list_invoices(session, actor, args):
    """Sales invoices, newest first; filter by state, customer, dates; ``q`` matches number or customer."""
    return paginate(session, filter_documents(SalesInvoice, args), args)


@endpoint(bp, "/invoices", "POST", permission=SALES_INVOICE_EDIT, body=InvoiceIn, response=InvoiceOut, status=201,
          tags=TAGS)
def create_invoice(session, actor, data):
    """One invoice for what remains to invoice of the outbounds (or delivery notes) named, of one customer."""
    return services.make_invoice(session, actor, data)


@endpoint(bp, "/outbounds/<int:outbound_id>/invoices", "POST", permission=SALES_INVOICE_EDIT,
          body=InvoiceFromOutboundIn, response=InvoiceOut, status=201, tags=TAGS)
def invoice_outbound(session, actor, outbound_id, data):
    """An invoice for what remains to invoice of one approved outbound."""
    return services.make_invoice_from_outbound(session, actor, outbound_id, data)


@endpoint(bp, "/invoices/<int:doc_id>", permission=SALES_INVOICE_VIEW, response=InvoiceOut, tags=TAGS)
def get_invoice(session, actor, doc_id):
    return get_document(session, SalesInvoice, doc_id)


@endpoint(bp, "/invoices/<int:doc_id>", "PATCH", permission=SALES_INVOICE_EDIT, body=InvoiceUpdateIn,
          response=InvoiceOut, tags=TAGS)
def update_invoice(session, actor, doc_id, data):
    return services.update_invoice(session, actor, doc_id, data)


@endpoint(bp, "/invoices/<int:doc_id>", "DELETE", permission=SALES_INVOICE_EDIT, tags=TAGS)
def delete_invoice(session, actor, doc_id):
    """Delete a draft (it has no number yet)."""
    services.delete_invoice(session, actor, doc_id)
    return {}


@endpoint(bp, "/invoices/<int:doc_id>/credit-notes", "POST", permission=CREDIT_NOTE_EDIT,
          body=CreditNoteFromInvoiceIn, response=CreditNoteOut, status=201, tags=TAGS)
def credit_invoice(session, actor, doc_id, data):
    """A credit note (红字发票) for all or part of an approved invoice, or an allowance at a lower price."""
    return credit_notes.make_credit_note_from_invoice(session, actor, doc_id, data)


document_verbs(bp, "invoices", SalesInvoice, response=InvoiceOut, tags=TAGS, verbs={
    "submit": services.submit_invoice,
    "approve": services.approve_invoice,
    "reject": services.reject_invoice,
    "unapprove": services.unapprove_invoice,
    "cancel": services.cancel_invoice,
})
