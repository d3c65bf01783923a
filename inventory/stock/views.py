"""Stock lookup (库存查询) for the warehouse floor: type or scan a SKU, a name or a barcode.

A code that names one product (a piece or case barcode, a SKU, an exact name) opens its
card at once: stock per warehouse and per batch with expiry, in cases and pieces;
anything else lists the matching products with their totals."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from erp import clock
from erp.errors import N_, ErpError
from erp.products.lookup import lookup_product
from erp.products.models import Product
from erp.web.nav import nav_item
from erp.web.pages import Pager, arg_id, list_args, page
from inventory.batches.models import BATCH_STATUS_LABELS
from inventory.permissions import STOCK_VIEW
from inventory.stock.queries import product_stock, query_balances, query_product_totals
from inventory.web import bp, warehouse_options

nav_item("warehouse", N_("Stock lookup"), "inventory.stock", STOCK_VIEW, 5)


def _card(session, actor, product, warehouse_id, scanned=None):
    levels = product_stock(session, [product.id], warehouse_ids=[warehouse_id] if warehouse_id else None,
                           actor=actor)[0]
    balances = list(session.scalars(query_balances(actor, product_id=product.id, warehouse_id=warehouse_id)))
    return {"product": product, "levels": levels, "balances": balances, "scanned": scanned}


@page(bp, "/stock", permission=STOCK_VIEW)
def stock(session, actor):
    args = list_args()
    warehouse_id = arg_id("warehouse_id")
    context = {"q": args["q"], "warehouse_id": warehouse_id, "warehouses": warehouse_options(session, actor),
               "today": clock.today(), "status_labels": BATCH_STATUS_LABELS, "card": None, "products": None}
    product_id = arg_id("product_id")
    product = session.get(Product, product_id) if product_id else None
    scanned = None
    if product is None and args["q"]:
        try:
            scanned = lookup_product(session, args["q"], active_only=False)
            product = scanned.product
        except ErpError:
            product = None
    if product is not None:
        context["card"] = _card(session, actor, product, warehouse_id, scanned)
    else:
        stmt = query_product_totals(actor, q=args["q"], warehouse_id=warehouse_id)
        total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        rows = session.execute(stmt.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"])).all()
        if total == 1 and args["q"]:
            context["card"] = _card(session, actor, rows[0][0], warehouse_id)
        else:
            context["products"] = rows
            context["pager"] = Pager(args["page"], args["per_page"], total)
    return render_template("inventory/stock.html", **context)
