"""The demo opening stock: batches expired, near expiry and fresh, ledger and balances agreeing."""
from __future__ import annotations

from sqlalchemy import select

from inventory.batches.models import Batch
from inventory.demo import load_inventory_demo
from inventory.stock.checks import check_stock_balances, check_stock_costs
from inventory.stock.queries import stock_level
from tests.inventory.conftest import TODAY


def test_demo_opening_stock_fills_the_warehouses_with_batches_of_every_age(db, make_user, make_warehouse,
                                                                           make_tracked, make_product):
    admin = make_user("admin")
    shanghai, suzhou = make_warehouse(), make_warehouse()
    milk, water = make_tracked(shelf_life_days=180), make_product()
    summary = load_inventory_demo(db, admin)
    assert summary["opening stock-ins"] >= 2
    assert stock_level(db, water.id, shanghai.id).on_hand > 0
    assert stock_level(db, milk.id, suzhou.id).on_hand > 0
    expiries = [b.expiry_date for b in db.scalars(select(Batch).where(Batch.product_id == milk.id))]
    assert len(expiries) == 3
    assert any(e < TODAY for e in expiries) and any(0 <= (e - TODAY).days <= 30 for e in expiries)
    assert any((e - TODAY).days > 100 for e in expiries)
    assert check_stock_balances(db) == [] and check_stock_costs(db) == []
