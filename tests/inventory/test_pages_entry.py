"""The warehouse pages: entering the stock documents on forms (errors shown beside their
fields, nothing saved), receiving a transfer on a given day, choosing an outbound's
batches, looking stock up by a scanned barcode, the batch list, and the report pages."""
from __future__ import annotations

import io
import re
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from inventory.batches.models import Batch
from inventory.outbounds import services as outbounds
from inventory.scraps.models import Scrap
from inventory.stock.queries import stock_level
from inventory.stock_ins.models import StockIn
from inventory.transfers.models import Transfer
from tests.inventory.conftest import TODAY, days


def page(response, status=200) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def created(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/(\d+)$", response.headers["Location"]).group(1))


@pytest.fixture
def staff(login, keeper):
    return login(keeper)


def test_opening_stock_with_batches_and_costs_is_entered_on_the_form_and_approved(db, staff, wh, make_tracked,
                                                                                 make_product):
    milk, soap = make_tracked(name="纯牛奶"), make_product(name="香皂")
    form = page(staff.get("/inventory/stock-ins/new"))
    assert "其他入库单" in form and 'name="lines-0-product_id"' in form and "lines.js" in form
    doc_id = created(staff.post("/inventory/stock-ins/new", data={
        "warehouse_id": wh.id, "reason": "opening", "doc_date": TODAY.isoformat(),
        "lines-0-product_id": milk.id, "lines-0-qty": "2", "lines-0-unit_id": milk.packings[0].unit_id,
        "lines-0-unit_cost": "60.00", "lines-0-batch_no": "M-7", "lines-0-expiry_date": days(90).isoformat(),
        "lines-1-product_id": soap.id, "lines-1-qty": "10", "lines-1-unit_cost": "1.25",
        "lines-2-product_id": "", "lines-2-qty": ""}))
    doc = db.get(StockIn, doc_id)
    assert [(li.product.name, li.qty_base, li.amount) for li in doc.lines] == [("纯牛奶", D(48), D("120.00")),
                                                                              ("香皂", D(10), D("12.50"))]
    detail = page(staff.get(f"/inventory/stock-ins/{doc_id}"))
    assert f"/inventory/stock-ins/{doc_id}/edit" in detail and "M-7" in detail
    edit = page(staff.get(f"/inventory/stock-ins/{doc_id}/edit"))
    assert 'value="M-7"' in edit and f"{milk.sku} 纯牛奶" in edit
    staff.post(f"/inventory/stock-ins/{doc_id}/approve")
    assert stock_level(db, milk.id, wh.id).on_hand == D(48)


def test_a_form_with_mistakes_shows_each_beside_its_line_and_saves_nothing(db, staff, wh, make_tracked):
    milk = make_tracked(name="纯牛奶")
    before = db.scalar(select(StockIn.id).order_by(StockIn.id.desc()))
    shown = page(staff.post("/inventory/stock-ins/new", data={
        "warehouse_id": wh.id, "reason": "opening",
        "lines-0-product_id": milk.id, "lines-0-qty": "-3", "lines-0-unit_cost": "1",
        "lines-1-product_id": milk.id, "lines-1-qty": "1", "lines-1-unit_cost": "1"}), 422)
    assert 'data-field="lines.0.qty"' in shown
    assert f"{milk.sku} 纯牛奶" in shown and 'value="-3"' in shown  # what was typed stays
    no_batch = page(staff.post("/inventory/stock-ins/new", data={
        "warehouse_id": wh.id, "reason": "opening",
        "lines-0-product_id": milk.id, "lines-0-qty": "3", "lines-0-unit_cost": "1",
        "lines-1-product_id": milk.id, "lines-1-qty": "1", "lines-1-unit_cost": "1", "lines-1-batch_no": "N"}), 422)
    assert 'data-field="lines.0.batch_no"' in no_batch and 'data-field="lines.1.expiry_date"' in no_batch
    assert db.scalar(select(StockIn.id).order_by(StockIn.id.desc())) == before


def test_a_transfer_is_entered_shipped_and_received_on_the_day_the_goods_arrived(db, staff, wh, make_warehouse,
                                                                               make_product, receive):
    shop = make_warehouse(name="门店")
    rice = make_product(name="大米")
    receive(rice, wh, 30, "5.00")
    doc_id = created(staff.post("/inventory/transfers/new", data={
        "from_warehouse_id": wh.id, "to_warehouse_id": shop.id, "doc_date": TODAY.isoformat(),
        "lines-0-product_id": rice.id, "lines-0-qty": "12"}))
    staff.post(f"/inventory/transfers/{doc_id}/approve")
    detail = page(staff.get(f"/inventory/transfers/{doc_id}"))
    assert 'data-verb="receive"' in detail and "在途" in detail
    staff.post(f"/inventory/transfers/{doc_id}/receive", data={"received_on": TODAY.isoformat()})
    assert db.get(Transfer, doc_id).received_on == TODAY
    assert stock_level(db, rice.id, shop.id).on_hand == D(12)
    same = page(staff.post("/inventory/transfers/new", data={
        "from_warehouse_id": wh.id, "to_warehouse_id": wh.id, "lines-0-product_id": rice.id, "lines-0-qty": "1"}),
        422)
    assert 'data-field="to_warehouse_id"' in same


def test_warehouse_staff_enter_a_scrap_of_a_batch_and_a_manager_approves_it(db, staff, login, manager, wh,
                                                                         make_tracked, receive, batch_of):
    milk = make_tracked(name="纯牛奶")
    old = batch_of(receive(milk, wh, 6, "3.00", batch_no="OLD", expiry_date=days(-2)))
    form = page(staff.get("/inventory/scraps/new"))
    assert "报废单" in form and "过期" in form
    missing = page(staff.post("/inventory/scraps/new", data={
        "warehouse_id": wh.id, "reason": "expired", "lines-0-product_id": milk.id, "lines-0-qty": "6"}), 422)
    assert 'data-field="lines.0.batch_id"' in missing
    doc_id = created(staff.post("/inventory/scraps/new", data={
        "warehouse_id": wh.id, "reason": "expired", "lines-0-product_id": milk.id, "lines-0-qty": "6",
        "lines-0-batch_id": old.id}))
    assert staff.post(f"/inventory/scraps/{doc_id}/approve").status_code == 403
    login(manager).post(f"/inventory/scraps/{doc_id}/approve")
    assert db.get(Scrap, doc_id).state == "approved" and stock_level(db, milk.id, wh.id).on_hand == D(0)


def test_an_other_stock_out_form_lists_the_batches_of_the_warehouse(db, staff, wh, make_tracked, receive):
    milk = make_tracked(name="纯牛奶")
    receive(milk, wh, 5, "3.00", batch_no="B-1", expiry_date=days(20))
    shown = page(staff.post("/inventory/stock-outs/new", data={
        "warehouse_id": wh.id, "reason": "sample", "lines-0-product_id": milk.id, "lines-0-qty": "9"}), 422)
    assert "需要 9 瓶，可用 5，短缺 4" in shown and f"B-1 · {days(20).isoformat()} · 5" in shown
    doc_id = created(staff.post("/inventory/stock-outs/new", data={
        "warehouse_id": wh.id, "reason": "sample", "lines-0-product_id": milk.id, "lines-0-qty": "2"}))
    staff.post(f"/inventory/stock-outs/{doc_id}/approve")
    assert stock_level(db, milk.id, wh.id).on_hand == D(3)


def test_the_batches_of_an_outbound_are_chosen_by_hand_instead_of_fefo(db, staff, keeper, wh, make_tracked,
                                                                      receive, batch_of):
    milk = make_tracked(name="纯牛奶")
    early = batch_of(receive(milk, wh, 10, "3.00", batch_no="E", expiry_date=days(10)))
    late = batch_of(receive(milk, wh, 10, "3.00", batch_no="L", expiry_date=days(100)))
    expired = batch_of(receive(milk, wh, 10, "3.00", batch_no="X", expiry_date=days(-1)))
    doc = outbounds.create_outbound(db, keeper, {"warehouse_id": wh.id,
                                                 "lines": [{"product_id": milk.id, "qty": D(12)}]})
    line = doc.lines[0]
    screen = page(staff.get(f"/inventory/outbounds/{doc.id}/batches"))
    assert f'name="alloc-{line.id}-{late.id}"' in screen and f'name="alloc-{line.id}-{expired.id}"' in screen
    refused = page(staff.post(f"/inventory/outbounds/{doc.id}/batches",
                              data={f"alloc-{line.id}-{expired.id}": "12"}), 422)
    assert "该批次已过期。" in refused
    short = page(staff.post(f"/inventory/outbounds/{doc.id}/batches", data={f"alloc-{line.id}-{late.id}": "5"}), 422)
    assert "各批次数量之和必须等于该行的基本单位数量。" in short
    staff.post(f"/inventory/outbounds/{doc.id}/batches",
               data={f"alloc-{line.id}-{late.id}": "10", f"alloc-{line.id}-{early.id}": "2"})
    assert sorted((a.batch.batch_no, a.qty, a.manual) for a in line.allocations) == [("E", D(2), True),
                                                                                    ("L", D(10), True)]
    outbounds.approve_outbound(db, keeper, doc.id)
    assert stock_level(db, milk.id, wh.id, late.id).on_hand == D(0)


def test_scanning_a_case_barcode_opens_the_product_card_with_stock_per_batch(db, staff, wh, make_tracked, receive):
    milk = make_tracked(name="纯牛奶", barcode="6901234567892", location="A-02-01")
    milk.packings[0].barcode = "16901234567899"
    receive(milk, wh, 53, "3.00", batch_no="M-9", expiry_date=days(12))
    card = page(staff.get("/inventory/stock?q=16901234567899"))
    assert "纯牛奶" in card and "A-02-01" in card and "M-9" in card
    assert "2 箱 5 瓶" in card and "扫描单位" in card
    listed = page(staff.get("/inventory/stock?q=测试商品"))
    assert "库存查询" in listed


def test_the_batch_list_shows_expiry_and_blocks_a_batch(db, staff, wh, make_tracked, receive, batch_of):
    milk = make_tracked(name="纯牛奶")
    batch = batch_of(receive(milk, wh, 4, "3.00", batch_no="Q-1", expiry_date=days(3)))
    listing = page(staff.get("/inventory/batches?expiry=near&days=7"))
    assert "Q-1" in listing and ">3<" in listing
    staff.post(f"/inventory/batches/{batch.id}/status", data={"status": "blocked"})
    assert db.get(Batch, batch.id).status == "blocked"


def test_report_pages_show_the_tables_and_download_them(db, login, make_user, story):
    finance = login(make_user("finance"))
    balance = page(finance.get("/inventory/reports/stock-balance?by=product"))
    assert "矿泉水" in balance and "105.10" in balance and "189.76" in balance
    sheet = load_workbook(io.BytesIO(finance.get("/inventory/reports/stock-balance?by=batch&format=xlsx").data))
    assert sheet.worksheets[0]["A1"].value == "仓库"
    psi = page(finance.get("/inventory/reports/purchase-sales-inventory"))
    assert "期初" in psi and "119" in psi
    ledger = page(finance.get(f"/inventory/reports/stock-ledger?product_id={story['water'].id}"))
    assert "期初结存" in ledger and "105.10" in ledger
    assert "Y-0" in page(finance.get("/inventory/reports/expiring-batches"))
    assert "矿泉水" in page(finance.get("/inventory/reports/reorder"))
    bad = page(finance.get("/inventory/reports/purchase-sales-inventory?date_from=nope"), 422)
    assert "date_from" in bad
