"""Purchase order API: /api/v1/purchase-orders (采购订单), the goods receipts made from
them, and the line defaults the order-entry screen asks for."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from inventory.documents import load_visible
from purchasing.orders import entry, services
from purchasing.orders.models import PurchaseOrder
from purchasing.orders.progress import order_progress
from purchasing.orders.schemas import (
    PurchaseLineDefaultsOut,
    PurchaseLineDefaultsQuery,
    PurchaseLineProgressOut,
    PurchaseOrderIn,
    PurchaseOrderOut,
    PurchaseOrderUpdateIn,
)
from purchasing.permissions import GOODS_RECEIPT_EDIT, PURCHASE_ORDER_EDIT, PURCHASE_ORDER_VIEW
from purchasing.queries import filter_documents
from purchasing.receipts import services as receipts
from purchasing.receipts.schemas import GoodsReceiptMakeIn, GoodsReceiptOut
from purchasing.schemas import PurchaseQuery

bp = Blueprint("purchase_orders_api", __name__, url_prefix="/api/v1")
TAGS = ["purchase-orders"]


@endpoint(bp, "/purchase-orders", permission=PURCHASE_ORDER_VIEW, query=PurchaseQuery, response=PurchaseOrderOut,
          paged=True, tags=TAGS)
def list_purchase_orders(session, actor, args):
    """Purchase orders, newest first; filter by state, supplier, warehouse, dates; ``q`` matches number or supplier."""
    return paginate(session, filter_documents(PurchaseOrder, actor, args), args)


@endpoint(bp, "/purchase-orders", "POST", permission=PURCHASE_ORDER_EDIT, body=PurchaseOrderIn, response=PurchaseOrderOut,
          status=201, tags=TAGS)
def create_purchase_order(session, actor, data):
    """Enter an order; lines in cases or pieces, priced from the last purchase unless given."""
    return services.create_order(session, actor, data)


@endpoint(bp, "/purchase-orders/line-defaults", permission=PURCHASE_ORDER_VIEW, query=PurchaseLineDefaultsQuery,
          response=PurchaseLineDefaultsOut, tags=TAGS)
def purchase_line_defaults(session, actor, args):
    """Units, last price from the supplier, VAT rate, available stock and quantity on order of a product."""
    return entry.line_defaults(session, actor, args)


@endpoint(bp, "/purchase-orders/<int:doc_id>", permission=PURCHASE_ORDER_VIEW, response=PurchaseOrderOut, tags=TAGS)
def get_purchase_order(session, actor, doc_id):
    return load_visible(session, actor, PurchaseOrder, doc_id)


@endpoint(bp, "/purchase-orders/<int:doc_id>", "PATCH", permission=PURCHASE_ORDER_EDIT, body=PurchaseOrderUpdateIn,
          response=PurchaseOrderOut, tags=TAGS)
def update_purchase_order(session, actor, doc_id, data):
    return services.update_order(session, actor, doc_id, data)


@endpoint(bp, "/purchase-orders/<int:doc_id>", "DELETE", permission=PURCHASE_ORDER_EDIT, tags=TAGS)
def delete_purchase_order(session, actor, doc_id):
    """Delete a draft."""
    services.delete_order(session, actor, doc_id)
    return {}


@endpoint(bp, "/purchase-orders/<int:doc_id>/progress", permission=PURCHASE_ORDER_VIEW, response=PurchaseLineProgressOut,
          many=True, tags=TAGS)
def purchase_order_progress(session, actor, doc_id):
    """Per line, in the base unit: ordered, on receipts, received, returned, open, what a new receipt may take."""
    return order_progress(session, load_visible(session, actor, PurchaseOrder, doc_id))


@endpoint(bp, "/purchase-orders/<int:doc_id>/goods-receipts", "POST", permission=GOODS_RECEIPT_EDIT,
          body=GoodsReceiptMakeIn, response=GoodsReceiptOut, status=201, tags=TAGS)
def make_goods_receipt(session, actor, doc_id, data):
    """A goods receipt for all or part of what remains of an approved order."""
    return receipts.make_goods_receipt(session, actor, doc_id, data)


document_verbs(bp, "purchase-orders", PurchaseOrder, response=PurchaseOrderOut, tags=TAGS, verbs={
    "submit": services.submit_order,
    "approve": services.approve_order,
    "reject": services.reject_order,
    "unapprove": services.unapprove_order,
    "cancel": services.cancel_order,
    "close": services.close_order,
    "reopen": services.reopen_order,
})
