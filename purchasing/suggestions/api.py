"""Purchase suggestion API: /api/v1/purchase-suggestions (采购建议) and the draft orders made from it."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint
from purchasing.orders.schemas import PurchaseOrderOut
from purchasing.permissions import PURCHASE_ORDER_EDIT, PURCHASE_SUGGESTION_VIEW
from purchasing.suggestions import services
from purchasing.suggestions.schemas import (
    PurchaseSuggestionOrdersIn,
    PurchaseSuggestionOut,
    PurchaseSuggestionQuery,
)

bp = Blueprint("purchase_suggestions_api", __name__, url_prefix="/api/v1")
TAGS = ["purchase-suggestions"]


@endpoint(bp, "/purchase-suggestions", permission=PURCHASE_SUGGESTION_VIEW, query=PurchaseSuggestionQuery,
          response=PurchaseSuggestionOut, many=True, tags=TAGS)
def list_purchase_suggestions(session, actor, args):
    """Products below their reorder point and how much to order to reach their maximum, by preferred supplier."""
    return services.suggest(session, actor, warehouse_id=args.get("warehouse_id"), supplier_id=args.get("supplier_id"))


@endpoint(bp, "/purchase-suggestions/orders", "POST", permission=PURCHASE_ORDER_EDIT, body=PurchaseSuggestionOrdersIn,
          response=PurchaseOrderOut, many=True, status=201, tags=TAGS)
def create_orders_from_suggestion(session, actor, data):
    """One draft purchase order per preferred supplier for the suggested products."""
    return services.create_orders_from_suggestion(session, actor, data)
