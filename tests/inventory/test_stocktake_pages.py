"""Counting on the warehouse floor: open a count on a page, scan with the handheld screen
(it works without its script too), type counts on the count sheet, upload the filled-in
sheet, see the variances and have them approved."""
from __future__ import annotations

import io
import re
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from inventory.stock.queries import stock_level
from inventory.stocktakes.models import Stocktake
from tests.inventory.conftest import days


def page(response, status=200) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


@pytest.fixture
def shelf(db, wh, make_product, make_tracked, receive):
    water = make_product(name="矿泉水", barcode="6900000000017", location="A-01-01")
    water.packings[0].barcode = "16900000000014"
    receive(water, wh, 30, "0.50")
    milk = make_tracked(name="纯牛奶", location="A-02-01", barcode="6900000000024")
    receive(milk, wh, 6, "3.00", batch_no="M-1", expiry_date=days(30))
    receive(milk, wh, 6, "3.00", batch_no="M-2", expiry_date=days(60))
    db.flush()
    return {"water": water, "milk": milk}


def open_count(client, wh) -> int:
    response = client.post("/inventory/stocktakes/new", data={"warehouse_id": wh.id})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/stocktakes/(\d+)$", response.headers["Location"]).group(1))


def test_a_count_is_opened_scanned_on_the_handheld_screen_and_approved(db, login, keeper, manager, wh, shelf):
    staff = login(keeper)
    assert "新建盘点" in page(staff.get("/inventory/stocktakes/"))
    doc_id = open_count(staff, wh)
    screen = page(staff.get(f"/inventory/stocktakes/{doc_id}/scan"))
    assert 'id="scan-code"' in screen and "count.js" in screen and "共 3 行，3 行未盘" in screen

    scanned = staff.post(f"/inventory/stocktakes/{doc_id}/scan", data={"code": "16900000000014", "qty": "1"})
    assert scanned.status_code == 302 and "last=" in scanned.headers["Location"]
    staff.post(f"/inventory/stocktakes/{doc_id}/scan", data={"code": "6900000000017", "qty": "4"})
    last = page(staff.get(re.sub(r"^https?://[^/]+", "", scanned.headers["Location"])))
    assert "最近扫描" in last and "矿泉水" in last and "28 瓶" in last and "1 箱 4 瓶" in last

    ask = page(staff.post(f"/inventory/stocktakes/{doc_id}/scan", data={"code": "6900000000024", "qty": "6"}), 422)
    assert "请选择盘点的批次。" in ask and "M-1 · " in ask and "M-2 · " in ask
    milk_lines = [li for li in db.get(Stocktake, doc_id).lines if li.batch_id]
    for line, qty in zip(milk_lines, ("6", "5"), strict=True):
        staff.post(f"/inventory/stocktakes/{doc_id}/scan", data={"code": "6900000000024", "qty": qty,
                                                                  "batch_id": line.batch_id})
    detail = page(staff.get(f"/inventory/stocktakes/{doc_id}?show=diff"))
    assert "-2" in detail and "-1" in detail and "盘亏" in detail and "4.00" in detail  # 2 × 0.50 + 1 × 3.00
    assert staff.post(f"/inventory/stocktakes/{doc_id}/approve").status_code == 403
    login(manager).post(f"/inventory/stocktakes/{doc_id}/approve")
    assert stock_level(db, shelf["water"].id, wh.id).on_hand == D(28)
    assert stock_level(db, shelf["milk"].id, wh.id).on_hand == D(11)


def test_the_count_sheet_saves_typed_counts_and_refuses_a_negative_one(db, login, keeper, wh, shelf):
    staff = login(keeper)
    doc_id = open_count(staff, wh)
    doc = db.get(Stocktake, doc_id)
    water, m1, m2 = doc.lines
    sheet = page(staff.get(f"/inventory/stocktakes/{doc_id}/count"))
    assert f'name="count-{water.id}"' in sheet and "A-02-01" in sheet
    refused = page(staff.post(f"/inventory/stocktakes/{doc_id}/count",
                              data={f"count-{water.id}": "29", f"count-{m1.id}": "-1"}), 422)
    assert 'data-field="count-' + str(m1.id) + '"' in refused and "盘点数量不能为负数。" in refused
    assert water.counted_qty is None
    staff.post(f"/inventory/stocktakes/{doc_id}/count", data={f"count-{water.id}": "29", f"count-{m1.id}": "6",
                                                              "found_product_id": str(shelf["milk"].id),
                                                              "found_batch_no": "M-2", "found_qty": "7"})
    assert (water.counted_qty, m1.counted_qty, m2.counted_qty) == (D(29), D(6), D(7))
    only_open = page(staff.get(f"/inventory/stocktakes/{doc_id}/count?uncounted=1"))
    assert f'name="count-{water.id}"' not in only_open


def test_the_count_sheet_downloads_and_comes_back_filled_in(db, login, keeper, wh, shelf):
    staff = login(keeper)
    doc_id = open_count(staff, wh)
    workbook = load_workbook(io.BytesIO(staff.get(f"/inventory/stocktakes/{doc_id}/export?format=xlsx&sheet=1").data))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == ["库位", "商品编码", "商品", "规格型号", "批次", "有效期至", "单位", "实盘数量"]
    for row, qty in zip(sheet.iter_rows(min_row=2), (30, 6, 4), strict=True):
        row[-1].value = qty
    filled = io.BytesIO()
    workbook.save(filled)
    filled.seek(0)
    report = page(staff.post(f"/inventory/stocktakes/{doc_id}/import", data={"file": (filled, "sheet.xlsx")},
                             content_type="multipart/form-data"))
    assert "已录入 3 行。" in report
    assert [li.variance for li in db.get(Stocktake, doc_id).lines] == [D(0), D(0), D(-2)]
    bad = io.BytesIO("商品编码,实盘数量\nNOPE,1\n".encode())
    refused = page(staff.post(f"/inventory/stocktakes/{doc_id}/import", data={"file": (bad, "bad.csv")},
                              content_type="multipart/form-data"), 422)
    assert "<td>2</td><td>sku</td><td>商品不存在。</td>" in refused


def test_the_rest_of_a_count_can_be_taken_as_booked(db, login, keeper, wh, shelf):
    staff = login(keeper)
    doc_id = open_count(staff, wh)
    staff.post(f"/inventory/stocktakes/{doc_id}/count-remaining", data={"as": "book"})
    assert db.get(Stocktake, doc_id).uncounted == 0
    assert page(staff.get(f"/inventory/stocktakes/{doc_id}/export?format=csv")).startswith("\ufeff")
