"""Other stock-out API: /api/v1/stock-outs (其他出库单)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from inventory.documents import load_visible, query_documents
from inventory.permissions import STOCK_OUT_EDIT, STOCK_OUT_VIEW
from inventory.stock_outs import services
from inventory.stock_outs.models import StockOut
from inventory.stock_outs.schemas import StockOutIn, StockOutOut, StockOutQuery, StockOutUpdateIn

bp = Blueprint("stock_outs_api", __name__, url_prefix="/api/v1")
TAGS = ["stock-outs"]


@endpoint(bp, "/stock-outs", permission=STOCK_OUT_VIEW, query=StockOutQuery, response=StockOutOut, paged=True,
          tags=TAGS)
def list_stock_outs(session, actor, args):
    stmt = query_documents(StockOut, actor, args, StockOut.warehouse_id)
    if args.get("reason"):
        stmt = stmt.where(StockOut.reason == args["reason"])
    return paginate(session, stmt, args)


@endpoint(bp, "/stock-outs", "POST", permission=STOCK_OUT_EDIT, body=StockOutIn, response=StockOutOut, status=201,
          tags=TAGS)
def create_stock_out(session, actor, data):
    """Draft a stock-out; tracked lines without a batch are split FEFO."""
    return services.create_stock_out(session, actor, data)


@endpoint(bp, "/stock-outs/<int:doc_id>", permission=STOCK_OUT_VIEW, response=StockOutOut, tags=TAGS)
def get_stock_out(session, actor, doc_id):
    return load_visible(session, actor, StockOut, doc_id)


@endpoint(bp, "/stock-outs/<int:doc_id>", "PATCH", permission=STOCK_OUT_EDIT, body=StockOutUpdateIn,
          response=StockOutOut, tags=TAGS)
def update_stock_out(session, actor, doc_id, data):
    return services.update_stock_out(session, actor, doc_id, data)


@endpoint(bp, "/stock-outs/<int:doc_id>", "DELETE", permission=STOCK_OUT_EDIT, tags=TAGS)
def delete_stock_out(session, actor, doc_id):
    """Delete a draft."""
    services.delete_stock_out(session, actor, doc_id)
    return {}


document_verbs(bp, "stock-outs", StockOut, response=StockOutOut, tags=TAGS, verbs={
    "submit": services.submit_stock_out,
    "approve": services.approve_stock_out,
    "reject": services.reject_stock_out,
    "unapprove": services.unapprove_stock_out,
    "cancel": services.cancel_stock_out,
})
