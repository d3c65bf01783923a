"""Demo sales history: three months of orders, deliveries, outbounds and invoices, so that a
fresh ``make run`` shows a working business — open orders waiting for delivery, delivery
notes waiting for the warehouse, shipped goods not yet invoiced, invoices for finance to
collect, a return with its credit note, and quotes. Loaded by ``erp.demo.load_demo_data``
after the opening stock and before finance's receipts. Deterministic (seeded)."""
from __future__ import annotations

import datetime as dt
import logging
import random
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.customers.models import Customer
from erp.errors import ErpError
from erp.products.models import Product
from erp.sales.credit_notes import services as credit_notes
from erp.sales.delivery import outbounds as making_outbounds
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import services as orders
from erp.sales.quotes import services as quotes
from erp.sales.returns import services as returns
from erp.warehouses.models import Warehouse
from inventory.outbounds import services as outbound_services
from inventory.stock.models import StockBalance

log = logging.getLogger(__name__)

#: How far back the history goes; the opening stock must be dated before it.
HISTORY_DAYS = 90

#: Who does what (demo users from erp.demo); each warehouse's keeper ships from it.
KEEPERS = {"WH01": "warehouse", "WH02": "warehouse2"}


def _user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def _stocked_products(session: Session, warehouse: Warehouse) -> list[Product]:
    """Products with plenty of stock in the warehouse (four cases or more), by id."""
    in_stock = (select(StockBalance.product_id).where(StockBalance.warehouse_id == warehouse.id)
                .group_by(StockBalance.product_id)
                .having(func.sum(StockBalance.on_hand - StockBalance.reserved) >= Decimal(96)))
    products = session.scalars(select(Product).where(Product.id.in_(in_stock), Product.active.is_(True),
                                                     Product.list_price > 0).order_by(Product.id)).all()
    return [p for p in products if p.case_packing is not None]


def _customers(session: Session) -> list[Customer]:
    """Trade customers (not counter members paying cash), by code."""
    return list(session.scalars(select(Customer).where(Customer.active.is_(True), Customer.member_card_no.is_(None))
                                .order_by(Customer.code)))


def _lines(rng: random.Random, products: list[Product]) -> list[dict]:
    chosen = rng.sample(products, k=min(len(products), rng.randint(2, 4)))
    return [{"product_id": p.id, "unit_id": p.case_packing.unit_id, "qty": Decimal(1)} for p in chosen]


class _Story:
    """One order's path through the chain, stopping where the dice say."""

    def __init__(self, session: Session, people: dict[str, User], rng: random.Random, today: dt.date):
        self.session, self.people, self.rng, self.today = session, people, rng, today

    def run(self, customer: Customer, warehouse: Warehouse, products: list[Product], day: dt.date,
            stop: str) -> str:
        s, p = self.session, self.people
        next_day = min(day + dt.timedelta(days=1), self.today)
        order = orders.create_order(s, p["clerk"], {"customer_id": customer.id, "warehouse_id": warehouse.id,
                                                    "doc_date": day, "lines": _lines(self.rng, products)})
        orders.approve_order(s, p["manager"], order.id)
        if stop == "order":
            return "open orders"
        note = delivery.make_delivery_note(s, p["clerk"], order.id, {"doc_date": day})
        delivery.approve_delivery_note(s, p["clerk"], note.id)
        if stop == "delivery":
            return "delivery notes to ship"
        keeper = p.get(KEEPERS.get(warehouse.code, ""), p["admin"])
        outbound = making_outbounds.make_outbound(s, keeper, note.id, {"doc_date": next_day})
        outbound_services.approve_outbound(s, keeper, outbound.id)
        if stop == "outbound":
            return "shipped, not invoiced"
        invoice = invoices.make_invoice_from_outbound(s, p["clerk"], outbound.id, {"doc_date": next_day})
        invoices.approve_invoice(s, p["finance"], invoice.id)
        if stop == "return":
            line = outbound.lines[0]
            sales_return = returns.make_return(s, keeper, outbound.id, {
                "doc_date": next_day, "reason": "包装破损",
                "lines": [{"origin_line_id": line.id, "qty": Decimal(1), "unit_id": line.unit_id}]})
            returns.approve_return(s, keeper, sales_return.id)
            for credit in credit_notes.make_credit_notes_from_return(s, p["clerk"], sales_return.id,
                                                                     {"doc_date": next_day}):
                credit_notes.approve_credit_note(s, p["finance"], credit.id)
            return "returns with credit notes"
        return "invoiced chains"


def _quotes(session: Session, people: dict[str, User], rng: random.Random, customers: list[Customer],
            products: list[Product], today: dt.date) -> int:
    made = 0
    for index in range(5):
        customer = customers[rng.randrange(len(customers))]
        day = today - dt.timedelta(days=(20 if index == 0 else rng.randint(0, 6)))
        quote = quotes.create_quote(session, people["clerk"], {
            "customer_id": customer.id, "doc_date": day, "valid_until": day + dt.timedelta(days=10),
            "lines": _lines(rng, products)})
        if index < 3:  # the first one has expired: it can no longer become an order
            quotes.approve_quote(session, people["manager"], quote.id)
        made += 1
    return made


def _waiting_for_the_manager(session: Session, people: dict[str, User], customers: list[Customer],
                             warehouse: Warehouse, products: list[Product], today: dt.date) -> int:
    """A large order the clerk approved at level 1: it waits in the sales manager's inbox."""
    product = max(products, key=lambda p: p.list_price)
    order = orders.create_order(session, people["clerk"], {
        "customer_id": customers[0].id, "warehouse_id": warehouse.id, "doc_date": today,
        "customer_po": "PO-2026-1188",
        "lines": [{"product_id": product.id, "unit_id": product.case_packing.unit_id,
                   "qty": Decimal(60000 // int(product.list_price * product.case_packing.factor) + 1)}]})
    orders.approve_order(session, people["clerk"], order.id)
    return 1


def load_sales_demo(session: Session, *, today: dt.date | None = None, chains: int = 80) -> dict[str, int]:
    """About ``chains`` orders over the last :data:`HISTORY_DAYS` days, most of them invoiced."""
    today = today or clock.today()
    people = {name: _user(session, name) for name in ("clerk", "manager", "finance", "admin",
                                                     *KEEPERS.values())}
    if any(people[name] is None for name in ("clerk", "manager", "finance", "admin")):
        return {}
    rng = random.Random(20261126)
    customers = _customers(session)
    warehouses = [w for w in session.scalars(select(Warehouse).where(Warehouse.code.in_(KEEPERS))
                                             .order_by(Warehouse.code))]
    stock = {w.id: _stocked_products(session, w) for w in warehouses}
    warehouses = [w for w in warehouses if len(stock[w.id]) >= 4]
    if not customers or not warehouses:
        return {}
    days = sorted(today - dt.timedelta(days=rng.randint(2, HISTORY_DAYS)) for _ in range(chains))
    story = _Story(session, people, rng, today)
    counts: dict[str, int] = {}
    for index, day in enumerate(days):
        recent = (today - day).days <= 10
        stop = rng.choices(["order", "delivery", "outbound", "invoice"],
                           weights=[3, 2, 2, 1] if recent else [0, 0, 1, 12])[0]
        if index == len(days) // 2:
            stop = "return"
        warehouse = warehouses[index % len(warehouses)]
        customer = customers[rng.randrange(len(customers))]
        try:
            with session.begin_nested():
                outcome = story.run(customer, warehouse, stock[warehouse.id], day, stop)
        except ErpError as exc:  # e.g. a customer over its credit limit with the block setting
            log.info("demo sales chain skipped: %s", exc)
            continue
        counts[outcome] = counts.get(outcome, 0) + 1
    counts["quotes"] = _quotes(session, people, rng, customers, stock[warehouses[0].id], today)
    counts["orders waiting for approval"] = _waiting_for_the_manager(
        session, people, customers, warehouses[0], stock[warehouses[0].id], today)
    return counts
