"""Purchase return API: /api/v1/purchase-returns (采购退货单)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from inventory.documents import load_visible
from purchasing.permissions import PURCHASE_RETURN_EDIT, PURCHASE_RETURN_VIEW
from purchasing.queries import filter_documents
from purchasing.returns import services
from purchasing.returns.models import PurchaseReturn
from purchasing.returns.schemas import PurchaseReturnIn, PurchaseReturnOut, PurchaseReturnUpdateIn
from purchasing.schemas import PurchaseQuery

bp = Blueprint("purchase_returns_api", __name__, url_prefix="/api/v1")
TAGS = ["purchase-returns"]


@endpoint(bp, "/purchase-returns", permission=PURCHASE_RETURN_VIEW, query=PurchaseQuery, response=PurchaseReturnOut,
          paged=True, tags=TAGS)
def list_purchase_returns(session, actor, args):
    """Purchase returns, newest first; filter by state, supplier, warehouse, dates; ``q`` matches number or supplier."""
    return paginate(session, filter_documents(PurchaseReturn, actor, args), args)


@endpoint(bp, "/purchase-returns", "POST", permission=PURCHASE_RETURN_EDIT, body=PurchaseReturnIn, response=PurchaseReturnOut,
          status=201, tags=TAGS)
def create_purchase_return(session, actor, data):
    """A purchase return from the goods receipt ``receipt_id`` (all that is left, or the lines given)."""
    return services.create_purchase_return(session, actor, data)


@endpoint(bp, "/purchase-returns/<int:doc_id>", permission=PURCHASE_RETURN_VIEW, response=PurchaseReturnOut, tags=TAGS)
def get_purchase_return(session, actor, doc_id):
    return load_visible(session, actor, PurchaseReturn, doc_id)


@endpoint(bp, "/purchase-returns/<int:doc_id>", "PATCH", permission=PURCHASE_RETURN_EDIT, body=PurchaseReturnUpdateIn,
          response=PurchaseReturnOut, tags=TAGS)
def update_purchase_return(session, actor, doc_id, data):
    return services.update_purchase_return(session, actor, doc_id, data)


@endpoint(bp, "/purchase-returns/<int:doc_id>", "DELETE", permission=PURCHASE_RETURN_EDIT, tags=TAGS)
def delete_purchase_return(session, actor, doc_id):
    """Delete a draft."""
    services.delete_purchase_return(session, actor, doc_id)
    return {}


document_verbs(bp, "purchase-returns", PurchaseReturn, response=PurchaseReturnOut, tags=TAGS, verbs={
    "submit": services.submit_purchase_return,
    "approve": services.approve_purchase_return,
    "reject": services.reject_purchase_return,
    "unapprove": services.unapprove_purchase_return,
    "cancel": services.cancel_purchase_return,
})
