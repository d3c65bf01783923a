"""Demo purchasing history, loaded by ``erp.demo.load_demo_data`` after the opening stock:
three purchase orders of the two first suppliers — one received in full, invoiced and
half paid, one received in part, one not yet delivered. Every document goes through the
services (so every rule holds) and the data only depends on the master data and the day,
so a fresh demo is the same on every machine."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import visible_warehouse_ids
from erp.money import round_fen, round_price
from erp.products.models import Product
from erp.suppliers.models import Supplier
from erp.warehouses.models import Warehouse
from purchasing.invoices import services as invoices
from purchasing.orders import services as orders
from purchasing.payments import allocation
from purchasing.payments import services as payments
from purchasing.receipts import services as receipts

#: Purchase price as a share of the list price (as the demo's opening stock costs).
COST_SHARE = Decimal("0.7")


def _user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def _order(session: Session, buyer: User, supplier: Supplier, warehouse: Warehouse, products: list[Product],
           cases: int, on: dt.date):
    lines = [{"product_id": p.id, "unit_id": p.base_unit_id, "qty": Decimal(cases) * (p.case_packing.factor
                                                                                      if p.case_packing else 1),
              "unit_price": round_price(p.list_price * COST_SHARE)} for p in products]
    doc = orders.create_order(session, buyer, {"supplier_id": supplier.id, "warehouse_id": warehouse.id,
                                               "doc_date": on, "expected_date": on + dt.timedelta(days=2),
                                               "lines": lines})
    orders.approve_order(session, buyer, doc.id)
    return doc


def _receive(session: Session, keeper: User, order, on: dt.date, share: Decimal = Decimal(1)):
    """Receive ``share`` of every line (batches named after the day for tracked products)."""
    lines = []
    for line in order.lines:
        item = {"origin_line_id": line.id, "unit_id": line.product.base_unit_id,
                "qty": (line.qty_base * share).to_integral_value()}
        if line.product.batch_tracked:
            item.update(batch_no=f"{on:%Y%m%d}-{order.supplier.code}", production_date=on - dt.timedelta(days=3))
        lines.append(item)
    doc = receipts.make_goods_receipt(session, keeper, order.id, {"doc_date": on, "lines": lines,
                                                                   "delivery_ref": f"SH{on:%m%d}{order.id:03d}"})
    receipts.approve_goods_receipt(session, keeper, doc.id)
    return doc


def load_purchasing_demo(session: Session, *, today: dt.date | None = None) -> dict[str, int]:
    """Flushes, never commits. Skipped (empty summary) when the demo users, two suppliers
    with products or a warehouse are missing."""
    today = today or clock.today()
    buyer, keeper, clerk = _user(session, "buyer"), _user(session, "warehouse"), _user(session, "finance")
    stmt = select(Warehouse).where(Warehouse.active.is_(True)).order_by(Warehouse.id)
    allowed = visible_warehouse_ids(keeper) if keeper is not None else None
    warehouse = session.scalar(stmt.where(Warehouse.id.in_(allowed)) if allowed is not None else stmt)
    suppliers = []
    for supplier in session.scalars(select(Supplier).where(Supplier.active.is_(True)).order_by(Supplier.code)):
        products = session.scalars(select(Product).where(Product.preferred_supplier_id == supplier.id,
                                                         Product.active.is_(True), Product.list_price > 0)
                                   .order_by(Product.sku).limit(3)).all()
        if len(products) >= 2:
            suppliers.append((supplier, products))
        if len(suppliers) == 2:
            break
    if None in (buyer, keeper, clerk, warehouse) or len(suppliers) < 2:
        return {}
    (first, first_products), (second, second_products) = suppliers

    delivered = _order(session, buyer, first, warehouse, first_products, 10, today - dt.timedelta(days=20))
    receipt = _receive(session, keeper, delivered, today - dt.timedelta(days=18))
    invoice = invoices.make_supplier_invoice(session, clerk, {
        "receipt_ids": [receipt.id], "supplier_invoice_no": f"{first.code}-{today:%y%m}-001",
        "supplier_invoice_date": today - dt.timedelta(days=17), "doc_date": today - dt.timedelta(days=16)})
    invoices.approve_supplier_invoice(session, clerk, invoice.id)
    half = round_fen(invoice.total_gross / 2)
    payment = payments.create_payment(session, clerk, {
        "supplier_id": first.id, "amount": half, "doc_date": today - dt.timedelta(days=5),
        "reference": f"付 {invoice.supplier_invoice_no} 首款"})
    payments.approve_payment(session, clerk, payment.id)
    allocation.allocate_payment(session, clerk, payment.id, {"lines": [{"invoice_id": invoice.id, "amount": half}],
                                                             "alloc_date": today - dt.timedelta(days=5)})

    partly = _order(session, buyer, second, warehouse, second_products[:2], 6, today - dt.timedelta(days=10))
    _receive(session, keeper, partly, today - dt.timedelta(days=8), Decimal("0.5"))
    _order(session, buyer, first, warehouse, first_products[:2], 5, today - dt.timedelta(days=2))
    session.flush()
    return {"purchase orders": 3, "goods receipts": 2, "supplier invoices": 1, "payments": 1}
