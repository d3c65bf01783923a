"""Stock API: balances and availability (/stock), costs, FEFO proposals, reservations,
and the ledger (/stock-moves)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from inventory.permissions import STOCK_COST, STOCK_VIEW
from inventory.stock import queries
from inventory.stock.allocation import propose_allocation
from inventory.stock.schemas import (
    BalanceOut,
    BalanceQuery,
    CostOut,
    CostQuery,
    FefoAllocationOut,
    FefoQuery,
    LevelsQuery,
    MoveOut,
    MoveQuery,
    ProductStockOut,
    ReservationOut,
    ReservationQuery,
)

bp = Blueprint("stock_api", __name__, url_prefix="/api/v1")


@endpoint(bp, "/stock", permission=STOCK_VIEW, query=BalanceQuery, response=BalanceOut, paged=True, tags=["stock"])
def list_stock(session, actor, args):
    """Balances per product, warehouse and batch: on hand, reserved, available."""
    return paginate(session, queries.query_balances(
        actor, product_id=args.get("product_id"), warehouse_id=args.get("warehouse_id"),
        batch_id=args.get("batch_id"), q=args.get("q"), include_empty=args["include_empty"],
        available_only=args["available_only"]), args)


@endpoint(bp, "/stock/levels", permission=STOCK_VIEW, query=LevelsQuery, response=ProductStockOut, many=True,
          tags=["stock"])
def stock_levels(session, actor, args):
    """Availability of products per warehouse and in total (``sellable``: not expired, not blocked)."""
    return queries.product_stock(session, args["product_id"], warehouse_ids=args.get("warehouse_id"), actor=actor,
                                 on_date=args.get("on_date"))


@endpoint(bp, "/stock/fefo", permission=STOCK_VIEW, query=FefoQuery, response=FefoAllocationOut, tags=["stock"])
def propose_fefo(session, actor, args):
    """Which batches FEFO would issue a quantity from (``short`` > 0 when not enough)."""
    return propose_allocation(session, actor, **args)


@endpoint(bp, "/stock/reservations", permission=STOCK_VIEW, query=ReservationQuery, response=ReservationOut,
          paged=True, tags=["stock"])
def list_reservations(session, actor, args):
    return paginate(session, queries.query_reservations(
        actor, product_id=args.get("product_id"), warehouse_id=args.get("warehouse_id"),
        source_type=args.get("source_type"), source_id=args.get("source_id")), args)


@endpoint(bp, "/stock/costs", permission=STOCK_COST, query=CostQuery, response=CostOut, paged=True, tags=["stock"])
def list_costs(session, actor, args):
    """Moving average cost, quantity and value per product and warehouse."""
    return paginate(session, queries.query_costs(actor, product_id=args.get("product_id"),
                                                 warehouse_id=args.get("warehouse_id"), q=args.get("q")), args)


@endpoint(bp, "/stock-moves", permission=STOCK_COST, query=MoveQuery, response=MoveOut, paged=True,
          tags=["stock-moves"])
def list_stock_moves(session, actor, args):
    """The stock ledger, newest first."""
    return paginate(session, queries.query_moves(
        actor, product_id=args.get("product_id"), warehouse_id=args.get("warehouse_id"),
        batch_id=args.get("batch_id"), source_type=args.get("source_type"), source_id=args.get("source_id"),
        date_from=args.get("date_from"), date_to=args.get("date_to")), args)


@endpoint(bp, "/stock-moves/<int:move_id>", permission=STOCK_COST, response=MoveOut, tags=["stock-moves"])
def get_stock_move(session, actor, move_id):
    return queries.get_move(session, actor, move_id)
