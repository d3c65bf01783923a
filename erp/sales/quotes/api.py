"""Quote API: /api/v1/quotes (报价单), and orders made from them."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from erp.sales.orders import making
from erp.sales.orders.schemas import OrderFromQuoteIn, OrderOut
from erp.sales.permissions import QUOTE_EDIT, QUOTE_VIEW, SALES_ORDER_EDIT
from erp.sales.queries import filter_documents
from erp.sales.quotes import services
from erp.sales.quotes.models import Quote
from erp.sales.quotes.schemas import QuoteIn, QuoteOut, QuoteUpdateIn
from erp.sales.schemas import SalesQuery

bp = Blueprint("quotes_api", __name__, url_prefix="/api/v1")
TAGS = ["quotes"]


@endpoint(bp, "/quotes", permission=QUOTE_VIEW, query=SalesQuery, response=QuoteOut, paged=True, tags=TAGS)
def list_quotes(session, actor, args):
    """Quotes, newest first; filter by state, customer, dates; ``q`` matches number or customer."""
    return paginate(session, filter_documents(Quote, args), args)


@endpoint(bp, "/quotes", "POST", permission=QUOTE_EDIT, body=QuoteIn, response=QuoteOut, status=201, tags=TAGS)
def create_quote(session, actor, data):
    """Draft a quote; lines without a price are priced from the customer's price list."""
    return services.create_quote(session, actor, data)


@endpoint(bp, "/quotes/<int:doc_id>", permission=QUOTE_VIEW, response=QuoteOut, tags=TAGS)
def get_quote(session, actor, doc_id):
    return get_document(session, Quote, doc_id)


@endpoint(bp, "/quotes/<int:doc_id>", "PATCH", permission=QUOTE_EDIT, body=QuoteUpdateIn, response=QuoteOut,
          tags=TAGS)
def update_quote(session, actor, doc_id, data):
    return services.update_quote(session, actor, doc_id, data)


@endpoint(bp, "/quotes/<int:doc_id>", "DELETE", permission=QUOTE_EDIT, tags=TAGS)
def delete_quote(session, actor, doc_id):
    """Delete a draft."""
    services.delete_quote(session, actor, doc_id)
    return {}


@endpoint(bp, "/quotes/<int:doc_id>/sales-orders", "POST", permission=SALES_ORDER_EDIT, body=OrderFromQuoteIn,
          response=OrderOut, status=201, tags=TAGS)
def make_order(session, actor, doc_id, data):
    """An order for all or part of what remains of an approved, unexpired quote."""
    return making.make_order_from_quote(session, actor, doc_id, data)


document_verbs(bp, "quotes", Quote, response=QuoteOut, tags=TAGS, verbs={
    "submit": services.submit_quote,
    "approve": services.approve_quote,
    "reject": services.reject_quote,
    "unapprove": services.unapprove_quote,
    "cancel": services.cancel_quote,
    "close": services.close_quote,
    "reopen": services.reopen_quote,
})
