"""Reports through the API and as downloads: JSON for programs, XLSX and CSV for people —
the same figures, amounts only for those who may see costs."""
from __future__ import annotations

import csv
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from tests.inventory.stories import THIS_MONTH, TODAY

V1 = "/api/v1"


def ok(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens UTF-8 with the BOM
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def finance(api, make_user):
    return api(make_user("finance"))


def test_the_balance_report_reads_the_same_as_json_xlsx_and_csv(finance, story):
    body = ok(finance.get(f"{V1}/reports/stock-balance?by=product")).get_json()
    water = next(r for r in body["rows"] if r["product_name"] == "矿泉水")
    assert (water["on_hand"], water["value"], body["total_value"]) == ("119.0000", "105.10", "189.76")

    sheet = xlsx_rows(ok(finance.get(f"{V1}/reports/stock-balance?by=product&format=xlsx")))
    assert sheet[0] == ["商品编码", "商品", "单位", "现存量", "预留", "可用量", "金额"]
    row = next(r for r in sheet if r[1] == "矿泉水")
    assert (row[3], D(str(row[-1]))) == (119, D("105.10"))
    assert sheet[-1][0] == "合计" and D(str(sheet[-1][-1])) == D("189.76")

    rows = csv_rows(ok(finance.get(f"{V1}/reports/stock-balance?by=batch&format=csv")))
    milk = [r for r in rows if r[2] == "纯牛奶"]
    assert [(r[3], r[6], r[-1]) for r in milk] == [("M-1", "15", "50.00"), ("M-2", "8", "26.66")]
    assert rows[-1][0] == "合计" and rows[-1][-1] == "189.76"


def test_people_without_cost_rights_get_quantities_but_no_amounts(api, make_user, story):
    manager = api(make_user("sales_manager"))
    body = ok(manager.get(f"{V1}/reports/stock-balance?by=batch")).get_json()
    assert body["total_value"] is None and all(r["value"] is None for r in body["rows"])
    header = csv_rows(ok(manager.get(f"{V1}/reports/purchase-sales-inventory?date_from={THIS_MONTH}"
                                     f"&date_to={TODAY}&format=csv")))[0]
    assert "期末" in header and "期末金额" not in header
    psi = ok(manager.get(f"{V1}/reports/purchase-sales-inventory?date_from={THIS_MONTH}&date_to={TODAY}")).get_json()
    assert psi["totals"] == {} and psi["rows"][0]["closing_value"] is None and psi["rows"][0]["closing_qty"]
    assert manager.get(f"{V1}/reports/stock-ledger?product_id={story['water'].id}").status_code == 403
    clerk = api(make_user("sales_clerk"))
    assert clerk.get(f"{V1}/reports/stock-balance").status_code == 403


def test_the_purchase_sales_inventory_download_has_every_figure_of_the_json(finance, story):
    query = f"date_from={THIS_MONTH}&date_to={TODAY}&by_warehouse=true"
    body = ok(finance.get(f"{V1}/reports/purchase-sales-inventory?{query}")).get_json()
    water_a = next(r for r in body["rows"] if r["product_name"] == "矿泉水" and r["warehouse"].endswith("上海仓"))
    assert (water_a["opening_qty"], water_a["closing_qty"], water_a["closing_value"]) == ("50.0000", "99.0000", "89.10")
    assert body["totals"]["closing_value"] == "189.76"
    sheet = xlsx_rows(ok(finance.get(f"{V1}/reports/purchase-sales-inventory?{query}&format=xlsx")))
    header = sheet[0]
    row = next(r for r in sheet if r[2] == "矿泉水" and str(r[0]).endswith("上海仓"))
    assert row[header.index("期初")] == 50 and D(str(row[header.index("期末金额")])) == D("89.10")
    assert sheet[-1][0] == "合计" and D(str(sheet[-1][header.index("期末金额")])) == D("189.76")


def test_the_ledger_download_holds_the_opening_every_move_and_the_closing(finance, story):
    water = story["water"]
    body = ok(finance.get(f"{V1}/reports/stock-ledger?product_id={water.id}&date_from={THIS_MONTH}&per_page=2"))
    page = body.get_json()
    assert (page["opening_qty"], page["closing_qty"], page["total"], len(page["lines"])) == (
        "70.0000", "119.0000", 4, 2)
    rows = csv_rows(ok(finance.get(f"{V1}/reports/stock-ledger?product_id={water.id}&date_from={THIS_MONTH}"
                                   f"&format=csv")))
    assert rows[1][1] == "期初结存" and rows[1][6] == "70"
    assert len(rows) == 1 + 1 + 4 + 1
    assert rows[-1][0] == "合计" and (rows[-1][4], rows[-1][5], rows[-1][6]) == ("50", "1", "119")


def test_expiring_batches_and_reorder_suggestions_download(finance, story):
    rows = csv_rows(ok(finance.get(f"{V1}/reports/expiring-batches?within_days=30&format=csv")))
    assert [(r[2], r[6]) for r in rows[1:-1]] == [("已过期", "Y-0"), ("近效期", "M-1")]
    body = ok(finance.get(f"{V1}/reports/reorder")).get_json()
    assert [(r["product_name"], r["suggested"], r["suggested_cases"]) for r in body["rows"]] == [
        ("矿泉水", "181.0000", "8.0000")]
    sheet = xlsx_rows(ok(finance.get(f"{V1}/reports/reorder?format=xlsx")))
    assert sheet[1][0] == story["water"].sku


def test_a_report_asked_for_a_warehouse_the_user_may_not_see_is_refused(api, make_user, db, story):
    from erp.auth.services import update_user

    keeper = make_user("warehouse")
    update_user(db, make_user("admin"), keeper.id, {"warehouse_ids": [story["b"].id]})
    staff = api(keeper)
    assert staff.get(f"{V1}/reports/stock-balance?warehouse_id={story['a'].id}").status_code == 403
    rows = staff.get(f"{V1}/reports/stock-balance?by=product").get_json()["rows"]
    assert {r["product_name"]: r["on_hand"] for r in rows} == {"矿泉水": "20.0000", "酸奶": "4.0000"}


def test_cells_a_spreadsheet_would_run_as_formulas_are_escaped(finance, make_product, receive, wh):
    evil = make_product(name="=HYPERLINK(\"http://x\")", sku="=1+1")
    receive(evil, wh, 1, "1.00")
    rows = csv_rows(ok(finance.get(f"{V1}/reports/stock-balance?by=product&format=csv")))
    assert ["'=1+1", "'=HYPERLINK(\"http://x\")"] == rows[1][:2]
