"""The A4 document frame: company header, number barcode, fields, chain, lines over many
pages with repeated column headers, totals, capitals, signatures, "page x of y"."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from erp.money import amount_in_words
from printing.company import Company
from printing.documents import (
    Column,
    DocRef,
    DocumentSpec,
    Field,
    Section,
    Signature,
    Total,
    page_label,
    render_document,
    small_table,
)
from printing.exceptions import PrintingError
from printing.text import Bi
from tests.printing.pdfs import all_text, decoded_values, page_texts

COMPANY = Company(name="上海惠万家商贸有限公司", name_en="Shanghai Huiwanjia Trading Co., Ltd.",
                  address="上海市浦东新区锦绣路1001号", phone="021-5888 6666", tax_id="91310115MA1H7GQX37")

COLUMNS = [
    Column(Bi("商品编码", "SKU"), "sku", 1.2),
    Column(Bi("商品名称", "Product"), "name", 3),
    Column(Bi("数量", "Qty"), "qty", 0.8, "qty"),
    Column(Bi("单价", "Unit price"), "price", 1, "price"),
    Column(Bi("金额", "Amount"), "amount", 1.2, "amount"),
]


def order_spec(lines: int = 20, **overrides) -> DocumentSpec:
    rows = [{"sku": f"SKU{i:05d}", "name": f"农夫山泉饮用天然水 550ml×24 第{i}号", "qty": Decimal(i),
             "price": Decimal("28.50"), "amount": Decimal("28.50") * i} for i in range(1, lines + 1)]
    total = sum((r["amount"] for r in rows), Decimal("0"))
    data = dict(
        title=Bi("销售订单", "Sales order"), number="SO2024-000123", company=COMPANY,
        fields=[Field(Bi("客户", "Customer"), "上海七宝好邻居超市有限公司", span=2),
                Field(Bi("订单日期", "Date"), dt.date(2024, 7, 1)),
                Field(Bi("仓库", "Warehouse"), "一号仓"),
                Field(Bi("送货地址", "Ship to"), "上海市闵行区七宝镇漕宝路3366号", span=2)],
        columns=COLUMNS, rows=rows,
        totals=[Total(Bi("数量合计", "Total qty"), sum(r["qty"] for r in rows), "qty"),
                Total(Bi("价税合计", "Total"), total, strong=True)],
        amount_in_words=total,
        upstream=[DocRef(Bi("报价单", "Quote"), "QT2024-000007")],
        downstream=[DocRef(Bi("发货单", "Delivery note"), "DN2024-000456"),
                    DocRef(Bi("发货单", "Delivery note"), "DN2024-000457")],
        signatures=[Signature(Bi("制单", "Prepared by"), "张三"), Signature(Bi("审核", "Approved by")),
                    Signature(Bi("仓库", "Warehouse")), Signature(Bi("签收", "Received by"), stamp=True)],
        notes="送货前请电话联系", printed_at=dt.datetime(2024, 7, 1, 10, 30),
    )
    data.update(overrides)
    return DocumentSpec(**data)


def test_a_chinese_document_shows_company_title_fields_lines_and_amounts():
    text = all_text(render_document(order_spec(), "zh"))
    unwrapped = text.replace("\n", "")  # a long value wraps inside its cell
    for expected in ("上海惠万家商贸有限公司", "上海市浦东新区锦绣路1001号", "021-5888 6666", "91310115MA1H7GQX37",
                     "销售订单", "SO2024-000123", "客户", "上海七宝好邻居超市有限公司", "2024-07-01",
                     "上海市闵行区七宝镇漕宝路3366号", "农夫山泉饮用天然水 550ml×24 第20号", "28.50", "570.00",
                     "价税合计", "¥5,985.00", "210", "送货前请电话联系", "打印时间: 2024-07-01 10:30"):
        assert expected in unwrapped, expected


def test_the_amount_is_printed_in_capitals_when_asked():
    text = all_text(render_document(order_spec(), "zh"))
    assert amount_in_words(Decimal("5985.00")) == "伍仟玖佰捌拾伍元整"
    assert "金额大写： 伍仟玖佰捌拾伍元整" in text
    assert "金额大写" not in all_text(render_document(order_spec(amount_in_words=None), "zh"))


def test_the_chain_reference_names_upstream_and_downstream_documents():
    text = all_text(render_document(order_spec(), "zh"))
    assert "来源单据" in text and "报价单 QT2024-000007" in text
    assert "后续单据" in text and "DN2024-000456" in text and "DN2024-000457" in text


def test_the_signature_area_has_each_box_and_the_prefilled_name():
    text = all_text(render_document(order_spec(), "zh"))
    for caption in ("制单", "审核", "仓库", "签收", "（盖章）"):
        assert caption in text
    assert re.search(r"制单：\s*张三", text)


def test_an_english_document_uses_english_captions_and_the_english_company_name():
    text = all_text(render_document(order_spec(), "en"))
    for expected in ("Shanghai Huiwanjia Trading Co., Ltd.", "Sales order", "Customer", "Product",
                     "Amount in words", "Prepared by", "Page 1 of 1", "Created from", "Quote QT2024-000007"):
        assert expected in text, expected
    assert "销售订单" not in text


def test_the_document_number_barcode_and_the_qr_link_scan():
    pdf = render_document(order_spec(qr="https://erp.example.com/sales-orders/123"), "zh")
    assert decoded_values(pdf)[0] == {"SO2024-000123", "https://erp.example.com/sales-orders/123"}


def test_two_hundred_lines_paginate_with_the_column_headers_on_every_page():
    pdf = render_document(order_spec(lines=200), "zh")
    pages = page_texts(pdf)
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert "序号 商品编码 商品名称 数量 单价 金额" in text, f"no column headers on page {number}"
        assert f"第 {number} 页 / 共 {len(pages)} 页" in text
        assert "SO2024-000123" in text and "上海惠万家商贸有限公司" in text  # header on every page
    # Every line printed exactly once, in order, and the totals after the last one.
    skus = re.findall(r"SKU(\d{5})", "\n".join(pages))
    assert [int(s) for s in skus] == list(range(1, 201))
    assert "价税合计" in pages[-1] and "价税合计" not in pages[0]
    assert "¥572,850.00" in pages[-1]


def test_every_page_of_a_long_document_carries_a_scannable_number():
    pdf = render_document(order_spec(lines=120), "zh")
    assert all("SO2024-000123" in found for found in decoded_values(pdf))


def test_section_rows_group_lines_without_counting_as_lines():
    rows = [Section(Bi("库位 A-01", "Location A-01")), {"sku": "SKU1", "name": "甲", "qty": 1},
            Section("库位 B-02"), {"sku": "SKU2", "name": "乙", "qty": 2}]
    text = all_text(render_document(order_spec(rows=rows, totals=(), amount_in_words=None), "zh"))
    assert "库位 A-01" in text and "库位 B-02" in text
    assert re.search(r"^2 SKU2 乙 2", text, re.M)


def test_values_are_formatted_by_column_kind():
    rows = [{"sku": "A", "name": "n", "qty": Decimal("24.0000"), "price": Decimal("1.234500"),
             "amount": Decimal("1234567.5")}]
    text = all_text(render_document(order_spec(rows=rows, totals=(), amount_in_words=None), "zh"))
    assert "1 A n 24 1.2345 1,234,567.50" in text


def test_columns_take_cells_from_mappings_sequences_objects_and_callables():
    class Line:
        sku = "OBJ"

    spec = order_spec(rows=[("SEQ",), Line()], columns=[
        Column("A", lambda row: row[0] if isinstance(row, tuple) else row.sku),
    ], totals=(), amount_in_words=None)
    text = all_text(render_document(spec, "zh"))
    assert "SEQ" in text and "OBJ" in text


def test_a_document_without_lines_says_so():
    text = all_text(render_document(order_spec(rows=[], totals=(), amount_in_words=None), "zh"))
    assert "（无明细）" in text


def test_a_draft_watermark_is_printed_when_asked():
    import pdfplumber

    pdf = render_document(order_spec(watermark=Bi("草稿", "DRAFT")), "en")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        big = "".join(c["text"] for c in doc.pages[0].chars if c["size"] > 30)
    assert big == "DRAFT"


def test_extra_blocks_go_before_and_after_the_lines():
    vat = small_table([["税率", "金额", "税额"], ["13%", "1,000.00", "115.04"]], [60, 80, 80],
                      align=["left", "right", "right"])
    text = all_text(render_document(order_spec(after_lines=[vat]), "zh"))
    assert "税率 金额 税额" in text and "13% 1,000.00 115.04" in text


def test_a_language_other_than_zh_or_en_is_refused():
    with pytest.raises(PrintingError, match="zh"):
        render_document(order_spec(), "fr")


def test_page_labels():
    assert page_label("zh", 2, 5) == "第 2 页 / 共 5 页"
    assert page_label("en", 2, 5) == "Page 2 of 5"


def test_a_landscape_document_is_landscape():
    from pypdf import PdfReader

    pdf = render_document(order_spec(landscape=True), "zh")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert box.width > box.height


def test_a_draft_without_a_number_prints_without_a_barcode():
    pdf = render_document(order_spec(number=None, watermark=Bi("草稿", "DRAFT")), "zh")
    assert "销售订单" in all_text(pdf)
    assert decoded_values(pdf) == [set()]


def test_a_number_that_code128_cannot_carry_is_printed_as_text():
    pdf = render_document(order_spec(number="销售-001"), "zh")
    assert "销售-001" in all_text(pdf)
