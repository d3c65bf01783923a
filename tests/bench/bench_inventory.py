"""Inventory benchmarks, one JSON line per figure (``make bench``):

* ``inventory.on_hand_lookup_ms`` with 10^3 and with 10^6 moves in the ledger — a lookup
  reads the balance rows only, so the two must be about equal;
* ``inventory.outbound_approval_moves_per_s``: outbound approvals (5 lines, one FEFO over
  two batches), each its own transaction and commit, as a request would;
* ``inventory.psi_report_seconds``: the purchase-sales-inventory report (进销存) for 1,000
  products over a month holding 10^6 moves.

The ledger is filled with set-based SQL (a recursive CTE on SQLite, ``generate_series`` on
PostgreSQL): 1,000 products, receipts of 10 and issues of 6 at a fixed cost per product,
spread over one month; then balances and cost rows are rebuilt from the moves and
``erp check``'s ledger checks must pass before anything is measured.
"""
from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from sqlalchemy import text

from erp import clock
from erp.auth.services import create_user
from inventory.outbounds import services as outbounds
from inventory.reports.psi import purchase_sales_inventory
from inventory.stock.checks import check_stock_balances, check_stock_costs
from inventory.stock.queries import stock_level
from inventory.stock_ins import services as stock_ins
from tests import factories
from tests.bench.common import BenchDatabase

PRODUCTS = 1000
SMALL, LARGE = 1_000, 1_000_000
LOOKUPS = 2000
OUTBOUNDS = 150
MONTH = dt.date(2024, 3, 1)
MONTH_END = dt.date(2024, 3, 31)


def _scaled(dialect: str, expr: str, scale: int) -> str:
    """``expr`` is an integer in units of 10^-scale: stored as is on SQLite, as NUMERIC elsewhere."""
    return expr if dialect == "sqlite" else f"CAST({expr} AS NUMERIC) / {10 ** scale}"


def _insert_moves(session, first: int, last: int) -> None:
    """Moves ``first``..``last`` (1-based): move i is of product ((i − 1) mod 1000) + 1; its k-th
    move (k = (i − 1) div 1000) receives 10 when k is even and issues 6 when k is odd, at
    (100 + product) fen per piece; dates spread evenly over the month."""
    dialect = session.get_bind().dialect.name
    product = f"((i - 1) % {PRODUCTS}) + 1"
    receipt = f"(((i - 1) / {PRODUCTS}) % 2 = 0)"
    qty = f"CASE WHEN {receipt} THEN 100000 ELSE -60000 END"  # 1/10000 of a piece
    value = f"CASE WHEN {receipt} THEN 10 ELSE -6 END * (100 + {product})"  # fen
    unit_cost = f"(100 + {product}) * 10000"  # 1/1000000 yuan
    day = f"(i - 1) * 31 / {LARGE}"
    if dialect == "sqlite":
        series = (f"WITH RECURSIVE s(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM s WHERE i < {last}) ")
        source, posting = "FROM s", f"date('{MONTH.isoformat()}', '+' || ({day}) || ' days')"
    else:
        series, source = "", f"FROM generate_series({first}, {last}) AS s(i)"
        posting = f"DATE '{MONTH.isoformat()}' + CAST({day} AS INTEGER)"
    session.execute(text(
        f"{series}INSERT INTO stock_moves (product_id, warehouse_id, batch_id, qty, unit_cost, value, posting_date, "
        f"posted_at, user_id, source_type, source_id, source_line_id, source_number, reverses_id) "
        f"SELECT {product}, 1, NULL, {_scaled(dialect, qty, 4)}, {_scaled(dialect, unit_cost, 6)}, "
        f"{_scaled(dialect, value, 2)}, {posting}, CURRENT_TIMESTAMP, NULL, "
        f"CASE WHEN {receipt} THEN 'stock_in' ELSE 'outbound' END, i, i, NULL, NULL {source}"))


def _rebuild_balances(session) -> None:
    """Balances and cost rows of warehouse 1 = Σ moves (the cost is fixed per product)."""
    dialect = session.get_bind().dialect.name
    session.execute(text("DELETE FROM stock_balances WHERE warehouse_id = 1 AND batch_key = 0"))
    session.execute(text("DELETE FROM stock_costs WHERE warehouse_id = 1 AND product_id <= :n"), {"n": PRODUCTS})
    session.execute(text(
        "INSERT INTO stock_balances (product_id, warehouse_id, batch_id, batch_key, on_hand, reserved) "
        "SELECT product_id, warehouse_id, NULL, 0, SUM(qty), 0 FROM stock_moves "
        "WHERE warehouse_id = 1 AND batch_id IS NULL GROUP BY product_id, warehouse_id"))
    session.execute(text(
        "INSERT INTO stock_costs (product_id, warehouse_id, qty, value, unit_cost, updated_at) "
        f"SELECT product_id, warehouse_id, SUM(qty), SUM(value), {_scaled(dialect, '(100 + product_id) * 10000', 6)}, "
        "CURRENT_TIMESTAMP FROM stock_moves WHERE warehouse_id = 1 AND product_id <= :n "
        "GROUP BY product_id, warehouse_id"), {"n": PRODUCTS})


def _setup(db: BenchDatabase):
    session = db.session()
    admin = create_user(session, None, username="bench", display_name="bench", password="Bench-12345",
                        roles=["admin"])
    warehouse = factories.warehouse(session, code="BENCH", name="基准仓")
    assert warehouse.id == 1
    for p in range(1, PRODUCTS + 1):
        factories.product(session, sku=f"B{p:05d}", name=f"基准商品{p}", case_factor=None)
    session.commit()
    return session, admin, warehouse


def _fill(session, first: int, last: int) -> float:
    started = time.perf_counter()
    _insert_moves(session, first, last)
    _rebuild_balances(session)
    session.commit()
    with session.get_bind().connect() as connection:  # fresh statistics, as autovacuum would keep them
        connection.execute(text("ANALYZE"))
        connection.commit()
    problems = check_stock_balances(session) + check_stock_costs(session)
    if problems:
        raise AssertionError(f"ledger and balances disagree: {problems[:3]}")
    return time.perf_counter() - started


def _lookup_ms(session, warehouse_id: int) -> float:
    for p in range(1, 201):  # warm up
        stock_level(session, p, warehouse_id)
    started = time.perf_counter()
    for k in range(LOOKUPS):
        stock_level(session, (k % PRODUCTS) + 1, warehouse_id)
    return (time.perf_counter() - started) * 1000 / LOOKUPS


def _approval_throughput(db: BenchDatabase, admin_id: int, warehouse_id: int) -> tuple[float, int]:
    """Outbounds of 5 lines (4 products without batches, 1 batch-tracked split over two batches)."""
    session = db.session()
    from erp.auth.models import User

    admin = session.get(User, admin_id)
    milk = factories.product(session, sku="BMILK", name="基准牛奶", batch_tracked=True, shelf_life_days=365)
    session.commit()
    for batch_no, days in (("E", 30), ("L", 300)):
        doc = stock_ins.create_stock_in(session, admin, {"warehouse_id": warehouse_id, "reason": "opening",
                                                         "lines": [{"product_id": milk.id, "qty": Decimal(OUTBOUNDS * 3),
                                                                    "unit_cost": Decimal("3.00"), "batch_no": batch_no,
                                                                    "expiry_date": clock.today() + dt.timedelta(days=days)}]})
        stock_ins.approve_stock_in(session, admin, doc.id)
    ids = []
    for n in range(OUTBOUNDS):
        lines = [{"product_id": (n * 4 + k) % PRODUCTS + 1, "qty": Decimal(1)} for k in range(4)]
        lines.append({"product_id": milk.id, "qty": Decimal(4)})
        ids.append(outbounds.create_outbound(session, admin, {"warehouse_id": warehouse_id, "lines": lines}).id)
    session.commit()
    started = time.perf_counter()
    for doc_id in ids:
        outbounds.approve_outbound(session, admin, doc_id)
        session.commit()
    elapsed = time.perf_counter() - started
    moves = session.execute(text("SELECT COUNT(*) FROM stock_moves WHERE source_type = 'outbound' AND source_id IN "
                                 f"({','.join(map(str, ids))})")).scalar()
    session.close()
    return moves / elapsed, moves


def run(emit, backends) -> None:
    for backend, url in backends.items():
        with BenchDatabase(backend, url) as db:
            session, admin, warehouse = _setup(db)
            _fill(session, 1, SMALL)
            emit("inventory.on_hand_lookup_ms", _lookup_ms(session, warehouse.id), "ms", backend, SMALL)
            fill_seconds = _fill(session, SMALL + 1, LARGE)
            emit("inventory.bulk_fill_seconds", fill_seconds, "s", backend, LARGE - SMALL)
            emit("inventory.on_hand_lookup_ms", _lookup_ms(session, warehouse.id), "ms", backend, LARGE)

            started = time.perf_counter()
            rows = purchase_sales_inventory(session, None, date_from=MONTH, date_to=MONTH_END)
            emit("inventory.psi_report_seconds", time.perf_counter() - started, "s", backend, LARGE)
            if len(rows) != PRODUCTS or any(r.qty["opening"] for r in rows):
                raise AssertionError("the 进销存 report does not cover the 1,000 products from an empty opening")
            session.close()

            per_second, moves = _approval_throughput(db, admin.id, warehouse.id)
            emit("inventory.outbound_approval_moves_per_s", per_second, "moves/s", backend, moves)
