"""Sales reports on the hand-made year of ``conftest.books``: every figure below was worked
out by hand from the prices and the stock costs, not by the code under test.

March   I1 张记 2 cases A: 48 bottles, net 480.00, VAT 62.40, gross 542.40, cost 48 × 6.00 = 288.00
        I2 华联 100 B:     100 pieces, net 400.00, VAT 52.00, gross 452.00, cost 100 × 2.50 = 250.00
April   I3 李家 2 cases A + 10 B: 58, net 480.00 + 40.00, gross 542.40 + 45.20, cost 288.00 + 25.00
        credit note for 1 case of A returned by 张记: −24, net −240.00, gross −271.20, cost −144.00
        allowance 0.50 × 100 B to 华联: net −50.00, gross −56.50 (quantity and cost stay)
May     I4 华联 1 of the 3 cases shipped: 24, net 240.00, gross 271.20, cost 432.00 × 24/72 = 144.00
        (the other 2 cases are on a draft invoice: not a sale)
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from finance.reports.facts import Figures, SalesScope, sales_figures
from finance.reports.sales import sales_report

YEAR = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}


def figures(qty, net, gross, cost) -> tuple:
    return D(qty), D(net), D(gross), D(cost)


def of(row) -> tuple:
    return row.qty, row.amount_net, row.amount_gross, row.cost


@pytest.fixture
def manager(people):
    return people["manager"]


def test_monthly_sales_show_quantity_amounts_cost_and_margin_by_hand(db, books, manager):
    report = sales_report(db, manager, "month", YEAR)
    months = {row.period: row for row in report.rows}
    assert len(report.rows) == 12
    assert of(months["2025-03"]) == figures("148", "880.00", "994.40", "538.00")
    assert months["2025-03"].margin == D("342.00")
    assert months["2025-03"].margin_pct == D("38.86")
    assert months["2025-04"].amount_tax == D("29.90")
    assert of(months["2025-05"]) == figures("24", "240.00", "271.20", "144.00")
    assert months["2025-05"].margin_pct == D("40.00")
    assert of(months["2025-01"]) == figures("0", "0", "0", "0") and months["2025-01"].margin_pct is None


def test_gross_margin_is_amount_minus_the_cost_of_the_outbound_moves(db, books, manager):
    """The cost of an invoice line is what its outbound line issued at (Σ move values)."""
    from sqlalchemy import func, select

    from inventory.stock.models import StockMove

    i1 = books["invoices"][0]
    outbound = i1.lines[0].origin.document
    issued = -db.scalar(select(func.sum(StockMove.value)).where(StockMove.source_type == "outbound",
                                                                 StockMove.source_id == outbound.id))
    assert issued == D("288.00")
    scope = SalesScope(dt.date(2025, 3, 1), dt.date(2025, 3, 15))
    march_10 = sales_figures(db, scope, ("customer",))[(books["zhang"].id,)]
    assert march_10.cost == issued
    assert march_10.margin == D("480.00") - issued


def test_a_credit_note_reduces_sales_and_margin_in_its_own_month(db, books, manager):
    """April: I3 (net 520.00, cost 313.00) − the return credited on 15 April (net 240.00, cost
    144.00) − the allowance of 20 April (net 50.00, no cost): net 230.00, cost 169.00, margin
    61.00 (26.52 %); March, when the goods were sold, keeps its figures."""
    months = {row.period: row for row in sales_report(db, manager, "month", YEAR).rows}
    april = months["2025-04"]
    assert of(april) == figures("34", "230.00", "259.90", "169.00")
    assert april.margin == D("61.00")
    assert april.margin_pct == D("26.52")
    assert months["2025-03"].amount_net == D("880.00")


def test_an_allowance_lowers_the_amount_but_not_the_quantity_or_the_cost(db, books, manager):
    rows = {row.id: row for row in sales_report(db, manager, "product", YEAR).rows}
    b = rows[books["b"].id]
    assert of(b) == figures("110", "390.00", "440.70", "275.00")
    assert b.margin == D("115.00")


def test_part_of_an_outbound_line_carries_its_share_of_the_cost(db, books, manager):
    may_line = books["may_outbound"].lines[0]
    assert may_line.cost_value == D("432.00")
    rows = sales_report(db, manager, "month", {"date_from": dt.date(2025, 5, 1), "date_to": dt.date(2025, 5, 31)})
    assert rows.rows[0].cost == D("144.00")


def test_every_report_adds_up_to_the_same_total_to_the_fen(db, books, manager):
    """Σ approved invoice lines − Σ approved credit note lines, summed here by hand from the
    documents, equals the total of every report."""
    invoiced = [line for doc in books["invoices"] for line in doc.lines]
    credited = [line for doc in (books["returned"], books["allowance"]) for line in doc.lines]
    net = sum((line.amount_net for line in invoiced), D(0)) - sum((line.amount_net for line in credited), D(0))
    gross = sum((line.amount_gross for line in invoiced), D(0)) - sum((line.amount_gross for line in credited), D(0))
    assert (net, gross) == (D("1350.00"), D("1525.50"))
    expected = Figures(D("206"), D("1350.00"), D("1525.50"), D("851.00"))
    for by in ("month", "customer", "customer-category", "product", "product-category", "salesperson",
               "warehouse"):
        total = sales_report(db, manager, by, YEAR).total
        assert total == expected, by
        assert total.margin == D("499.00") and total.margin_pct == D("36.96"), by


def test_sales_by_customer_salesperson_and_category(db, books, manager, people):
    by_customer = {row.name: of(row) for row in sales_report(db, manager, "customer", YEAR).rows}
    assert by_customer == {
        "张记餐厅": figures("24", "240.00", "271.20", "144.00"),
        "华联超市": figures("124", "590.00", "666.70", "394.00"),
        "李家小馆": figures("58", "520.00", "587.60", "313.00"),
    }
    rows = sales_report(db, manager, "customer", YEAR).rows
    assert [r.name for r in rows] == ["华联超市", "李家小馆", "张记餐厅"]  # largest net sales first
    by_person = {row.id: row.amount_net for row in sales_report(db, manager, "salesperson", YEAR).rows}
    assert by_person == {people["rep1"].id: D("240.00"), people["rep2"].id: D("590.00"), None: D("520.00")}
    by_category = {row.name: row.amount_net for row in sales_report(db, manager, "customer-category", YEAR).rows}
    assert by_category == {"餐饮": D("760.00"), "超市": D("590.00")}
    by_product_category = {row.code: of(row) for row in sales_report(db, manager, "product-category", YEAR).rows}
    assert by_product_category == {"01": figures("96", "960.00", "1084.80", "576.00"),
                                   "02": figures("110", "390.00", "440.70", "275.00")}


def test_filters_narrow_the_sales(db, books, manager, people):
    only = sales_report(db, manager, "product", {**YEAR, "salesperson_id": people["rep2"].id})
    assert {row.id: row.amount_net for row in only.rows} == {books["a"].id: D("240.00"), books["b"].id: D("350.00")}
    dining = sales_report(db, manager, "month", {**YEAR, "customer_category_id": books["dining"].id})
    assert dining.total.amount_net == D("760.00")
    drinks = sales_report(db, manager, "customer", {**YEAR, "product_category_id": books["drinks"].id})
    assert drinks.total.amount_net == D("960.00")
    one = sales_report(db, manager, "month", {**YEAR, "customer_id": books["li"].id})
    assert one.total.amount_net == D("520.00")
    march = sales_report(db, manager, "customer", {"date_from": dt.date(2025, 3, 1), "date_to": dt.date(2025, 3, 31)})
    assert march.total.amount_net == D("880.00")


def test_a_warehouse_filter_counts_the_warehouse_the_goods_left_from(db, books, manager, make_warehouse):
    wh = books["may_outbound"].warehouse
    assert sales_report(db, manager, "month", {**YEAR, "warehouse_id": wh.id}).total.amount_net == D("1350.00")
    other = make_warehouse()
    assert sales_report(db, manager, "month", {**YEAR, "warehouse_id": other.id}).rows[2].amount_net == D("0.00")


def test_categories_roll_up_to_a_level(db, books, manager, category, make_customer, chain):
    from erp.customers.models import CustomerCategory

    sub = category(CustomerCategory, "0101", "火锅店")
    hotpot = make_customer(name="火锅城", category=sub)
    chain.sell(hotpot, [(books["b"], 5, "4.00")], dt.date(2025, 6, 1))
    detailed = {row.code: row.amount_net for row in sales_report(db, manager, "customer-category", YEAR).rows}
    assert detailed == {"01": D("760.00"), "0101": D("20.00"), "02": D("590.00")}
    rolled = sales_report(db, manager, "customer-category", {**YEAR, "category_level": 1})
    assert {row.code: row.amount_net for row in rolled.rows} == {"01": D("780.00"), "02": D("590.00")}
    filtered = sales_report(db, manager, "customer", {**YEAR, "customer_category_id": books["dining"].id})
    assert filtered.total.amount_net == D("780.00")  # the category and everything below it


def test_reports_refuse_a_period_backwards_and_users_without_the_permission(db, books, manager, people):
    from erp.errors import Forbidden, ValidationFailed

    with pytest.raises(ValidationFailed):
        sales_report(db, manager, "month", {"date_from": dt.date(2025, 5, 1), "date_to": dt.date(2025, 4, 1)})
    with pytest.raises(Forbidden):
        sales_report(db, people["clerk"], "month", YEAR)


def test_a_user_limited_to_other_warehouses_sees_none_of_these_sales(db, books, make_user, make_warehouse):
    other = make_warehouse()
    limited = make_user("sales_manager", warehouse_ids=[other.id])
    assert sales_report(db, limited, "customer", YEAR).rows == []
    from erp.errors import Forbidden

    with pytest.raises(Forbidden):
        sales_report(db, limited, "month", {**YEAR, "warehouse_id": books["may_outbound"].warehouse_id})
