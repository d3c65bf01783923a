"""Printing benchmarks (pure rendering, no database: backend "none").

* seconds and MB for 1,000 shipping labels (100×150 mm) in one PDF;
* seconds for 1,000 product labels on A4 3×8 sheets;
* ms per generic 20-line A4 document (the stand-in for the invoice until it exists).
"""
from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from printing.company import Company
from printing.documents import Column, DocRef, DocumentSpec, Field, Total, render_document
from printing.labels import ProductLabel, render_product_labels
from printing.shipping import package_labels, render_shipping_labels
from printing.text import Bi

COMPANY = Company("上海惠万家商贸有限公司", "Shanghai Huiwanjia Trading Co., Ltd.", "上海市浦东新区锦绣路1001号",
                  "021-5888 6666", "91310115MA1H7GQX37")


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


def document(lines: int) -> DocumentSpec:
    rows = [{"sku": f"SKU{i:05d}", "name": f"农夫山泉饮用天然水 550ml×24 第{i}号", "qty": Decimal(i),
             "price": Decimal("28.50"), "amount": Decimal("28.50") * i} for i in range(1, lines + 1)]
    total = sum((r["amount"] for r in rows), Decimal(0))
    return DocumentSpec(
        title=Bi("销售发票", "Invoice"), number="INV2024-000001", company=COMPANY,
        fields=[Field(Bi("客户", "Customer"), "上海七宝好邻居超市有限公司", span=2), Field(Bi("日期", "Date"), dt.date(2024, 7, 1)),
                Field(Bi("税号", "Tax ID"), "91310112MA1GB1234X")],
        columns=[Column(Bi("商品编码", "SKU"), "sku", 1.2), Column(Bi("商品名称", "Product"), "name", 3),
                 Column(Bi("数量", "Qty"), "qty", 0.8, "qty"), Column(Bi("单价", "Price"), "price", 1, "price"),
                 Column(Bi("金额", "Amount"), "amount", 1.2, "amount")],
        rows=rows, totals=[Total(Bi("价税合计", "Total"), total, strong=True)], amount_in_words=total,
        upstream=[DocRef(Bi("销售出库单", "Outbound"), "OB2024-000001")],
        qr="https://erp.example.com/invoices/1", printed_at=dt.datetime(2024, 7, 1, 10, 30))


def run(emit, backends) -> None:
    # Warm up: font registration and the first subset happen once per process.
    render_shipping_labels(shipping_labels(3), sender=COMPANY)
    render_product_labels(product_labels(3), "a4-3x8")
    render_document(document(3), "zh")

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

    spec = document(20)
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        render_document(spec, "zh")
    emit("printing.document_20_lines_ms", (time.perf_counter() - started) * 1000 / rounds, "ms", "none", rounds)
