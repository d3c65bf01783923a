"""Sales against targets (销售目标达成) per salesperson and month, with growth.

For each salesperson and month: the target, the actual net sales (a sale as
:mod:`finance.reports.facts` defines it, attributed to the customer's salesperson), the
achievement (actual / target), the growth against the previous period (环比: the month
before) and against the same month last year (同比). A salesperson's line over several
months compares with the period of the same length just before and with the same
months a year earlier. Sales of customers without a salesperson form their own line, so
that the report adds up to the company's sales.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import require, visible_warehouse_ids
from erp.errors import N_, ValidationFailed
from finance.reports.facts import SalesScope, growth, month_key, percent, sales_figures, shift_month
from finance.reports.permissions import SALES_REPORT_VIEW
from finance.reports.sales import NONE_LABELS
from finance.reports.tables import Column, Table
from finance.reports.targets import targets_of_year

ZERO = Decimal("0.00")


@dataclass
class Achievement:
    """Target and actual net sales of one salesperson (or everyone) in one month or period."""

    target: Decimal | None
    actual: Decimal
    #: Net sales of the previous period (the month before, or the period just before).
    previous: Decimal
    #: Net sales of the same month(s) a year earlier.
    last_year: Decimal
    #: The month (None: a period of several months).
    month: int | None = None

    @property
    def achievement_pct(self) -> Decimal | None:
        return percent(self.actual, self.target)

    @property
    def growth_pct(self) -> Decimal | None:
        return growth(self.actual, self.previous)

    @property
    def yoy_pct(self) -> Decimal | None:
        return growth(self.actual, self.last_year)


def _sum(items: list[Achievement], month: int | None = None) -> Achievement:
    targets = [a.target for a in items if a.target is not None]
    return Achievement(target=sum(targets, ZERO) if targets else None,
                       actual=sum((a.actual for a in items), ZERO),
                       previous=sum((a.previous for a in items), ZERO),
                       last_year=sum((a.last_year for a in items), ZERO), month=month)


@dataclass
class SalespersonLine:
    salesperson_id: int | None
    name: str
    #: The name is a message id to translate (no salesperson).
    name_is_label: bool
    months: list[Achievement]
    total: Achievement


@dataclass
class AchievementReport:
    year: int
    months: list[int]
    lines: list[SalespersonLine] = field(default_factory=list)

    @property
    def month_totals(self) -> list[Achievement]:
        return [_sum([line.months[i] for line in self.lines], month) for i, month in enumerate(self.months)]

    @property
    def total(self) -> Achievement:
        return _sum([line.total for line in self.lines])


def check_months(month_from: int, month_to: int) -> None:
    if month_from > month_to:
        raise ValidationFailed(N_("The period ends before it starts."),
                               fields={"month_to": [N_("On or after the first month.")]})


def target_achievement(session: Session, actor: User, *, year: int | None = None, month_from: int = 1,
                       month_to: int = 12, salesperson_id: int | None = None) -> AchievementReport:
    """Targets against net sales per salesperson for the months ``month_from``–``month_to``
    of ``year`` (this year by default). Raises ``Forbidden`` (no ``sales_report.view``),
    ``ValidationFailed`` (months in the wrong order)."""
    require(actor, SALES_REPORT_VIEW)
    year = year or clock.today().year
    check_months(month_from, month_to)
    months = list(range(month_from, month_to + 1))
    span = len(months)
    first = shift_month(year, month_from, -max(span, 12))
    scope = SalesScope(date_from=dt.date(first[0], first[1], 1), date_to=dt.date(year, 12, 31),
                       salesperson_id=salesperson_id, warehouse_ids=visible_warehouse_ids(actor))
    actual = {key: f.amount_net for key, f in sales_figures(session, scope, ("salesperson", "month")).items()}
    targets = {(t.salesperson_id, t.month): t.amount for t in targets_of_year(session, year, salesperson_id)}

    def net(sid, y, m) -> Decimal:
        return actual.get((sid, month_key(y, m)), ZERO)

    def cell(sid, m) -> Achievement:
        return Achievement(targets.get((sid, m)), net(sid, year, m), net(sid, *shift_month(year, m, -1)),
                           net(sid, year - 1, m), month=m)

    def period(sid) -> Achievement:
        targets_given = [targets[(sid, m)] for m in months if (sid, m) in targets]
        return Achievement(sum(targets_given, ZERO) if targets_given else None,
                           sum((net(sid, year, m) for m in months), ZERO),
                           sum((net(sid, *shift_month(year, m, -span)) for m in months), ZERO),
                           sum((net(sid, year - 1, m) for m in months), ZERO))

    ids = {sid for sid, _ in targets} | {sid for sid, _ in actual}
    if salesperson_id is not None:
        ids = {salesperson_id}
    people = {u.id: u for u in session.scalars(select(User).where(User.id.in_([i for i in ids if i is not None])))}
    ids = {i for i in ids if i is None or i in people}
    report = AchievementReport(year, months)
    for sid in sorted(ids, key=lambda i: (i is None, people[i].display_name if i is not None else "", i or 0)):
        name = people[sid].display_name if sid is not None else NONE_LABELS["salesperson"]
        report.lines.append(SalespersonLine(sid, name, sid is None, [cell(sid, m) for m in months], period(sid)))
    return report


# --- as a table -------------------------------------------------------------------------------

COLUMNS = [
    Column("salesperson", N_("Salesperson")),
    Column("month", N_("Month")),
    Column("target", N_("Target"), "money"),
    Column("actual", N_("Net sales"), "money"),
    Column("achievement_pct", N_("Achievement %"), "percent"),
    Column("previous", N_("Previous period"), "money"),
    Column("growth_pct", N_("Growth %"), "percent"),
    Column("last_year", N_("Same period last year"), "money"),
    Column("yoy_pct", N_("Year-on-year %"), "percent"),
]


def _cells(name: str, month: str, a: Achievement, *, subtotal: bool = False) -> dict:
    return {"salesperson": name, "month": month, "target": a.target, "actual": a.actual,
            "achievement_pct": a.achievement_pct, "previous": a.previous, "growth_pct": a.growth_pct,
            "last_year": a.last_year, "yoy_pct": a.yoy_pct, "subtotal": subtotal}


def achievement_table(report: AchievementReport, translate=lambda text: text) -> Table:
    """Per salesperson its months and its period total, then every salesperson together."""
    period = translate(N_("Total"))
    rows = []
    for line in report.lines:
        name = translate(line.name) if line.name_is_label else line.name
        rows += [_cells(name, f"{report.year}-{m:02d}", a) for m, a in zip(report.months, line.months, strict=True)]
        rows.append(_cells(name, period, line.total, subtotal=True))
    everyone = translate(N_("All salespeople"))
    rows += [_cells(everyone, f"{report.year}-{m:02d}", a, subtotal=True)
             for m, a in zip(report.months, report.month_totals, strict=True)]
    rows.append(_cells(everyone, period, report.total, subtotal=True))
    return Table(name=f"sales-targets-{report.year}", title=N_("Sales against targets"), columns=COLUMNS, rows=rows)
