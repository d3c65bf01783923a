"""Sales report benchmarks over 10^6 invoice lines (``python -m tests.bench reports``):

* ``sales_report_month``: the monthly sales report (销售分析·按月份) over two years;
* ``sales_report_customer`` / ``sales_report_product``: the same sales by customer and by
  product (2,000 of each);
* ``sales_dashboard``: the managers' dashboard (12-month trend, top lists, stock value) for a
  user without receivables (the aging, finance's, books the ledger first: it has its own
  benchmark).

The rows are bulk-created with SQL into the real tables and kept consistent the way the
services would leave them: 100,000 approved outbounds of 10 lines each, their issue moves
(after an opening receipt per product and warehouse) with balances and cost rows equal
to the sums of the moves, 100,000 approved invoices of 10 lines invoicing those outbound
lines in full (header totals = sums of lines, ``qty_invoiced`` kept), and 1,000 approved
allowance credit notes reducing what is open. The figures are checked against plain SQL
sums before anything is timed. ``ERP_BENCH_REPORT_LINES`` changes the size.

Target: the monthly report in under 5 s on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from decimal import Decimal as D

from sqlalchemy import func, select, text

from erp.auth.models import Role, RolePermission, User
from erp.auth.services import create_user
from erp.customers.models import Customer, CustomerCategory
from erp.documents.base import DocState
from erp.products.models import Product, ProductCategory
from erp.sales.credit_notes.models import CreditNote, CreditNoteLine
from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
from finance.reports.dashboard import manager_dashboard
from finance.reports.permissions import DASHBOARD_VIEW
from finance.reports.sales import sales_report
from tests import factories
from tests.bench.common import BenchDatabase

LINES = int(os.environ.get("ERP_BENCH_REPORT_LINES", "1000000"))
PER_INVOICE = 10
INVOICES = LINES // PER_INVOICE
CUSTOMERS = 2000
PRODUCTS = 2000
SALESPEOPLE = 20
CATEGORIES = 10
START, END = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
DAYS = (END - START).days + 1
#: One invoice in CREDIT_EVERY gets an allowance credit note.
CREDIT_EVERY = 100
OPENING_QTY = 10_000_000
RUNS = 3


class Sql:
    """SQL snippets for the two backends: a series of integers, and values of the scaled
    columns (integers on SQLite, NUMERIC on PostgreSQL) from integer expressions."""

    def __init__(self, dialect: str):
        self.pg = dialect == "postgresql"

    def series(self, n: int) -> str:
        if self.pg:
            return f"generate_series(CAST(1 AS BIGINT), {n}) AS s(i)"
        return f"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) SELECT i FROM s) AS s"

    def money(self, fen: str) -> str:
        return f"CAST(({fen}) AS NUMERIC) / 100" if self.pg else f"({fen})"

    def qty(self, units: str) -> str:
        return f"CAST(({units}) AS NUMERIC)" if self.pg else f"(({units}) * 10000)"

    def price(self, fen: str) -> str:
        return f"CAST(({fen}) AS NUMERIC) / 100" if self.pg else f"(({fen}) * 10000)"

    def rate(self, basis_points: int) -> str:
        return f"CAST({basis_points} AS NUMERIC) / 10000" if self.pg else str(basis_points)

    def day(self, offset: str) -> str:
        if self.pg:
            return f"(DATE '{START.isoformat()}' + CAST(({offset}) AS INTEGER))"
        return f"date('{START.isoformat()}', '+' || ({offset}) || ' days')"

    def plus_days(self, column: str, days: int) -> str:
        return f"({column} + {days})" if self.pg else f"date({column}, '+{days} days')"

    def number(self, prefix: str, expr: str) -> str:
        if self.pg:
            return f"'{prefix}' || lpad(CAST(({expr}) AS TEXT), 8, '0')"
        return f"'{prefix}' || printf('%08d', {expr})"


def seed_master_data(db: BenchDatabase) -> dict:
    """People, warehouses, categories, customers (each with a salesperson) and products."""
    session = db.session()
    manager = create_user(session, None, username="manager", display_name="经理", password="Bench-1234",
                          roles=["sales_manager"])
    viewer_role = Role(code="dashboard_viewer", name="看板", grants=[RolePermission(permission=DASHBOARD_VIEW)])
    session.add(viewer_role)
    session.flush()
    viewer = create_user(session, None, username="viewer", display_name="看板", password="Bench-1234",
                         roles=["dashboard_viewer"])
    reps = [create_user(session, None, username=f"rep{i}", display_name=f"业务员{i}", password="Bench-1234",
                        roles=["sales_clerk"]) for i in range(SALESPEOPLE)]
    warehouses = [factories.warehouse(session) for _ in range(2)]
    customer_categories = [CustomerCategory(code=f"{i + 10}", name=f"客户分类{i}", level=1) for i in range(CATEGORIES)]
    product_categories = [ProductCategory(code=f"{i + 10}", name=f"商品分类{i}", level=1) for i in range(CATEGORIES)]
    session.add_all(customer_categories + product_categories)
    session.flush()
    piece = factories.unit(session, "PCS", "瓶")
    session.add_all([Customer(code=f"C{i:05d}", name=f"客户{i}", category_id=customer_categories[i % CATEGORIES].id,
                              salesperson_id=reps[i % SALESPEOPLE].id, payment_terms_days=30)
                     for i in range(CUSTOMERS)])
    session.add_all([Product(sku=f"P{i:05d}", name=f"商品{i}", base_unit_id=piece.id,
                             category_id=product_categories[i % CATEGORIES].id, vat_rate=D("0.13"))
                     for i in range(PRODUCTS)])
    session.commit()
    ids = {
        "manager": manager.id, "viewer": viewer.id, "unit": piece.id, "warehouses": [w.id for w in warehouses],
        "customer_min": session.scalar(select(func.min(Customer.id))),
        "product_min": session.scalar(select(func.min(Product.id))),
    }
    assert session.scalar(select(func.max(Product.id))) == ids["product_min"] + PRODUCTS - 1
    assert session.scalar(select(func.max(Customer.id))) == ids["customer_min"] + CUSTOMERS - 1
    session.close()
    return ids


def bulk_sales(db: BenchDatabase, ids: dict) -> float:
    """Outbounds, their stock moves, balances and costs, invoices and credit notes, in SQL.
    Returns the seconds it took."""
    sql = Sql(db.engine.dialect.name)
    j = f"((s.i - 1) / {PER_INVOICE} + 1)"  # the invoice (and outbound) of line i
    pidx = f"((s.i * 7919) % {PRODUCTS})"  # the product's index
    qty = "(1 + s.i % 12)"
    price_fen = f"(1000 + ({pidx} % 50) * 100)"
    cost_fen = f"(600 + ({pidx} % 50) * 50)"
    net_fen = f"({qty} * {price_fen})"
    tax_fen = f"(({net_fen} * 13 + 50) / 100)"
    w0, w1 = ids["warehouses"]
    warehouse = f"(CASE WHEN s.i % 2 = 0 THEN {w0} ELSE {w1} END)"
    customer = f"({ids['customer_min']} + s.i % {CUSTOMERS})"
    doc_day = sql.day(f"(s.i - 1) * {DAYS} / {INVOICES}")
    now = "CURRENT_TIMESTAMP"
    user = ids["manager"]
    statements = [
        # Approved outbounds and their lines, costed at each product's cost.
        f"""INSERT INTO outbounds (id, number, doc_date, state, version, created_at, updated_at, approved_at,
                created_by_id, approved_by_id, warehouse_id, customer_id)
            SELECT s.i, {sql.number('XSCK', 's.i')}, {doc_day}, 'approved', 1, {now}, {now}, {now}, {user}, {user},
                {warehouse}, {customer} FROM {sql.series(INVOICES)}""",
        f"""INSERT INTO outbound_lines (id, line_no, document_id, product_id, unit_id, qty, qty_base,
                reservation_consumed, cost_value, qty_invoiced, qty_returned)
            SELECT s.i, (s.i - 1) % {PER_INVOICE} + 1, {j}, {ids['product_min']} + {pidx}, {ids['unit']},
                {sql.qty(qty)}, {sql.qty(qty)}, {sql.qty('0')}, {sql.money(f'{qty} * {cost_fen}')}, {sql.qty(qty)},
                {sql.qty('0')} FROM {sql.series(LINES)}""",
        # The ledger: an opening receipt per product and warehouse, one issue per outbound line.
        f"""INSERT INTO stock_moves (product_id, warehouse_id, qty, unit_cost, value, posting_date, posted_at,
                user_id, source_type, source_id, source_number)
            SELECT p.id, w.id, {sql.qty(str(OPENING_QTY))}, {sql.price(f'600 + ((p.id - {ids["product_min"]}) % 50) * 50')},
                {sql.money(f'CAST({OPENING_QTY} AS BIGINT) * (600 + ((p.id - {ids["product_min"]}) % 50) * 50)')},
                '2023-12-31', {now}, {user}, 'stock_in', 1, 'QTRK00000001'
            FROM products p CROSS JOIN warehouses w""",
        f"""INSERT INTO stock_moves (product_id, warehouse_id, qty, unit_cost, value, posting_date, posted_at,
                user_id, source_type, source_id, source_line_id, source_number)
            SELECT ol.product_id, o.warehouse_id, -ol.qty_base,
                {sql.price(f'600 + ((ol.product_id - {ids["product_min"]}) % 50) * 50')}, -ol.cost_value,
                o.doc_date, {now}, {user}, 'outbound', o.id, ol.id, o.number
            FROM outbound_lines ol JOIN outbounds o ON o.id = ol.document_id""",
        """INSERT INTO stock_balances (product_id, warehouse_id, batch_key, on_hand, reserved)
            SELECT product_id, warehouse_id, 0, SUM(qty), SUM(qty) - SUM(qty) FROM stock_moves
            GROUP BY product_id, warehouse_id""",
        f"""INSERT INTO stock_costs (product_id, warehouse_id, qty, value, unit_cost, updated_at)
            SELECT product_id, warehouse_id, SUM(qty), SUM(value), MAX(unit_cost), {now} FROM stock_moves
            GROUP BY product_id, warehouse_id""",
        # Approved invoices of every outbound line, totals = sums of lines.
        f"""INSERT INTO sales_invoices (id, number, doc_date, due_date, state, version, created_at, updated_at,
                approved_at, created_by_id, approved_by_id, price_includes_vat, total_net, total_tax, total_gross,
                total_discount, amount_open, customer_id)
            SELECT o.id, {sql.number('XSFP', 'o.id')}, o.doc_date, {sql.plus_days('o.doc_date', 30)}, 'approved', 1,
                {now}, {now}, {now}, {user}, {user}, :no, {sql.money('0')}, {sql.money('0')}, {sql.money('0')},
                {sql.money('0')}, {sql.money('0')}, o.customer_id FROM outbounds o""",
        f"""INSERT INTO sales_invoice_lines (id, line_no, document_id, origin_line_id, outbound_id, qty_credited,
                qty, qty_base, unit_price, discount_rate, vat_rate, amount_net, amount_tax, amount_gross,
                discount_amount, product_id, unit_id)
            SELECT s.i, (s.i - 1) % {PER_INVOICE} + 1, {j}, s.i, {j}, {sql.qty('0')}, {sql.qty(qty)}, {sql.qty(qty)},
                {sql.price(price_fen)}, {sql.rate(0)}, {sql.rate(1300)}, {sql.money(net_fen)}, {sql.money(tax_fen)},
                {sql.money(f'{net_fen} + {tax_fen}')}, {sql.money('0')}, {ids['product_min']} + {pidx}, {ids['unit']}
            FROM {sql.series(LINES)}""",
        """UPDATE sales_invoices SET total_net = t.net, total_tax = t.tax, total_gross = t.gross, amount_open = t.gross
            FROM (SELECT document_id, SUM(amount_net) AS net, SUM(amount_tax) AS tax, SUM(amount_gross) AS gross
                  FROM sales_invoice_lines GROUP BY document_id) AS t
            WHERE t.document_id = sales_invoices.id""",
        # Allowance credit notes (1.00 a piece off the first line), ten days after the invoice.
        f"""INSERT INTO credit_notes (id, number, doc_date, state, version, created_at, updated_at, approved_at,
                created_by_id, approved_by_id, invoice_id, reason, price_includes_vat, total_net, total_tax,
                total_gross, total_discount, customer_id)
            SELECT i.id / {CREDIT_EVERY}, {sql.number('HZFP', f'i.id / {CREDIT_EVERY}')},
                {sql.plus_days('i.doc_date', 10)}, 'approved', 1, {now}, {now}, {now}, {user}, {user}, i.id,
                '折让', :no, {sql.money('0')}, {sql.money('0')}, {sql.money('0')}, {sql.money('0')}, i.customer_id
            FROM sales_invoices i WHERE i.id % {CREDIT_EVERY} = 0""",
        f"""INSERT INTO credit_note_lines (id, line_no, document_id, origin_line_id, qty, qty_base, unit_price,
                discount_rate, vat_rate, amount_net, amount_tax, amount_gross, discount_amount, product_id, unit_id)
            SELECT c.id, 1, c.id, il.id, il.qty, il.qty_base, {sql.price('100')}, {sql.rate(0)}, {sql.rate(1300)},
                {sql.money('q.units * 100')}, {sql.money('(q.units * 100 * 13 + 50) / 100')},
                {sql.money('q.units * 100 + (q.units * 100 * 13 + 50) / 100')}, {sql.money('0')}, il.product_id,
                il.unit_id
            FROM credit_notes c
            JOIN sales_invoice_lines il ON il.document_id = c.invoice_id AND il.line_no = 1
            JOIN (SELECT s.i AS line_id, {qty} AS units FROM {sql.series(LINES)}) AS q ON q.line_id = il.id""",
        """UPDATE credit_notes SET total_net = l.amount_net, total_tax = l.amount_tax, total_gross = l.amount_gross
            FROM credit_note_lines l WHERE l.document_id = credit_notes.id""",
        """UPDATE sales_invoice_lines SET qty_credited = qty_base
            WHERE id IN (SELECT origin_line_id FROM credit_note_lines)""",
        """UPDATE sales_invoices SET amount_open = sales_invoices.total_gross - c.total_gross
            FROM credit_notes c WHERE c.invoice_id = sales_invoices.id""",
    ]
    started = time.perf_counter()
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), {"no": False})
        if sql.pg:
            for table in ("credit_note_lines", "credit_notes", "sales_invoice_lines", "sales_invoices",
                          "outbound_lines", "outbounds", "stock_moves"):
                conn.execute(text(f"ALTER SEQUENCE {table}_id_seq RESTART WITH {LINES + 1}"))
    if sql.pg:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))  # what autovacuum does after a bulk load
    return time.perf_counter() - started


def check_consistent(db: BenchDatabase) -> dict:
    """The rows hold together (totals, open amounts, ledger) before anything is timed."""
    session = db.session()
    try:
        lines = session.execute(select(func.count(), func.sum(SalesInvoiceLine.amount_net))).one()
        headers = session.scalar(select(func.sum(SalesInvoice.total_net)))
        credited = session.scalar(select(func.sum(CreditNoteLine.amount_net)))
        assert lines[0] == LINES and headers == lines[1], (lines, headers)
        assert session.scalar(select(func.sum(CreditNote.total_net))) == credited
        open_ = session.scalar(select(func.sum(SalesInvoice.amount_open)))
        gross = session.scalar(select(func.sum(SalesInvoice.total_gross)))
        assert open_ == gross - session.scalar(select(func.sum(CreditNote.total_gross)))
        ledger = session.execute(text(
            "SELECT (SELECT SUM(value) FROM stock_moves) - (SELECT SUM(value) FROM stock_costs)")).scalar()
        assert ledger == 0, ledger
        late = session.scalar(select(func.sum(CreditNoteLine.amount_net)).join(CreditNote).where(
            CreditNote.doc_date > END, CreditNote.state == DocState.APPROVED)) or D(0)
        return {"net": lines[1] - credited + late}
    finally:
        session.close()


def _timed(fn, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_backend(emit, backend: str, url: str | None) -> None:
    with BenchDatabase(backend, url) as db:
        ids = seed_master_data(db)
        emit("sales_report_bulk_load", bulk_sales(db, ids), "s", backend, LINES)
        expected = check_consistent(db)
        session = db.session()
        manager = session.get(User, ids["manager"])
        period = {"date_from": START, "date_to": END}
        seconds, report = _timed(lambda: sales_report(session, manager, "month", period))
        assert report.total.amount_net == expected["net"], (report.total.amount_net, expected)
        assert len(report.rows) == 24
        emit("sales_report_month", seconds, "s", backend, LINES)
        for by in ("customer", "product"):
            seconds, other = _timed(lambda by=by: sales_report(session, manager, by, period))
            assert other.total == report.total, by
            emit(f"sales_report_{by}", seconds, "s", backend, LINES)
        viewer = session.get(User, ids["viewer"])
        seconds, board = _timed(lambda: manager_dashboard(session, viewer, as_of=END))
        assert board.aging is None and len(board.trend) == 12
        emit("sales_dashboard", seconds, "s", backend, LINES)
        session.close()


def run(emit, backends) -> None:
    for backend, url in backends.items():
        bench_backend(emit, backend, url)
