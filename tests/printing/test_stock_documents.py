"""Warehouse paper: the outbound slip, the pick list walked by bin location, the other stock
documents and the stocktake count sheet (with and without the book quantities)."""
from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from inventory.scraps import services as scraps
from inventory.stock_outs import services as stock_outs
from inventory.transfers import services as transfers
from printing.documents_inventory import (
    render_outbound,
    render_scrap,
    render_stock_in,
    render_stock_out,
    render_transfer,
)
from printing.documents_picking import render_pick_list
from printing.documents_stocktake import render_count_sheet
from printing.quantities import cases_and_pieces
from tests import factories
from tests.printing.chain import days
from tests.printing.paper import flat, watermark
from tests.printing.pdfs import all_text, decoded_values, page_texts


@pytest.fixture
def shelves(chain):
    """Three products on bins B-02-01, A-01-01 (two batches, the earlier expiring first) and none."""
    rice = chain.product(name="金龙鱼大米", spec="10kg", location="B-02-01", batches=(("R1", 200),))
    water = chain.product(name="农夫山泉饮用天然水", spec="550ml", location="A-01-01",
                          batches=(("W-LATE", 500), ("W-SOON", 60)))
    salt = chain.product(name="中盐加碘精制盐", spec="400g", location=None, batches=(("S1", 300),))
    return rice, water, salt


def test_a_pick_list_walks_the_bins_in_order_with_batch_expiry_and_cases_plus_pieces(chain, shelves):
    rice, water, salt = shelves
    _order, note, outbound = chain.shipped(chain.customer(), [(rice, 30), (water, 300), (salt, 5)])
    pdf = render_pick_list(outbound, "zh")
    text = all_text(pdf)
    # Bin A before B, products without a bin last; water from the batch expiring first, then the next.
    a, b, none = text.index("库位 A-01-01"), text.index("库位 B-02-01"), text.index("未设库位")
    assert a < b < none
    soon, late = "W-SOON", "W-LATE"
    assert a < text.index(soon) < text.index(late) < b
    assert days(60).isoformat() in text and days(500).isoformat() in text
    # 300 bottles = 240 from the first batch (10 cases) + 60 from the next (2 cases + 12); rice 30 = 1 case + 6.
    assert "10箱" in text and "2箱+12瓶" in text and "1箱+6瓶" in text and "5瓶" in text
    for expected in ("拣货单", outbound.number, note.number, "拣货人", "复核人", "□"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{outbound.number}]


def test_a_pick_list_of_a_draft_outbound_is_a_working_paper_without_watermark(chain, shelves):
    rice = shelves[0]
    order = chain.order(chain.customer(), [(rice, 10)])
    outbound = chain.ship(chain.deliver(order), approve=False)
    pdf = render_pick_list(outbound, "zh")
    assert f"#{outbound.id}" in all_text(pdf) and "R1" in all_text(pdf)
    assert watermark(pdf) == "" and decoded_values(pdf) == [set()]


def test_an_outbound_slip_lists_batches_and_cases_for_the_customer_to_sign(chain, shelves):
    rice, water, _salt = shelves
    _order, note, outbound = chain.shipped(chain.customer(), [(water, 300), (rice, 24)])
    pdf = render_outbound(outbound, "zh")
    text = flat(pdf)
    # 300 bottles: all 240 of the batch expiring first, 60 of the next.
    for expected in ("销售出库单", outbound.number, f"发货单 {note.number}", "上海七宝好邻居超市有限公司",
                     f"W-SOON ({days(60).isoformat()})", "× 240", "W-LATE", "× 60",
                     "12箱+12瓶", "1箱", "客户签收", "王店长"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{outbound.number}]


def test_other_stock_documents_print_their_warehouses_reasons_and_batches(db, chain, shelves, people, make_warehouse):
    rice, water, _salt = shelves
    keeper, manager = people["keeper"], people["manager"]
    stock_in = chain.receive(rice, 48, batch_no="IN-9", expiry_date=days(200))
    text = flat(render_stock_in(stock_in, "zh"))
    assert all(s in text for s in ("其他入库单", stock_in.number, "期初", "IN-9", "2箱"))

    out = stock_outs.create_stock_out(db, keeper, {"warehouse_id": chain.wh.id, "reason": "sample", "lines": [
        {"product_id": water.id, "qty": D(6), "batch_id": water_batch(db, water)}]})
    text = flat(render_stock_out(out, "zh"))
    assert all(s in text for s in ("其他出库单", "样品", "6瓶", "领用人")) and watermark(render_stock_out(out, "zh")) == "草稿"

    other = make_warehouse(name="浦东二号仓")
    transfer = transfers.create_transfer(db, keeper, {"from_warehouse_id": chain.wh.id, "to_warehouse_id": other.id,
                                                      "lines": [{"product_id": rice.id, "qty": D(24),
                                                                 "batch_id": rice_batch(db, rice)}]})
    transfers.approve_transfer(db, keeper, transfer.id)
    pdf = render_transfer(transfer, "zh")
    assert all(s in flat(pdf) for s in ("调拨单", "上海一号仓", "浦东二号仓", transfer.number, "1箱"))
    assert decoded_values(pdf) == [{transfer.number}]

    scrap = scraps.create_scrap(db, keeper, {"warehouse_id": chain.wh.id, "reason": "damaged", "lines": [
        {"product_id": rice.id, "qty": D(2), "batch_id": rice_batch(db, rice)}]})
    scraps.approve_scrap(db, manager, scrap.id)
    text = flat(render_scrap(scrap, "zh"))
    assert all(s in text for s in ("报废单", scrap.number, "破损", "监销人", "审核： 赵经理"))


def water_batch(db, product) -> int:
    from inventory.batches.models import Batch

    return db.query(Batch).filter_by(product_id=product.id).order_by(Batch.expiry_date).first().id


rice_batch = water_batch


def test_a_count_sheet_walks_the_bins_with_the_book_quantity_and_a_blank_column_to_count_in(chain, shelves):
    rice, water, salt = shelves
    chain.shipped(chain.customer(), [(water, 20)])  # from the batch expiring first: 220 left
    stocktake = chain.stocktake()
    pdf = render_count_sheet(stocktake, "zh")
    text = all_text(pdf)
    assert text.index("库位 A-01-01") < text.index("库位 B-02-01") < text.index("未设库位")
    for expected in ("盘点表", f"#{stocktake.id}", "账面数量", "实盘数量", "明盘", "W-SOON",
                     days(60).isoformat(), "全仓"):
        assert expected in text, expected
    # 220 bottles of that batch on the book = 9 cases + 4; rice 480 = 20 cases.
    assert re.search(r"W-SOON \S+ 瓶 220 9箱\+4瓶", text), text
    assert re.search(r"R1 \S+ 瓶 480 20箱", text), text
    assert watermark(pdf) == ""


def test_a_blind_count_sheet_hides_the_book_quantities(chain, shelves):
    stocktake = chain.stocktake()
    text = all_text(render_count_sheet(stocktake, "zh", blind=True))
    assert "盲盘" in text and "实盘数量" in text
    assert "账面数量" not in text and "480" not in text and "20箱" not in text


def test_a_count_sheet_of_a_range_of_bins_names_its_scope(chain, shelves):
    stocktake = chain.stocktake(location_from="A-01", location_to="A-09")
    text = all_text(render_count_sheet(stocktake, "en"))
    assert "Stock count sheet" in text and "Bins A-01 – A-09" in text
    assert "Bin A-01-01" in text and "B-02-01" not in text


def test_cases_and_pieces_read_like_a_picker_counts(db):
    product = factories.product(db)  # 瓶, 箱 of 24
    loose = factories.product(db, case_factor=None)
    assert [cases_and_pieces(product, D(q)) for q in (77, 72, 5, 24)] == ["3箱+5瓶", "3箱", "5瓶", "1箱"]
    assert cases_and_pieces(loose, D("30")) == "30瓶"
    assert cases_and_pieces(product, D(77), "en").startswith("3 ")


def test_two_hundred_lines_paginate_with_the_column_headers_on_every_page(db, chain, people):
    from inventory.stock_ins import services as stock_ins

    product = factories.product(db, name="测试分页商品")
    lines = [{"product_id": product.id, "qty": D(i), "unit_cost": D("1.00")} for i in range(1, 201)]
    doc = stock_ins.create_stock_in(db, people["keeper"], {"warehouse_id": chain.wh.id, "reason": "opening",
                                                           "lines": lines})
    stock_ins.approve_stock_in(db, people["keeper"], doc.id)
    pdf = render_stock_in(doc, "zh")
    pages = page_texts(pdf)
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页 / 共 {len(pages)} 页" in text
        assert "商品编码" in text and "箱/件" in text and "其他入库单" in text  # headers and title repeated
    assert decoded_values(pdf) == [{doc.number}] * len(pages)
    assert "200" in pages[-1] and "制单" in pages[-1]
