"""Monthly targets per salesperson and the achievement report, on the hand-made year of
``conftest.books`` plus one sale in March 2024 (for the year-on-year growth).

Net sales per salesperson, worked out by hand:
业务员甲 (张记): March 2024 240.00; March 2025 480.00; April −240.00 (the returned case credited)
业务员乙 (华联): March 400.00; April −50.00 (the allowance); May 240.00
no salesperson (李家): April 520.00
Targets: 甲 March 500.00, April 300.00; 乙 March 400.00, May 200.00.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from erp.errors import Forbidden, ValidationFailed
from finance.reports.achievement import target_achievement
from finance.reports.targets import set_sales_targets, target_grid


@pytest.fixture
def targets(db, books, people, chain):
    chain.sell(books["zhang"], [(books["a"], 1, "240.00")], dt.date(2024, 3, 15))
    rep1, rep2 = people["rep1"].id, people["rep2"].id
    set_sales_targets(db, people["manager"], 2025, [
        {"salesperson_id": rep1, "month": 3, "amount": D("500.00")},
        {"salesperson_id": rep1, "month": 4, "amount": D("300.00")},
        {"salesperson_id": rep2, "month": 3, "amount": D("400.00")},
        {"salesperson_id": rep2, "month": 5, "amount": D("200.00")},
    ])
    return rep1, rep2


def line_of(report, salesperson_id):
    return next(line for line in report.lines if line.salesperson_id == salesperson_id)


def test_achievement_is_net_sales_over_the_target_per_salesperson_and_month(db, targets, people):
    rep1, rep2 = targets
    report = target_achievement(db, people["manager"], year=2025)
    march = line_of(report, rep1).months[2]
    assert (march.target, march.actual, march.achievement_pct) == (D("500.00"), D("480.00"), D("96.00"))
    may = line_of(report, rep2).months[4]
    assert (may.target, may.actual, may.achievement_pct) == (D("200.00"), D("240.00"), D("120.00"))
    assert line_of(report, rep2).months[2].achievement_pct == D("100.00")
    assert line_of(report, rep2).months[3].target is None
    assert line_of(report, rep2).months[3].achievement_pct is None


def test_growth_against_the_previous_month_and_the_same_month_last_year(db, targets, people):
    rep1, rep2 = targets
    report = target_achievement(db, people["manager"], year=2025)
    march = line_of(report, rep1).months[2]
    assert (march.previous, march.growth_pct) == (D("0.00"), None)  # nothing sold in February
    assert (march.last_year, march.yoy_pct) == (D("240.00"), D("100.00"))
    april = line_of(report, rep2).months[3]
    assert (april.actual, april.previous, april.growth_pct) == (D("-50.00"), D("400.00"), D("-112.50"))
    may = line_of(report, rep2).months[4]
    assert (may.previous, may.growth_pct) == (D("-50.00"), None)  # growth over a negative month means nothing


def test_a_period_compares_with_the_period_before_and_the_same_months_last_year(db, targets, people):
    rep1, _ = targets
    report = target_achievement(db, people["manager"], year=2025, month_from=3, month_to=5)
    total = line_of(report, rep1).total
    assert (total.target, total.actual, total.achievement_pct) == (D("800.00"), D("240.00"), D("30.00"))
    assert (total.previous, total.growth_pct) == (D("0.00"), None)  # December–February
    assert (total.last_year, total.yoy_pct) == (D("240.00"), D("0.00"))


def test_sales_without_a_salesperson_have_their_own_line_so_the_report_adds_up(db, targets, people):
    report = target_achievement(db, people["manager"], year=2025)
    assert line_of(report, None).total.actual == D("520.00")
    assert report.total.actual == D("1350.00")
    march = report.month_totals[2]
    assert (march.target, march.actual, march.achievement_pct) == (D("900.00"), D("880.00"), D("97.78"))


def test_managers_change_and_remove_targets_and_cells_not_given_stay(db, targets, people):
    rep1, rep2 = targets
    set_sales_targets(db, people["manager"], 2025, [{"salesperson_id": rep1, "month": 3, "amount": D("550.00")},
                                                    {"salesperson_id": rep1, "month": 4, "amount": None}])
    grid = target_grid(db, people["manager"], 2025)
    assert grid.amount(rep1, 3) == D("550.00") and grid.amount(rep1, 4) is None
    assert grid.amount(rep2, 5) == D("200.00")
    assert grid.total_of(rep1) == D("550.00") and grid.month_total(3) == D("950.00")
    assert {p.id for p in grid.people} >= {rep1, rep2}


def test_target_changes_are_audited(db, targets, people):
    from sqlalchemy import select

    from erp.audit.models import AuditEntry

    rows = list(db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "sales_targets", AuditEntry.action == "create")))
    assert len(rows) == 4


def test_only_managers_set_targets_and_bad_cells_are_named(db, books, people):
    cell = {"salesperson_id": people["rep1"].id, "month": 1, "amount": D("1.00")}
    with pytest.raises(Forbidden):
        set_sales_targets(db, people["finance"], 2025, [cell])
    with pytest.raises(ValidationFailed) as exc:
        set_sales_targets(db, people["manager"], 2025, [cell, {**cell, "salesperson_id": 987654}, cell])
    assert set(exc.value.fields["targets"]) == {1, 2}
