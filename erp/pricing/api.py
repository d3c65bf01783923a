"""Pricing API: /api/v1/price-lists and the price a customer pays (/price-lists/resolve)."""
from __future__ import annotations

from flask import Blueprint

from erp import clock
from erp.api.framework import endpoint, paginate
from erp.auth.permissions import PRICE_LIST_EDIT, PRICE_LIST_VIEW
from erp.customers.services import get_customer
from erp.masterdata.schemas import DeletedOut
from erp.pricing import services
from erp.pricing.resolve import resolve_price
from erp.pricing.schemas import (
    PriceListIn,
    PriceListOut,
    PriceListQuery,
    PriceListUpdateIn,
    PriceQuoteOut,
    PriceQuoteQuery,
)
from erp.products.services import get_product

bp = Blueprint("pricing_api", __name__, url_prefix="/api/v1")
TAGS = ["price-lists"]


@endpoint(bp, "/price-lists", permission=PRICE_LIST_VIEW, query=PriceListQuery, response=PriceListOut, paged=True,
          tags=TAGS)
def list_price_lists(session, actor, args):
    """Price lists; filter by scope (customer, category, general), customer, category, product,
    active, or the date they must be valid on."""
    filters = {k: args.get(k) for k in ("scope", "customer_id", "customer_category_id", "product_id", "active")}
    return paginate(session, services.query_price_lists(q=args.get("q"), on_date=args.get("valid_on"), **filters),
                    args)


@endpoint(bp, "/price-lists", "POST", permission=PRICE_LIST_EDIT, body=PriceListIn, response=PriceListOut,
          status=201, tags=TAGS)
def create_price_list(session, actor, data):
    """Create a price list with its quantity breaks."""
    return services.create_price_list(session, actor, data)


@endpoint(bp, "/price-lists/resolve", permission=PRICE_LIST_VIEW, query=PriceQuoteQuery, response=PriceQuoteOut,
          tags=TAGS)
def resolve(session, actor, args):
    """The price per base unit (VAT included) a customer pays for a quantity on a date, and
    where it comes from (customer list, assigned list, category list, or list price)."""
    customer = get_customer(session, args["customer_id"]) if args.get("customer_id") else None
    product = get_product(session, args["product_id"])
    return resolve_price(session, customer, product, args["qty"], args.get("on_date") or clock.today())


@endpoint(bp, "/price-lists/<int:price_list_id>", permission=PRICE_LIST_VIEW, response=PriceListOut, tags=TAGS)
def get_price_list(session, actor, price_list_id):
    return services.get_price_list(session, price_list_id)


@endpoint(bp, "/price-lists/<int:price_list_id>", "PATCH", permission=PRICE_LIST_EDIT, body=PriceListUpdateIn,
          response=PriceListOut, tags=TAGS)
def update_price_list(session, actor, price_list_id, data):
    """Change a price list; ``items`` given replace its quantity breaks."""
    return services.update_price_list(session, actor, price_list_id, data)


@endpoint(bp, "/price-lists/<int:price_list_id>", "DELETE", permission=PRICE_LIST_EDIT, response=DeletedOut,
          tags=TAGS)
def delete_price_list(session, actor, price_list_id):
    """Delete a price list no customer is assigned to (409 otherwise: deactivate it)."""
    services.delete_price_list(session, actor, price_list_id)
    return {"deleted": True, "id": price_list_id}
