"""Batch list (批次) with expiry: what is in stock of which batch, how long it keeps,
and blocking a batch (冻结, a quality hold) or releasing it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import render_template, request
from sqlalchemy import func, or_, select

from erp import clock
from erp.api.framework import search_filter
from erp.auth.services import visible_warehouse_ids
from erp.errors import N_
from erp.products.models import Product
from erp.web.nav import nav_item
from erp.web.pages import Pager, arg_choice, arg_id, arg_int, done, list_args, page
from inventory.batches import services
from inventory.batches.models import BATCH_STATUS_LABELS, Batch, BatchStatus
from inventory.permissions import BATCH_EDIT, BATCH_VIEW
from inventory.stock.models import StockBalance
from inventory.web import bp

nav_item("warehouse", N_("Batches"), "inventory.batches", BATCH_VIEW, 7)
EXPIRY_FILTERS = {"": N_("All"), "expired": N_("Expired"), "near": N_("Expiring soon"), "fresh": N_("Not expiring soon")}


def query_batch_stock(actor, *, q=None, product_id=None, status=None, expiry="", days=30, with_stock=True,
                      today=None):
    """``(Batch, on_hand)`` rows, earliest expiry first; on hand over the warehouses the user sees.
    ``expiry``: ``expired``, ``near`` (expiring within ``days``, not yet expired), ``fresh``."""
    today = today or clock.today()
    limit = today + dt.timedelta(days=days)
    stock = (select(StockBalance.batch_id, func.sum(StockBalance.on_hand).label("on_hand"))
             .where(StockBalance.batch_id.is_not(None)).group_by(StockBalance.batch_id))
    allowed = visible_warehouse_ids(actor)
    if allowed is not None:
        stock = stock.where(StockBalance.warehouse_id.in_(allowed))
    stock = stock.subquery()
    stmt = (select(Batch, stock.c.on_hand).join(Product, Product.id == Batch.product_id)
            .outerjoin(stock, stock.c.batch_id == Batch.id)
            .order_by(Batch.expiry_date.is_(None), Batch.expiry_date, Product.sku, Batch.id))
    if product_id:
        stmt = stmt.where(Batch.product_id == product_id)
    if status:
        stmt = stmt.where(Batch.status == status)
    cond = search_filter([Batch.batch_no, Product.sku, Product.name, Product.barcode], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if expiry == "expired":
        stmt = stmt.where(Batch.expiry_date < today)
    elif expiry == "near":
        stmt = stmt.where(Batch.expiry_date >= today, Batch.expiry_date <= limit)
    elif expiry == "fresh":
        stmt = stmt.where(or_(Batch.expiry_date.is_(None), Batch.expiry_date > limit))
    if with_stock:
        stmt = stmt.where(stock.c.on_hand > Decimal(0))
    return stmt


@page(bp, "/batches", permission=BATCH_VIEW)
def batches(session, actor):
    args = list_args()
    days = arg_int("days", 30, minimum=0, maximum=3650)
    expiry = request.args.get("expiry", "")
    with_stock = request.args.get("all") != "1"
    stmt = query_batch_stock(actor, q=args["q"], product_id=arg_id("product_id"),
                             status=arg_choice("status", BatchStatus), expiry=expiry, days=days,
                             with_stock=with_stock)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = session.execute(stmt.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"])).all()
    return render_template("inventory/batches.html", rows=rows, q=args["q"], days=days, expiry=expiry,
                           with_stock=with_stock, today=clock.today(), status_labels=BATCH_STATUS_LABELS,
                           expiry_filters=EXPIRY_FILTERS, pager=Pager(args["page"], args["per_page"], total))


@page(bp, "/batches/<int:id>/status", permission=BATCH_EDIT, methods=("POST",))
def batch_status(session, actor, id):
    """Block a batch (no sale allocates it) or release it."""
    status = BatchStatus.BLOCKED if request.form.get("status") == "blocked" else BatchStatus.ACTIVE
    services.update_batch(session, actor, id, {"status": status})
    return done(N_("Saved."), "inventory.batches", q=request.form.get("q") or None)
