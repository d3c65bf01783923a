"""Demo opening stock (期初): called at the end of ``erp.demo.load_demo_data``."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.money import round_price
from erp.products.models import Product
from erp.warehouses.models import Warehouse
from inventory.stock_ins import services as stock_ins

#: Cost as a share of the list price, for the demo.
COST_SHARE = Decimal("0.7")


def _batch_lines(product: Product, qty: Decimal, unit_cost: Decimal, today: dt.date) -> list[dict]:
    """Three batches of a batch-tracked product: expired ten days ago, expiring in 15 days, fresh."""
    shelf = dt.timedelta(days=product.shelf_life_days or 365)
    out = []
    for expiry, share in ((today - dt.timedelta(days=10), Decimal("0.2")),
                          (today + dt.timedelta(days=15), Decimal("0.3")),
                          (today - dt.timedelta(days=5) + shelf, Decimal("0.5"))):
        production = expiry - shelf
        out.append({"product_id": product.id, "qty": (qty * share).quantize(Decimal(1)) or Decimal(1),
                    "unit_cost": unit_cost, "batch_no": f"{production:%Y%m%d}", "production_date": production,
                    "expiry_date": expiry})
    return out


def load_inventory_demo(session: Session, actor: User | None = None, *, today: dt.date | None = None,
                        max_warehouses: int = 3, opening_date: dt.date | None = None) -> dict[str, int]:
    """Approve one opening stock-in per demo warehouse (the first ``max_warehouses`` active
    ones) holding every active product: batch-tracked products in three batches — one
    expired, one near expiry, one fresh — others without batches; cost about 70 % of the
    list price. ``actor``: the user who approves (the ``admin`` user by default);
    ``opening_date``: the stock-in's date (today by default; earlier when a sales history
    follows it)."""
    today = today or clock.today()
    actor = actor or session.scalar(select(User).where(User.username == "admin"))
    if actor is None:
        raise ValueError("load_inventory_demo needs an actor (no 'admin' user found)")
    warehouses = session.scalars(select(Warehouse).where(Warehouse.active.is_(True))
                                 .order_by(Warehouse.id).limit(max_warehouses)).all()
    products = session.scalars(select(Product).where(Product.active.is_(True)).order_by(Product.id)).all()
    documents = lines = 0
    for index, warehouse in enumerate(warehouses):
        items = []
        for product in products:
            qty = Decimal(24 * ((product.id + index) % 5 + 1))
            unit_cost = round_price(product.list_price * COST_SHARE) if product.list_price else Decimal("1")
            if product.batch_tracked:
                items += _batch_lines(product, qty, unit_cost, today)
            else:
                items.append({"product_id": product.id, "qty": qty, "unit_cost": unit_cost})
        if not items:
            continue
        doc = stock_ins.create_stock_in(session, actor, {"warehouse_id": warehouse.id, "reason": "opening",
                                                         "doc_date": opening_date or today,
                                                         "note": "期初库存（演示数据）",
                                                         "lines": items})
        stock_ins.approve_stock_in(session, actor, doc.id)
        documents += 1
        lines += len(items)
    return {"opening stock-ins": documents, "opening stock lines": lines}
