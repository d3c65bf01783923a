"""Other stock-in API: /api/v1/stock-ins (其他入库单, incl. opening balances)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from inventory.documents import load_visible, query_documents
from inventory.permissions import STOCK_IN_EDIT, STOCK_IN_VIEW
from inventory.stock_ins import services
from inventory.stock_ins.models import StockIn
from inventory.stock_ins.schemas import StockInIn, StockInOut, StockInQuery, StockInUpdateIn

bp = Blueprint("stock_ins_api", __name__, url_prefix="/api/v1")
TAGS = ["stock-ins"]


@endpoint(bp, "/stock-ins", permission=STOCK_IN_VIEW, query=StockInQuery, response=StockInOut, paged=True,
          tags=TAGS)
def list_stock_ins(session, actor, args):
    stmt = query_documents(StockIn, actor, args, StockIn.warehouse_id)
    if args.get("reason"):
        stmt = stmt.where(StockIn.reason == args["reason"])
    return paginate(session, stmt, args)


@endpoint(bp, "/stock-ins", "POST", permission=STOCK_IN_EDIT, body=StockInIn, response=StockInOut, status=201,
          tags=TAGS)
def create_stock_in(session, actor, data):
    """Draft a stock-in (``reason: opening`` for opening balances)."""
    return services.create_stock_in(session, actor, data)


@endpoint(bp, "/stock-ins/<int:doc_id>", permission=STOCK_IN_VIEW, response=StockInOut, tags=TAGS)
def get_stock_in(session, actor, doc_id):
    return load_visible(session, actor, StockIn, doc_id)


@endpoint(bp, "/stock-ins/<int:doc_id>", "PATCH", permission=STOCK_IN_EDIT, body=StockInUpdateIn,
          response=StockInOut, tags=TAGS)
def update_stock_in(session, actor, doc_id, data):
    return services.update_stock_in(session, actor, doc_id, data)


@endpoint(bp, "/stock-ins/<int:doc_id>", "DELETE", permission=STOCK_IN_EDIT, tags=TAGS)
def delete_stock_in(session, actor, doc_id):
    """Delete a draft."""
    services.delete_stock_in(session, actor, doc_id)
    return {}


document_verbs(bp, "stock-ins", StockIn, response=StockInOut, tags=TAGS, verbs={
    "submit": services.submit_stock_in,
    "approve": services.approve_stock_in,
    "reject": services.reject_stock_in,
    "unapprove": services.unapprove_stock_in,
    "cancel": services.cancel_stock_in,
})
