"""Finance benchmarks (``python -m tests.bench finance``):

* ``finance.aging_100k``: the receivables aging of 10^5 open invoices (1,000 customers),
  as of today (the open amounts are current) and as of a past date (summed from the
  ledger's entries), seconds per report;
* ``finance.auto_match_10k``: automatic matching of 10^4 receipts (each paying one to
  three invoices), proposing and applying in one transaction, seconds and allocations/s;
* ``finance.counter_sales``: counter sales per second (member, 3 scanned lines, cash with
  change, each its own transaction: order → delivery note → outbound → invoice → receipt
  → allocation, all approved).

The data of the first two is bulk-created with SQL (Core inserts), like a migration would:
approved sales invoices, their open items and ``invoice`` entries, approved receipts and
theirs. Sizes: ``ERP_BENCH_FIN_INVOICES`` (100000), ``ERP_BENCH_FIN_RECEIPTS`` (10000),
``ERP_BENCH_FIN_COUNTER`` (200).
"""
from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal as D

from sqlalchemy import insert, select

from erp import clock
from erp.auth.models import User
from erp.auth.services import create_user
from erp.customers.models import Customer
from erp.documents.base import DocState
from erp.sales.invoices.models import SalesInvoice
from finance.allocation import services as allocation
from finance.counter import services as counter
from finance.ledger.models import EntryType, ItemKind, LedgerEntry, OpenItem, Side
from finance.receipts.models import PaymentMethod, Receipt
from finance.receivables import aging
from inventory.stock_ins import services as stock_ins
from tests import factories
from tests.bench.common import BenchDatabase

INVOICES = int(os.environ.get("ERP_BENCH_FIN_INVOICES", "100000"))
RECEIPTS = int(os.environ.get("ERP_BENCH_FIN_RECEIPTS", "10000"))
COUNTER_SALES = int(os.environ.get("ERP_BENCH_FIN_COUNTER", "200"))
CUSTOMERS = 1000
CHUNK = 5000
TODAY = clock.today()


def _people(session):
    return {name: create_user(session, None, username=name, display_name=name, password="Bench-1234",
                              roles=roles)
            for name, roles in (("finance", ["finance"]), ("cashier", ["sales_clerk"]), ("admin", ["admin"]))}


def _chunks(rows):
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


def seed_receivables(session, invoices: int) -> list[int]:
    """``invoices`` approved invoices over :data:`CUSTOMERS` customers, dated over the last
    400 days, 30 days' terms, each booked as an open charge with its ``invoice`` entry."""
    category = factories.customer_category(session)
    customers = [factories.customer(session, category=category, payment_terms_days=30).id for _ in range(CUSTOMERS)]
    session.flush()
    now = dt.datetime.now()
    invoice_rows, item_rows, entry_rows = [], [], []
    for i in range(invoices):
        doc_date = TODAY - dt.timedelta(days=i % 400)
        gross = D(100 + i % 900) + D(i % 100) / 100
        customer_id = customers[i % CUSTOMERS]
        number = f"XSFP{doc_date:%Y%m%d}-{i:06d}"
        invoice_rows.append({"id": i + 1, "number": number, "doc_date": doc_date, "state": DocState.APPROVED,
                             "version": 1, "created_at": now, "updated_at": now, "customer_id": customer_id,
                             "due_date": doc_date + dt.timedelta(days=30), "price_includes_vat": True,
                             "total_net": gross, "total_tax": D("0.00"), "total_gross": gross, "total_discount": D("0.00"),
                             "amount_open": gross, "approved_at": now})
        item_rows.append({"id": i + 1, "side": Side.RECEIVABLE, "kind": ItemKind.CHARGE, "party_id": customer_id,
                          "doc_type": "sales_invoice", "doc_id": i + 1, "number": number, "doc_date": doc_date,
                          "due_date": doc_date + dt.timedelta(days=30), "amount": gross, "amount_open": gross,
                          "created_at": now})
        entry_rows.append({"item_id": i + 1, "side": Side.RECEIVABLE, "party_id": customer_id,
                           "entry_type": EntryType.INVOICE, "entry_date": doc_date, "amount": gross,
                           "source_type": "sales_invoice", "source_id": i + 1, "source_number": number,
                           "posted_at": now})
    for table, rows in ((SalesInvoice, invoice_rows), (OpenItem, item_rows), (LedgerEntry, entry_rows)):
        for chunk in _chunks(rows):
            session.execute(insert(table), chunk)
    _reset_sequences(session)
    return customers


def _reset_sequences(session):
    """Rows inserted with explicit ids leave PostgreSQL's sequences behind: move them on."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("sales_invoices", "open_items", "ledger_entries", "receipts"):
        session.connection().exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))")


def analyze(session) -> None:
    """Fresh statistics after a bulk load, as autovacuum (PostgreSQL) would soon have them."""
    session.commit()
    session.connection().exec_driver_sql("ANALYZE")
    session.commit()


def seed_receipts(session, customers: list[int], receipts: int, finance_id: int) -> None:
    """``receipts`` approved receipts, one to three invoices' worth each, as open payments."""
    first_id = (session.scalar(select(OpenItem.id).order_by(OpenItem.id.desc()).limit(1)) or 0) + 1
    now = dt.datetime.now()
    receipt_rows, item_rows, entry_rows = [], [], []
    for i in range(receipts):
        customer_id = customers[i % CUSTOMERS]
        amount = D(150 * (1 + i % 3)) + D(i % 7)
        number = f"SK{TODAY:%Y%m%d}-{i:06d}"
        receipt_rows.append({"id": i + 1, "number": number, "doc_date": TODAY, "state": DocState.APPROVED,
                             "version": 1, "created_at": now, "updated_at": now, "customer_id": customer_id,
                             "amount": amount, "method": PaymentMethod.BANK_TRANSFER, "approved_at": now,
                             "approved_by_id": finance_id})
        item_id = first_id + i
        item_rows.append({"id": item_id, "side": Side.RECEIVABLE, "kind": ItemKind.PAYMENT, "party_id": customer_id,
                          "doc_type": "receipt", "doc_id": i + 1, "number": number, "doc_date": TODAY,
                          "due_date": TODAY, "amount": amount, "amount_open": amount, "created_at": now})
        entry_rows.append({"item_id": item_id, "side": Side.RECEIVABLE, "party_id": customer_id,
                           "entry_type": EntryType.PAYMENT, "entry_date": TODAY, "amount": amount,
                           "source_type": "receipt", "source_id": i + 1, "source_number": number, "posted_at": now})
    for table, rows in ((Receipt, receipt_rows), (OpenItem, item_rows), (LedgerEntry, entry_rows)):
        for chunk in _chunks(rows):
            session.execute(insert(table), chunk)
    _reset_sequences(session)


def bench_aging_and_matching(emit, backend: str, url: str | None) -> None:
    with BenchDatabase(backend, url) as db:
        session = db.session()
        people = _people(session)
        started = time.perf_counter()
        customers = seed_receivables(session, INVOICES)
        analyze(session)
        emit("finance.seed_invoices_seconds", time.perf_counter() - started, "s", backend, INVOICES)
        finance = session.get(User, people["finance"].id)

        for label, as_of in (("today", TODAY), ("past_date", TODAY - dt.timedelta(days=90))):
            aging.receivables_aging(session, finance, as_of=as_of)  # warm-up (plans, caches)
            session.rollback()
            rounds = 3
            started = time.perf_counter()
            for _ in range(rounds):
                report = aging.receivables_aging(session, finance, as_of=as_of)
                session.rollback()
            emit(f"finance.aging_{label}_seconds", (time.perf_counter() - started) / rounds, "s", backend, INVOICES)
            assert len(report.rows) == CUSTOMERS

        seed_receipts(session, customers, RECEIPTS, finance.id)
        analyze(session)
        started = time.perf_counter()
        proposals = allocation.propose_matches(session, finance)
        proposed = time.perf_counter() - started
        made = allocation.auto_match(session, finance)
        session.commit()
        elapsed = time.perf_counter() - started
        emit("finance.auto_match_propose_seconds", proposed, "s", backend, RECEIPTS)
        emit("finance.auto_match_10k_seconds", elapsed, "s", backend, RECEIPTS)
        emit("finance.auto_match_allocations_per_second", len(made) / elapsed, "allocations/s", backend, len(made))
        assert len(made) == len(proposals) > 0
        session.close()


def bench_counter_sales(emit, backend: str, url: str | None) -> None:
    with BenchDatabase(backend, url) as db:
        session = db.session()
        people = _people(session)
        admin = people["admin"]
        warehouse = factories.warehouse(session)
        codes = []
        for i in range(3):
            product = factories.product(session, list_price=D("3.50") + i, barcode=f"69000000{i:05d}")
            doc = stock_ins.create_stock_in(session, admin, {"warehouse_id": warehouse.id, "reason": "opening",
                                                             "doc_date": TODAY - dt.timedelta(days=1),
                                                             "lines": [{"product_id": product.id, "qty": D(10 ** 7),
                                                                        "unit_cost": D("2.00")}]})
            stock_ins.approve_stock_in(session, admin, doc.id)
            codes.append(product.barcode)
        member = factories.customer(session, member_card_no="M00000001", credit_limit=D("0"))
        session.commit()
        ids = {"cashier": people["cashier"].id, "warehouse": warehouse.id}
        session.close()

        def one_sale() -> None:
            s = db.session()
            try:
                cashier = s.get(User, ids["cashier"])
                counter.create_counter_sale(s, cashier, {
                    "member_card_no": member.member_card_no, "warehouse_id": ids["warehouse"],
                    "lines": [{"code": code, "qty": D(k + 1)} for k, code in enumerate(codes)],
                    "payments": [{"method": "cash", "amount": D("100.00")}]})
                s.commit()
            finally:
                s.close()

        for _ in range(5):
            one_sale()
        started = time.perf_counter()
        for _ in range(COUNTER_SALES):
            one_sale()
        elapsed = time.perf_counter() - started
        emit("finance.counter_sales_per_second", COUNTER_SALES / elapsed, "sales/s", backend, COUNTER_SALES)
        with db.session() as s:
            assert s.scalar(select(Customer.id).where(Customer.member_card_no == "M00000001")) is not None


def run(emit, backends) -> None:
    for backend, url in backends.items():
        bench_aging_and_matching(emit, backend, url)
        bench_counter_sales(emit, backend, url)
