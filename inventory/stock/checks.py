"""``erp check``: the balances and costs agree with the ledger, to the unit and the fen."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from erp.checks import register_check
from erp.warehouses.models import Warehouse
from inventory.stock.models import StockBalance, StockCost, StockMove, StockReservation

ZERO = Decimal(0)
LIMIT = 50


def _compare(label: str, expected: dict, actual: dict) -> list[str]:
    problems = []
    for key in sorted(set(expected) | set(actual), key=str):
        want, have = expected.get(key, ZERO), actual.get(key, ZERO)
        if want != have:
            problems.append(f"{label} {key}: {have} recorded, {want} by the sum")
            if len(problems) >= LIMIT:
                break
    return problems


@register_check("stock balances equal the ledger")
def check_stock_balances(session: Session) -> list[str]:
    """on_hand per (product, warehouse, batch) = Σ moves; reserved = Σ reservations;
    no negative stock where the warehouse does not allow it."""
    key = func.coalesce(StockMove.batch_id, literal_column("0"))
    moved = {(p, w, b): q for p, w, b, q in session.execute(
        select(StockMove.product_id, StockMove.warehouse_id, key, func.sum(StockMove.qty))
        .group_by(StockMove.product_id, StockMove.warehouse_id, key))}
    balances = session.execute(select(StockBalance.product_id, StockBalance.warehouse_id, StockBalance.batch_key,
                                      StockBalance.on_hand, StockBalance.reserved)).all()
    on_hand = {(p, w, b): q for p, w, b, q, _r in balances}
    problems = _compare("on hand (product, warehouse, batch)", moved, on_hand)
    held = {(p, w, b): q for p, w, b, q in session.execute(
        select(StockReservation.product_id, StockReservation.warehouse_id, StockReservation.batch_key,
               func.sum(StockReservation.qty))
        .group_by(StockReservation.product_id, StockReservation.warehouse_id, StockReservation.batch_key))}
    reserved = {(p, w, b): r for p, w, b, _q, r in balances}
    problems += _compare("reserved (product, warehouse, batch)", held, reserved)
    strict = set(session.scalars(select(Warehouse.id).where(Warehouse.allow_negative_stock.is_(False))))
    problems += [f"negative stock (product, warehouse, batch) {(p, w, b)}: {q}"
                 for p, w, b, q, _r in balances if q < 0 and w in strict][:LIMIT]
    return problems


@register_check("stock costs equal the ledger")
def check_stock_costs(session: Session) -> list[str]:
    """Per (product, warehouse): the cost row's quantity = Σ balances = Σ moves, and its
    value = Σ move values (each move's value rounded to the fen when it was posted)."""
    moved = session.execute(
        select(StockMove.product_id, StockMove.warehouse_id, func.sum(StockMove.qty), func.sum(StockMove.value))
        .group_by(StockMove.product_id, StockMove.warehouse_id)).all()
    moved_qty = {(p, w): q for p, w, q, _v in moved}
    moved_value = {(p, w): v for p, w, _q, v in moved}
    costs = session.execute(select(StockCost.product_id, StockCost.warehouse_id, StockCost.qty, StockCost.value)).all()
    balance_qty = {(p, w): q for p, w, q in session.execute(
        select(StockBalance.product_id, StockBalance.warehouse_id, func.sum(StockBalance.on_hand))
        .group_by(StockBalance.product_id, StockBalance.warehouse_id))}
    problems = _compare("cost quantity (product, warehouse)", moved_qty, {(p, w): q for p, w, q, _v in costs})
    problems += _compare("balance total (product, warehouse)", moved_qty, balance_qty)
    problems += _compare("cost value (product, warehouse)", moved_value, {(p, w): v for p, w, _q, v in costs})
    return problems
