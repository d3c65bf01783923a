"""Races run against a database of the test's own: each thread has its own session and
commits for real (see the ``fresh_sessions`` fixture)."""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from decimal import Decimal as D

from sqlalchemy import select

from erp import clock
from erp.auth.models import User
from erp.errors import InsufficientStock
from inventory.outbounds import services as outbounds
from inventory.outbounds.models import Outbound
from inventory.stock.ledger import StockSource
from inventory.stock.queries import stock_level
from inventory.stock.reservations import reserve
from inventory.stock_ins import services as stock_ins
from tests import factories

THREADS = 16
STOCK = 10


def stock_a_batch(sessions) -> dict:
    """A warehouse user, a warehouse and a batch holding 10 units, committed."""
    with sessions() as session:
        user = factories.user(session, ("warehouse",))
        warehouse = factories.warehouse(session)
        product = factories.product(session, batch_tracked=True, shelf_life_days=365)
        doc = stock_ins.create_stock_in(session, user, {
            "warehouse_id": warehouse.id, "reason": "opening",
            "lines": [{"product_id": product.id, "qty": D(STOCK), "unit_cost": D("2.50"), "batch_no": "RACE",
                       "expiry_date": clock.today() + dt.timedelta(days=100)}]})
        stock_ins.approve_stock_in(session, user, doc.id)
        ids = {"user": user.id, "warehouse": warehouse.id, "product": product.id, "batch": doc.lines[0].batch_id}
        session.commit()
    return ids


def race(sessions, work) -> Counter:
    """Run ``work(session, index)`` in 16 threads started together; each commits on success
    and rolls back on ``InsufficientStock``. Returns the count of each outcome."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def run(index: int) -> None:
        session = sessions()
        try:
            start.wait()
            work(session, index)
            session.commit()
            outcome = "issued"
        except InsufficientStock:
            session.rollback()
            outcome = "refused"
        except Exception as exc:  # noqa: BLE001 - anything else is a failure the test reports
            session.rollback()
            outcome = f"error: {type(exc).__name__}: {exc}"
        finally:
            session.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def sixteen_outbounds_of_one_unit(sessions) -> tuple[Counter, dict]:
    """16 threads each approve an outbound of 1 unit from the batch holding 10."""
    ids = stock_a_batch(sessions)

    def issue_one(session, _index):
        actor = session.get(User, ids["user"])
        doc = outbounds.create_outbound(session, actor, {
            "warehouse_id": ids["warehouse"],
            "lines": [{"product_id": ids["product"], "qty": D(1), "batch_id": ids["batch"]}]})
        outbounds.approve_outbound(session, actor, doc.id)

    return race(sessions, issue_one), ids


def sixteen_reservations_of_one_unit(sessions) -> tuple[Counter, dict]:
    """16 threads each reserve 1 unit for their own delivery note line."""
    ids = stock_a_batch(sessions)

    def reserve_one(session, index):
        actor = session.get(User, ids["user"])
        reserve(session, actor, product_id=ids["product"], warehouse_id=ids["warehouse"], qty=D(1),
                source=StockSource("delivery_note", index + 1, index + 1))

    return race(sessions, reserve_one), ids


def final_state(sessions, ids) -> tuple:
    from inventory.stock.checks import check_stock_balances, check_stock_costs

    with sessions() as session:
        level = stock_level(session, ids["product"], ids["warehouse"], ids["batch"])
        numbers = list(session.scalars(select(Outbound.number).where(Outbound.number.is_not(None))))
        return level, numbers, check_stock_balances(session) + check_stock_costs(session)
