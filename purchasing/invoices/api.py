"""Supplier invoice API: /api/v1/supplier-invoices (采购发票), made from goods receipts."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from purchasing.invoices import matching, services
from purchasing.invoices.models import SupplierInvoice
from purchasing.invoices.schemas import (
    LineMatchOut,
    ReceiptToInvoiceOut,
    SupplierInvoiceIn,
    SupplierInvoiceMakeIn,
    SupplierInvoiceOut,
    SupplierInvoiceQuery,
    SupplierInvoiceUpdateIn,
)
from purchasing.invoices.to_invoice import receipts_to_invoice
from purchasing.payments.allocation import query_allocations
from purchasing.payments.schemas import AllocationOut
from purchasing.permissions import SUPPLIER_INVOICE_EDIT, SUPPLIER_INVOICE_VIEW

bp = Blueprint("supplier_invoices_api", __name__, url_prefix="/api/v1")
TAGS = ["supplier-invoices"]


@endpoint(bp, "/supplier-invoices", permission=SUPPLIER_INVOICE_VIEW, query=SupplierInvoiceQuery,
          response=SupplierInvoiceOut, paged=True, tags=TAGS)
def list_supplier_invoices(session, actor, args):
    """Supplier invoices, newest first; ``q`` matches our number, the supplier's or the supplier;
    ``open`` keeps those with something still to pay."""
    return paginate(session, services.query_supplier_invoices(args), args)


@endpoint(bp, "/supplier-invoices", "POST", permission=SUPPLIER_INVOICE_EDIT, body=SupplierInvoiceIn,
          response=SupplierInvoiceOut, status=201, tags=TAGS)
def create_supplier_invoice(session, actor, data):
    """An invoice from approved goods receipts of one supplier (all that remains, or the lines given)."""
    return services.make_supplier_invoice(session, actor, data)


@endpoint(bp, "/goods-receipts/<int:doc_id>/supplier-invoices", "POST", permission=SUPPLIER_INVOICE_EDIT,
          body=SupplierInvoiceMakeIn, response=SupplierInvoiceOut, status=201, tags=TAGS)
def make_supplier_invoice(session, actor, doc_id, data):
    """An invoice of all or part of what remains to invoice of one approved receipt."""
    return services.make_invoice_from_receipt(session, actor, doc_id, data)


@endpoint(bp, "/suppliers/<int:supplier_id>/receipts-to-invoice", permission=SUPPLIER_INVOICE_VIEW,
          response=ReceiptToInvoiceOut, many=True, tags=TAGS)
def list_receipts_to_invoice(session, actor, supplier_id):
    """The supplier's approved receipts with something left to invoice, line by line."""
    return receipts_to_invoice(session, supplier_id)


@endpoint(bp, "/supplier-invoices/<int:doc_id>", permission=SUPPLIER_INVOICE_VIEW, response=SupplierInvoiceOut,
          tags=TAGS)
def get_supplier_invoice(session, actor, doc_id):
    return get_document(session, SupplierInvoice, doc_id)


@endpoint(bp, "/supplier-invoices/<int:doc_id>/match", permission=SUPPLIER_INVOICE_VIEW, response=LineMatchOut,
          many=True, tags=TAGS)
def supplier_invoice_match(session, actor, doc_id):
    """三单匹配 per line: the invoice's, the order's and the receipt's price, quantities, and the result."""
    return matching.match_invoice(session, get_document(session, SupplierInvoice, doc_id))


@endpoint(bp, "/supplier-invoices/<int:doc_id>/allocations", permission=SUPPLIER_INVOICE_VIEW,
          response=AllocationOut, many=True, tags=TAGS)
def supplier_invoice_allocations(session, actor, doc_id):
    """The payments allocated to the invoice (reversed ones included)."""
    doc = get_document(session, SupplierInvoice, doc_id)
    return list(session.scalars(query_allocations(invoice_id=doc.id)))


@endpoint(bp, "/supplier-invoices/<int:doc_id>", "PATCH", permission=SUPPLIER_INVOICE_EDIT,
          body=SupplierInvoiceUpdateIn, response=SupplierInvoiceOut, tags=TAGS)
def update_supplier_invoice(session, actor, doc_id, data):
    """Change a draft: the supplier's number and date, lines (quantities, prices), receipts."""
    return services.update_supplier_invoice(session, actor, doc_id, data)


@endpoint(bp, "/supplier-invoices/<int:doc_id>", "DELETE", permission=SUPPLIER_INVOICE_EDIT, tags=TAGS)
def delete_supplier_invoice(session, actor, doc_id):
    """Delete a draft."""
    services.delete_supplier_invoice(session, actor, doc_id)
    return {}


document_verbs(bp, "supplier-invoices", SupplierInvoice, response=SupplierInvoiceOut, tags=TAGS, verbs={
    "submit": services.submit_supplier_invoice,
    "approve": services.approve_supplier_invoice,
    "reject": services.reject_supplier_invoice,
    "unapprove": services.unapprove_supplier_invoice,
    "cancel": services.cancel_supplier_invoice,
})
