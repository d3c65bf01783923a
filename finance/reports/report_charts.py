"""The charts of the report pages and the dashboard: reports in, SVG out, labels in the
user's language (call inside a request)."""
from __future__ import annotations

from flask_babel import gettext
from markupsafe import Markup

from finance.receivables.aging import AgingReport
from finance.reports.achievement import AchievementReport
from finance.reports.charts import bar_chart, column_chart
from finance.reports.sales import TITLES, SalesReport, SalesRow

TOP = 10


def month_label(row: SalesRow) -> str:
    return gettext("Month %(month)s", month=int(row.period[5:7]))


def trend_chart(rows: list[SalesRow], title: str) -> Markup:
    """Net sales per month as bars, gross margin as a line."""
    return column_chart([month_label(r) for r in rows], [r.amount_net for r in rows], title=title,
                        unit_label=gettext("yuan"), big_unit_label=gettext("10,000 yuan"),
                        series_label=gettext("Net sales"), line=[r.margin for r in rows],
                        line_label=gettext("Gross margin"))


def top_chart(rows: list[SalesRow], title: str, n: int = TOP) -> Markup:
    """The first ``n`` rows (largest net sales) as horizontal bars."""
    ranked = sorted(rows, key=lambda r: -r.amount_net)[:n]
    return bar_chart([(r.label or r.code, r.amount_net) for r in ranked], title=title,
                     empty_label=gettext("No sales in this period."))


def sales_chart(report: SalesReport) -> Markup:
    title = " ".join((gettext(TITLES[report.by]), report.date_from.isoformat(), "~", report.date_to.isoformat()))
    if report.by == "month":
        return trend_chart(report.rows, title)
    top = gettext("Top %(n)s by net sales", n=TOP)
    return top_chart(report.rows, f"{title} · {top}")


def aging_chart(aging: AgingReport) -> Markup:
    return bar_chart([(b.title(gettext), amount) for b, amount in zip(aging.buckets, aging.totals, strict=True)],
                     title=gettext("Receivables aging"), empty_label=gettext("Nothing is owed."))


def stock_chart(stock) -> Markup:
    return bar_chart([(s.name, s.value) for s in stock], title=gettext("Stock value by warehouse"),
                     empty_label=gettext("No stock."))


def achievement_chart(report: AchievementReport) -> Markup:
    """Net sales of the period per salesperson, each labelled with its achievement."""
    items = []
    for line in report.lines:
        name = gettext(line.name) if line.name_is_label else line.name
        pct = line.total.achievement_pct
        items.append((f"{name} {pct}%" if pct is not None else name, line.total.actual))
    return bar_chart(items, title=gettext("Net sales against targets"),
                     empty_label=gettext("No sales in this period."))
