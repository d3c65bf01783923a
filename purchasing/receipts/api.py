"""Goods receipt API: /api/v1/goods-receipts (采购入库单), their labels, and the purchase
returns made from them."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from inventory.documents import load_visible
from printing.responses import pdf_response, request_lang
from purchasing.permissions import GOODS_RECEIPT_EDIT, GOODS_RECEIPT_VIEW, PURCHASE_RETURN_EDIT
from purchasing.queries import filter_documents
from purchasing.receipts import labels, services
from purchasing.receipts.models import GoodsReceipt
from purchasing.receipts.schemas import (
    GoodsReceiptIn,
    GoodsReceiptLabelsQuery,
    GoodsReceiptOut,
    GoodsReceiptUpdateIn,
)
from purchasing.returns import services as returns
from purchasing.returns.schemas import PurchaseReturnMakeIn, PurchaseReturnOut
from purchasing.schemas import PurchaseQuery

bp = Blueprint("goods_receipts_api", __name__, url_prefix="/api/v1")
TAGS = ["goods-receipts"]


@endpoint(bp, "/goods-receipts", permission=GOODS_RECEIPT_VIEW, query=PurchaseQuery, response=GoodsReceiptOut,
          paged=True, tags=TAGS)
def list_goods_receipts(session, actor, args):
    """Goods receipts, newest first; filter by state, supplier, warehouse, dates; ``q`` matches number or supplier."""
    return paginate(session, filter_documents(GoodsReceipt, actor, args), args)


@endpoint(bp, "/goods-receipts", "POST", permission=GOODS_RECEIPT_EDIT, body=GoodsReceiptIn, response=GoodsReceiptOut,
          status=201, tags=TAGS)
def create_goods_receipt(session, actor, data):
    """A goods receipt from the purchase order ``order_id`` (all that remains, or the lines given)."""
    return services.create_goods_receipt(session, actor, data)


@endpoint(bp, "/goods-receipts/<int:doc_id>", permission=GOODS_RECEIPT_VIEW, response=GoodsReceiptOut, tags=TAGS)
def get_goods_receipt(session, actor, doc_id):
    return load_visible(session, actor, GoodsReceipt, doc_id)


@endpoint(bp, "/goods-receipts/<int:doc_id>", "PATCH", permission=GOODS_RECEIPT_EDIT, body=GoodsReceiptUpdateIn,
          response=GoodsReceiptOut, tags=TAGS)
def update_goods_receipt(session, actor, doc_id, data):
    """Change a draft: quantities, prices, batches and dates, warehouse, delivery reference."""
    return services.update_goods_receipt(session, actor, doc_id, data)


@endpoint(bp, "/goods-receipts/<int:doc_id>", "DELETE", permission=GOODS_RECEIPT_EDIT, tags=TAGS)
def delete_goods_receipt(session, actor, doc_id):
    """Delete a draft."""
    services.delete_goods_receipt(session, actor, doc_id)
    return {}


@endpoint(bp, "/goods-receipts/<int:doc_id>/labels/pdf", permission=GOODS_RECEIPT_VIEW, query=GoodsReceiptLabelsQuery,
          content_type="application/pdf", tags=TAGS)
def goods_receipt_labels_pdf(session, actor, doc_id, args):
    """Case labels for every case received (or piece labels) with batch and expiry, as a PDF."""
    pdf, doc = labels.receipt_labels_pdf(session, actor, doc_id, kind=args["kind"], layout=args.get("layout"),
                                         copies=args["copies"], line_ids=args["line_ids"],
                                         lang=request_lang(args.get("lang")))
    return pdf_response(pdf, f"{args['kind']}-labels-{doc.number or doc.id}.pdf")


@endpoint(bp, "/goods-receipts/<int:doc_id>/purchase-returns", "POST", permission=PURCHASE_RETURN_EDIT,
          body=PurchaseReturnMakeIn, response=PurchaseReturnOut, status=201, tags=TAGS)
def make_purchase_return(session, actor, doc_id, data):
    """A purchase return of all or part of what is left of an approved receipt."""
    return returns.make_purchase_return(session, actor, doc_id, data)


document_verbs(bp, "goods-receipts", GoodsReceipt, response=GoodsReceiptOut, tags=TAGS, verbs={
    "submit": services.submit_goods_receipt,
    "approve": services.approve_goods_receipt,
    "reject": services.reject_goods_receipt,
    "unapprove": services.unapprove_goods_receipt,
    "cancel": services.cancel_goods_receipt,
})
