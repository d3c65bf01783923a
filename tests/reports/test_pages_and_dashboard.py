"""The pages: the dashboard (its SVG charts and tables, who may open it), the sales
analysis with its downloads, and the targets grid."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

from openpyxl import load_workbook

from erp import clock
from finance.reports.dashboard import manager_dashboard


def test_the_dashboard_gathers_trend_top_lists_aging_and_stock_value(db, books, people):
    board = manager_dashboard(db, people["manager"], as_of=dt.date(2025, 6, 30))
    assert [r.period for r in board.trend][0] == "2024-07" and len(board.trend) == 12
    assert board.period_total.amount_net == D("1350.00")
    assert (board.this_month.amount_net, board.last_month.amount_net) == (D("0.00"), D("240.00"))
    assert [r.name for r in board.top_customers] == ["华联超市", "李家小馆", "张记餐厅"]
    assert [r.amount_net for r in board.top_products] == [D("960.00"), D("390.00")]
    # Everything invoiced, less what was credited, is still owed: the gross sales.
    assert board.receivables_total == D("1525.50")
    # A: 1000 in − 168 out + 24 back = 856 at 6.00; B: 500 − 110 = 390 at 2.50.
    assert board.stock_total == D("5136.00") + D("975.00")


def test_a_clerk_gets_403_on_the_dashboard(client, login, people):
    login(people["clerk"])
    assert client.get("/reports/dashboard").status_code == 403


def test_the_dashboard_page_draws_its_charts_as_inline_svg_with_chinese_labels(db, books, chain, client, login,
                                                                            people):
    chain.sell(books["li"], [(books["b"], 3, "4.00")], clock.today())
    login(people["manager"])
    response = client.get("/reports/dashboard")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<svg") == 5
    assert "<script" not in html.split('<main class="content">')[1].split("</main>")[0]
    assert "销售趋势" in html and "毛利" in html and "应收账龄" in html and "库存金额" in html
    assert "李家小馆" in html and "12.00" in html  # today's sale, in the top customers' table


def test_finance_sees_the_dashboard_and_the_api_gives_the_same_data(books, people, api):
    body = api(people["finance"]).get("/api/v1/reports/dashboard?as_of=2025-06-30").get_json()
    assert body["period_total"]["amount_net"] == "1350.00"
    assert [b["amount"] for b in body["aging"]][:1] == ["0.00"]
    assert body["stock_total"] == "6111.00"
    assert api(people["clerk"]).get("/api/v1/reports/dashboard").status_code == 403


def test_the_sales_page_shows_the_report_and_downloads_the_same_table(books, client, login, people):
    login(people["manager"])
    page = client.get("/reports/sales?by=product&date_from=2025-01-01&date_to=2025-12-31")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html and "饮料A" in html and "960.00" in html and "1,350.00" in html
    download = client.get("/reports/sales?by=product&date_from=2025-01-01&date_to=2025-12-31&format=xlsx")
    rows = list(load_workbook(io.BytesIO(download.data)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:-1]] == ["饮料A", "食品B"]
    assert D(str(rows[-1][rows[0].index("毛利")])) == D("499")


def test_the_sales_page_shows_a_bad_period_beside_its_field(books, client, login, people):
    login(people["manager"])
    page = client.get("/reports/sales?date_from=2025-05-01&date_to=2025-04-01")
    assert page.status_code == 422
    assert 'data-field="date_to"' in page.get_data(as_text=True)


def test_a_manager_saves_targets_in_the_grid_and_sees_achievement(db, books, client, login, people):
    login(people["manager"])
    grid = client.get("/reports/targets?year=2025").get_data(as_text=True)
    assert "业务员甲" in grid
    from finance.reports.targets import salespeople

    index = [u.id for u in salespeople(db, 2025)].index(people["rep1"].id)
    cell = index * 12 + 2  # March
    form = {"year": "2025", f"targets-{cell}-salesperson_id": str(people["rep1"].id), f"targets-{cell}-month": "3",
            f"targets-{cell}-amount": "500"}
    assert client.post("/reports/targets", data=form).status_code == 302
    page = client.get("/reports/sales-targets?year=2025&month_from=3&month_to=3").get_data(as_text=True)
    assert "96.00%" in page and "<svg" in page
    bad = client.post("/reports/targets", data={**form, f"targets-{cell}-amount": "abc"})
    assert bad.status_code == 422
    assert "has-error" in bad.get_data(as_text=True)


def test_finance_reads_the_targets_grid_but_cannot_save_it(books, client, login, people):
    login(people["finance"])
    page = client.get("/reports/targets")
    assert page.status_code == 200 and "<input type=\"text\"" not in page.get_data(as_text=True)
    assert client.post("/reports/targets", data={"year": "2025"}).status_code == 403
