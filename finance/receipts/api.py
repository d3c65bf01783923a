"""Receipt API: /api/v1/receipts (收款单)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from finance.permissions import RECEIPT_EDIT, RECEIPT_VIEW
from finance.receipts import services
from finance.receipts.models import Receipt
from finance.receipts.schemas import ReceiptIn, ReceiptOut, ReceiptQuery, ReceiptUpdateIn

bp = Blueprint("receipts_api", __name__, url_prefix="/api/v1")
TAGS = ["receipts"]


@endpoint(bp, "/receipts", permission=RECEIPT_VIEW, query=ReceiptQuery, response=ReceiptOut, paged=True, tags=TAGS)
def list_receipts(session, actor, args):
    """Receipts, newest first; ``q`` matches number, reference or customer; ``unapplied`` keeps
    those with money still to allocate."""
    stmt = services.query_receipts(q=args.get("q"), state=args.get("state"), customer_id=args.get("customer_id"),
                                   date_from=args.get("date_from"), date_to=args.get("date_to"),
                                   unapplied_only=args.get("unapplied", False))
    return paginate(session, stmt, args)


@endpoint(bp, "/receipts", "POST", permission=RECEIPT_EDIT, body=ReceiptIn, response=ReceiptOut, status=201,
          tags=TAGS)
def create_receipt(session, actor, data):
    """Draft a receipt: customer, amount, method, reference."""
    return services.create_receipt(session, actor, data)


@endpoint(bp, "/receipts/<int:doc_id>", permission=RECEIPT_VIEW, response=ReceiptOut, tags=TAGS)
def get_receipt(session, actor, doc_id):
    return get_document(session, Receipt, doc_id)


@endpoint(bp, "/receipts/<int:doc_id>", "PATCH", permission=RECEIPT_EDIT, body=ReceiptUpdateIn, response=ReceiptOut,
          tags=TAGS)
def update_receipt(session, actor, doc_id, data):
    return services.update_receipt(session, actor, doc_id, data)


@endpoint(bp, "/receipts/<int:doc_id>", "DELETE", permission=RECEIPT_EDIT, tags=TAGS)
def delete_receipt(session, actor, doc_id):
    """Delete a draft."""
    services.delete_receipt(session, actor, doc_id)
    return {}


document_verbs(bp, "receipts", Receipt, response=ReceiptOut, tags=TAGS, verbs={
    "submit": services.submit_receipt,
    "approve": services.approve_receipt,
    "reject": services.reject_receipt,
    "unapprove": services.unapprove_receipt,
    "cancel": services.cancel_receipt,
})
