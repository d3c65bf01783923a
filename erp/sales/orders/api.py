"""Sales order API: /api/v1/sales-orders (销售订单), the delivery notes made from them,
and the small lookups of the order-entry screen."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from erp.sales.delivery import services as delivery
from erp.sales.delivery.schemas import DeliveryMakeIn, DeliveryNoteOut
from erp.sales.orders import backlog, entry, making, services
from erp.sales.orders.models import SalesOrder
from erp.sales.orders.progress import order_progress
from erp.sales.orders.schemas import (
    BacklogOut,
    BacklogQuery,
    CreditOut,
    LinePriceOut,
    LinePriceQuery,
    LineProgressOut,
    OrderHeaderIn,
    OrderIn,
    OrderOut,
    OrderUpdateIn,
)
from erp.sales.permissions import DELIVERY_NOTE_EDIT, SALES_ORDER_EDIT, SALES_ORDER_VIEW
from erp.sales.queries import filter_documents
from erp.sales.schemas import SalesQuery
from inventory.reports.export import export_table

bp = Blueprint("sales_orders_api", __name__, url_prefix="/api/v1")
TAGS = ["sales-orders"]


@endpoint(bp, "/sales-orders", permission=SALES_ORDER_VIEW, query=SalesQuery, response=OrderOut, paged=True,
          tags=TAGS)
def list_sales_orders(session, actor, args):
    """Sales orders, newest first; filter by state, customer, dates; ``q`` matches number or customer."""
    return paginate(session, filter_documents(SalesOrder, args), args)


@endpoint(bp, "/sales-orders", "POST", permission=SALES_ORDER_EDIT, body=OrderIn, response=OrderOut, status=201,
          tags=TAGS)
def create_sales_order(session, actor, data):
    """Enter an order directly; lines in cases or pieces, priced from the customer's price list."""
    return services.create_order(session, actor, data)


@endpoint(bp, "/sales-orders/line-price", permission=SALES_ORDER_VIEW, query=LinePriceQuery, response=LinePriceOut,
          tags=TAGS)
def sales_line_price(session, actor, args):
    """Price, minimum price and available stock of a product for a customer, per unit."""
    return entry.line_price(session, actor, args)


@endpoint(bp, "/sales-orders/to-deliver", permission=SALES_ORDER_VIEW, query=BacklogQuery, response=BacklogOut,
          tags=TAGS, content_type="application/octet-stream")
def orders_to_deliver(session, actor, args):
    """待发货: lines of approved orders not yet on a delivery note, the earliest promised
    first, with the stock available in the order's warehouse (``format=csv|xlsx`` to download)."""
    rows = backlog.undelivered_lines(session, actor, warehouse_id=args.get("warehouse_id"),
                                     customer_id=args.get("customer_id"), due_by=args.get("due_by"), q=args.get("q"))
    if args["format"] != "json":
        return export_table(backlog.backlog_table(rows), args["format"])
    return {"rows": rows}


@endpoint(bp, "/customers/<int:customer_id>/credit", permission=SALES_ORDER_VIEW, response=CreditOut, tags=TAGS)
def customer_credit(session, actor, customer_id):
    """Credit limit, exposure (open receivables + uninvoiced approved orders), available, overdue invoices."""
    return entry.customer_credit(session, actor, customer_id)


@endpoint(bp, "/sales-orders/<int:doc_id>", permission=SALES_ORDER_VIEW, response=OrderOut, tags=TAGS)
def get_sales_order(session, actor, doc_id):
    return get_document(session, SalesOrder, doc_id)


@endpoint(bp, "/sales-orders/<int:doc_id>", "PATCH", permission=SALES_ORDER_EDIT, body=OrderUpdateIn,
          response=OrderOut, tags=TAGS)
def update_sales_order(session, actor, doc_id, data):
    return services.update_order(session, actor, doc_id, data)


@endpoint(bp, "/sales-orders/<int:doc_id>", "DELETE", permission=SALES_ORDER_EDIT, tags=TAGS)
def delete_sales_order(session, actor, doc_id):
    """Delete a draft."""
    services.delete_order(session, actor, doc_id)
    return {}


@endpoint(bp, "/sales-orders/<int:doc_id>/progress", permission=SALES_ORDER_VIEW, response=LineProgressOut,
          many=True, tags=TAGS)
def sales_order_progress(session, actor, doc_id):
    """Per line, in the base unit: ordered, delivered, shipped, invoiced, returned, still to deliver."""
    return order_progress(session, get_document(session, SalesOrder, doc_id))


@endpoint(bp, "/sales-orders/<int:doc_id>/copy", "POST", permission=SALES_ORDER_EDIT, body=OrderHeaderIn,
          response=OrderOut, status=201, tags=TAGS)
def copy_sales_order(session, actor, doc_id, data):
    """A new draft with the same customer, products and quantities, priced for today."""
    return making.copy_order(session, actor, doc_id, data)


@endpoint(bp, "/sales-orders/<int:doc_id>/delivery-notes", "POST", permission=DELIVERY_NOTE_EDIT,
          body=DeliveryMakeIn, response=DeliveryNoteOut, status=201, tags=TAGS)
def make_delivery_note(session, actor, doc_id, data):
    """A delivery note for all or part of what remains of an approved order."""
    return delivery.make_delivery_note(session, actor, doc_id, data)


document_verbs(bp, "sales-orders", SalesOrder, response=OrderOut, tags=TAGS, verbs={
    "submit": services.submit_order,
    "approve": services.approve_order,
    "reject": services.reject_order,
    "unapprove": services.unapprove_order,
    "cancel": services.cancel_order,
    "close": services.close_order,
    "reopen": services.reopen_order,
})
