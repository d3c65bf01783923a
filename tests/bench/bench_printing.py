"""Printing benchmarks.

* ms per invoice PDF: a real 20-line :class:`~erp.sales.invoices.models.SalesInvoice`
  (made through the sales chain in a fresh SQLite database) rendered by
  :func:`printing.documents_invoices.render_invoice`, reading its models each time;
* seconds and MB for 1,000 shipping labels (100×150 mm) in one PDF (pure rendering);
* seconds for 1,000 product labels on A4 3×8 sheets (pure rendering).
"""
from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from erp.auth.models import User
from erp.auth.services import create_user
from erp.customers.models import CustomerAddress
from erp.sales.delivery import outbounds as making_outbounds
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import services as orders
from inventory.outbounds import services as outbound_services
from inventory.stock_ins import services as stock_ins
from printing.company import Company
from printing.documents_invoices import render_invoice
from printing.labels import ProductLabel, render_product_labels
from printing.shipping import package_labels, render_shipping_labels
from tests import factories
from tests.bench.common import BenchDatabase

COMPANY = Company("上海惠万家商贸有限公司", "Shanghai Huiwanjia Trading Co., Ltd.", "上海市浦东新区锦绣路1001号",
                  "021-5888 6666", "91310115MA1H7GQX37")
INVOICE_LINES = 20


def shipping_labels(n: int):
    labels = []
    k = 0
    while len(labels) < n:
        k += 1
        labels += package_labels(
            3, ship_to_name=f"客户联系人{k}", ship_to_phone=f"138{k:08d}",
            ship_to_address=f"上海市闵行区七宝镇漕宝路{k}号 万科城市花园{k % 30}号楼{k % 17}01室",
            ship_to_company=f"上海第{k}号便利店有限公司", outbound_number=f"OB2024-{k:06d}",
            order_number=f"SO2024-{k:06d}", weight_kg=Decimal("12.5"), carrier="顺丰速运",
            waybill_number=f"SF{k:013d}")
    return labels[:n]


def product_labels(n: int):
    return [ProductLabel(f"农夫山泉饮用天然水 550ml 第{i}款", f"SKU{i:05d}", "550ml×24", Decimal("28.5"), "箱",
                         "6901234567892") for i in range(n)]


def make_invoice(db: BenchDatabase) -> int:
    """An approved invoice of ``INVOICE_LINES`` lines (13 % and 9 % VAT), made through the
    chain: order → delivery note → outbound → invoice. Returns its id."""
    session = db.session()
    admin = create_user(session, None, username="bench-admin", display_name="张会计", password="Bench-1234",
                        roles=["admin"])
    warehouse = factories.warehouse(session, name="上海一号仓")
    customer = factories.customer(session, name="上海七宝好邻居超市有限公司", uscc="91310112MA1GB2XW1K",
                                  bank_name="招商银行上海七宝支行", bank_account="1219 0876 5432 101",
                                  phone="021-6478 1234")
    customer.addresses.append(CustomerAddress(recipient="王店长", phone="13912345678", province="上海市",
                                              district="闵行区", address="七宝镇漕宝路3366号", is_default=True))
    lines = []
    for i in range(INVOICE_LINES):
        product = factories.product(session, name=f"农夫山泉饮用天然水 550ml 第{i + 1}款", spec="550ml×24",
                                    list_price=Decimal("2.50") + i, vat_rate=Decimal("0.13" if i % 3 else "0.09"))
        doc = stock_ins.create_stock_in(session, admin, {"warehouse_id": warehouse.id, "reason": "opening", "lines": [
            {"product_id": product.id, "qty": Decimal(1000), "unit_cost": Decimal("1.00")}]})
        stock_ins.approve_stock_in(session, admin, doc.id)
        lines.append({"product_id": product.id, "qty": Decimal(5 + i * 7)})
    order = orders.create_order(session, admin, {"customer_id": customer.id, "warehouse_id": warehouse.id,
                                                 "lines": lines})
    orders.approve_order(session, admin, order.id)
    note = delivery.make_delivery_note(session, admin, order.id, {})
    delivery.approve_delivery_note(session, admin, note.id)
    outbound = making_outbounds.make_outbound(session, admin, note.id, {})
    outbound_services.approve_outbound(session, admin, outbound.id)
    invoice = invoices.make_invoice(session, admin, {"outbound_ids": [outbound.id]})
    invoices.approve_invoice(session, admin, invoice.id)
    session.commit()
    invoice_id = invoice.id
    session.close()
    return invoice_id


def bench_invoice(emit) -> None:
    from erp.sales.invoices.models import SalesInvoice

    with BenchDatabase("sqlite", None) as db:
        invoice_id = make_invoice(db)
        session = db.session()
        invoice = session.get(SalesInvoice, invoice_id)
        assert len(invoice.lines) == INVOICE_LINES and session.get(User, invoice.created_by_id) is not None
        printed_at = dt.datetime(2026, 11, 26, 10, 30)
        render_invoice(invoice, "zh", printed_at=printed_at)  # warm up: font, first subset, lazy loads
        rounds = 20
        started = time.perf_counter()
        for _ in range(rounds):
            render_invoice(invoice, "zh", printed_at=printed_at)
        emit("printing.invoice_pdf_20_lines_ms", (time.perf_counter() - started) * 1000 / rounds, "ms", "sqlite",
             rounds)
        session.close()


def run(emit, backends) -> None:
    # Warm up: font registration and the first subset happen once per process.
    render_shipping_labels(shipping_labels(3), sender=COMPANY)
    render_product_labels(product_labels(3), "a4-3x8")

    labels = shipping_labels(1000)
    started = time.perf_counter()
    pdf = render_shipping_labels(labels, "zh", sender=COMPANY)
    emit("printing.shipping_labels_1000_seconds", time.perf_counter() - started, "s", "none", 1000)
    emit("printing.shipping_labels_1000_size", len(pdf) / 1e6, "MB", "none", 1000)

    labels = product_labels(1000)
    started = time.perf_counter()
    pdf = render_product_labels(labels, "a4-3x8", "zh")
    emit("printing.product_labels_a4_1000_seconds", time.perf_counter() - started, "s", "none", 1000)
    emit("printing.product_labels_a4_1000_size", len(pdf) / 1e6, "MB", "none", 1000)

    bench_invoice(emit)
