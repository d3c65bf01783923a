"""Sales chain benchmarks: full chains per second — quote → order → delivery note →
outbound → invoice, every document approved, 3 lines of batch-tracked products each —

* ``sales_chain_services``: through the services, one transaction (commit) per chain;
* ``sales_chain_api``: through the HTTP API (Flask test client, one worker), one request
  per step as a client would send them (10 requests and 10 commits per chain).

Targets on SQLite: ≥ 100 chains/s through the services, ≥ 40 through the API; PostgreSQL
at least half of that. ``python -m tests.bench sales``.
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from decimal import Decimal as D
from functools import partial

from erp import clock
from erp.auth.models import TokenKind, User
from erp.auth.services import create_user, issue_token
from erp.sales.delivery import outbounds as making_outbounds
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import making
from erp.sales.orders import services as orders
from erp.sales.quotes import services as quotes
from inventory.outbounds import services as outbound_services
from inventory.stock_ins import services as stock_ins
from tests import factories
from tests.bench.common import BenchDatabase

CHAINS = int(os.environ.get("ERP_BENCH_SALES_CHAINS", "300"))
WARMUP = 10
ROUNDS = 3


def seed(db: BenchDatabase):
    """People, a warehouse, a customer with a (large) credit limit, three batch-tracked
    products with plenty of stock in two batches each."""
    session = db.session()
    people = {name: create_user(session, None, username=name, display_name=name, password="Bench-1234",
                                roles=roles).id
              for name, roles in (("clerk", ["sales_clerk"]), ("keeper", ["warehouse"]), ("finance", ["finance"]),
                                  ("admin", ["admin"]))}
    admin = session.get(User, people["admin"])
    warehouse = factories.warehouse(session)
    customer = factories.customer(session, credit_limit=D("1000000000.00"), payment_terms_days=30)
    products = []
    for i in range(3):
        product = factories.product(session, batch_tracked=True, shelf_life_days=365, list_price=D("10.00") + i)
        lines = [{"product_id": product.id, "qty": D(5_000_000), "unit_cost": D("4.00"), "batch_no": f"B{i}{k}",
                  "expiry_date": clock.today() + dt.timedelta(days=100 + 100 * k)} for k in range(2)]
        doc = stock_ins.create_stock_in(session, admin, {"warehouse_id": warehouse.id, "reason": "opening",
                                                         "lines": lines})
        stock_ins.approve_stock_in(session, admin, doc.id)
        products.append(product.id)
    session.commit()
    ids = {"warehouse": warehouse.id, "customer": customer.id, "products": products, **people}
    session.close()
    return ids


def chain_services(db: BenchDatabase, ids: dict, users: dict) -> None:
    session = db.session()
    try:
        clerk, keeper, finance = (session.get(User, users[k]) for k in ("clerk", "keeper", "finance"))
        quote = quotes.create_quote(session, clerk, {"customer_id": ids["customer"], "lines": [
            {"product_id": pid, "qty": D(2 + k)} for k, pid in enumerate(ids["products"])]})
        quotes.approve_quote(session, clerk, quote.id)
        order = making.make_order_from_quote(session, clerk, quote.id, {"warehouse_id": ids["warehouse"]})
        orders.approve_order(session, clerk, order.id)
        note = delivery.make_delivery_note(session, clerk, order.id, {})
        delivery.approve_delivery_note(session, clerk, note.id)
        outbound = making_outbounds.make_outbound(session, keeper, note.id, {})
        outbound_services.approve_outbound(session, keeper, outbound.id)
        invoice = invoices.make_invoice_from_outbound(session, clerk, outbound.id, {})
        invoices.approve_invoice(session, finance, invoice.id)
        session.commit()
    finally:
        session.close()


def chain_api(client, headers: dict, ids: dict) -> None:
    def post(url, body=None):
        response = client.post(url, json=body or {}, headers=headers)
        if response.status_code >= 400:
            raise RuntimeError(f"{url}: {response.status_code} {response.get_data(as_text=True)}")
        return response.get_json()

    quote = post("/api/v1/quotes", {"customer_id": ids["customer"], "lines": [
        {"product_id": pid, "qty": str(2 + k)} for k, pid in enumerate(ids["products"])]})
    post(f"/api/v1/quotes/{quote['id']}/approve")
    order = post(f"/api/v1/quotes/{quote['id']}/sales-orders", {"warehouse_id": ids["warehouse"]})
    post(f"/api/v1/sales-orders/{order['id']}/approve")
    note = post(f"/api/v1/sales-orders/{order['id']}/delivery-notes")
    post(f"/api/v1/delivery-notes/{note['id']}/approve")
    outbound = post(f"/api/v1/delivery-notes/{note['id']}/outbounds")
    post(f"/api/v1/outbounds/{outbound['id']}/approve")
    invoice = post(f"/api/v1/outbounds/{outbound['id']}/invoices")
    done = post(f"/api/v1/invoices/{invoice['id']}/approve")
    assert done["state"] == "approved", done


def _rate(fn, n: int) -> float:
    """Chains per second: the median of three rounds of ``n / 3`` chains each (after a
    warm-up), so that one slow stretch of a shared machine does not make the figure."""
    for _ in range(WARMUP):
        fn()
    rates = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(n // ROUNDS):
            fn()
        rates.append((n // ROUNDS) / (time.perf_counter() - started))
    return statistics.median(rates)


def run(emit, backends) -> None:
    from erp import create_app

    for backend, url in backends.items():
        with BenchDatabase(backend, url) as db:
            ids = seed(db)
            users = {k: ids[k] for k in ("clerk", "keeper", "finance")}
            emit("sales_chain_services", _rate(partial(chain_services, db, ids, users), CHAINS), "chains/s",
                 backend, CHAINS)

            app = create_app({"TESTING": False, "SECRET_KEY": "bench", "ERP_PASSWORD_TIME_COST": 1,
                              "ERP_PASSWORD_MEMORY_KIB": 64, "ERP_LOG_LEVEL": "WARNING"}, engine=db.engine)
            session = db.session()
            secret, _ = issue_token(session, session.get(User, ids["admin"]), TokenKind.API)
            session.commit()
            session.close()
            headers = {"Authorization": f"Bearer {secret}"}
            client = app.test_client()
            emit("sales_chain_api", _rate(partial(chain_api, client, headers, ids), CHAINS), "chains/s", backend,
                 CHAINS)
