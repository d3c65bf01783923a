"""The API and the downloads: JSON, XLSX (opened with openpyxl) and CSV carry the very
numbers worked out by hand in ``test_sales_reports.py``."""
from __future__ import annotations

import csv
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

PERIOD = "date_from=2025-01-01&date_to=2025-12-31"
#: by customer: (net, gross, cost, margin) worked out by hand
BY_CUSTOMER = {
    "华联超市": ("590.00", "666.70", "394.00", "196.00"),
    "李家小馆": ("520.00", "587.60", "313.00", "207.00"),
    "张记餐厅": ("240.00", "271.20", "144.00", "96.00"),
}


@pytest.fixture
def manager_api(api, people):
    return api(people["manager"])


def test_the_api_answers_a_sales_report_as_json(books, manager_api):
    body = manager_api.get(f"/api/v1/reports/sales?by=customer&{PERIOD}").get_json()
    assert body["by"] == "customer"
    rows = {r["name"]: (r["amount_net"], r["amount_gross"], r["cost"], r["margin"]) for r in body["rows"]}
    assert rows == BY_CUSTOMER
    assert body["total"] == {"qty": "206.0000", "amount_net": "1350.00", "amount_tax": "175.50",
                             "amount_gross": "1525.50", "cost": "851.00", "margin": "499.00", "margin_pct": "36.96"}


def test_the_xlsx_download_holds_the_same_numbers(books, manager_api):
    response = manager_api.get(f"/api/v1/reports/sales?by=customer&{PERIOD}&format=xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    net, gross, cost, margin = (header.index(h) for h in ("不含税金额", "价税合计", "销售成本", "毛利"))
    found = {r[1]: tuple(f"{D(str(r[i])):.2f}" for i in (net, gross, cost, margin)) for r in rows[1:-1]}
    assert found == BY_CUSTOMER
    total = rows[-1]
    assert total[0] == "合计"
    assert (D(str(total[net])), D(str(total[cost])), D(str(total[margin]))) == (D("1350"), D("851"), D("499"))


def test_the_csv_download_holds_the_same_numbers(books, manager_api):
    response = manager_api.get(f"/api/v1/reports/sales?by=month&{PERIOD}&format=csv")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    months = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert months["2025-04"]["不含税金额"] == "230.00"
    assert months["2025-04"]["销售成本"] == "169.00"
    assert months["2025-04"]["毛利率%"] == "26.52"
    assert months["2025-03"]["数量（基本单位）"] == "148"
    assert months["合计"]["毛利"] == "499.00"


def test_the_target_report_downloads_with_its_achievement(db, books, people, manager_api):
    rep1 = people["rep1"].id
    response = manager_api._call("PUT", "/api/v1/sales-targets/2025", json={"targets": [
        {"salesperson_id": rep1, "month": 3, "amount": "500.00"}]})
    assert response.status_code == 200
    assert response.get_json()[0]["amount"] == "500.00"
    body = manager_api.get("/api/v1/reports/sales-targets?year=2025&month_from=3&month_to=3").get_json()
    line = next(line for line in body["lines"] if line["salesperson_id"] == rep1)
    assert line["months"][0] == {"target": "500.00", "actual": "480.00", "achievement_pct": "96.00",
                                 "previous": "0.00", "growth_pct": None, "last_year": "0.00", "yoy_pct": None,
                                 "month": 3}
    sheet = load_workbook(io.BytesIO(manager_api.get(
        "/api/v1/reports/sales-targets?year=2025&month_from=3&month_to=3&format=xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    mine = next(r for r in rows if r[0] == "业务员甲" and r[1] == "2025-03")
    assert (D(str(mine[2])), D(str(mine[3])), D(str(mine[4]))) == (D("500"), D("480"), D("96"))


def test_targets_are_set_by_managers_only_and_bad_input_is_named(books, people, api):
    body = {"targets": [{"salesperson_id": people["rep1"].id, "month": 13, "amount": "1.001"}]}
    assert api(people["finance"])._call("PUT", "/api/v1/sales-targets/2025", json=body).status_code == 403
    response = api(people["manager"])._call("PUT", "/api/v1/sales-targets/2025", json=body)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]["targets"]["0"]
    assert set(fields) == {"month", "amount"}
    assert api(people["manager"])._call("PUT", "/api/v1/sales-targets/1999", json={"targets": []}).status_code == 422


def test_a_clerk_may_not_read_sales_reports(books, people, api):
    assert api(people["clerk"]).get("/api/v1/reports/sales").status_code == 403
    assert api(people["finance"]).get("/api/v1/reports/sales").status_code == 200


def test_a_report_period_backwards_is_a_422_naming_the_field(books, manager_api):
    response = manager_api.get("/api/v1/reports/sales?date_from=2025-05-01&date_to=2025-04-01")
    assert response.status_code == 422
    assert "date_to" in response.get_json()["error"]["fields"]
