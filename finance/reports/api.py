"""Sales reports, targets and dashboard API: ``/reports/sales`` (``by`` month, customer,
category, product, salesperson, warehouse), ``/reports/sales-targets`` (achievement and
growth), ``/reports/dashboard``, and ``/sales-targets/<year>`` to read and set targets.
Reports answer JSON, or a download with ``format=csv|xlsx``."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext

from erp.api.framework import endpoint
from finance.reports import achievement, dashboard, sales, targets
from finance.reports.permissions import DASHBOARD_VIEW, SALES_REPORT_VIEW, SALES_TARGET_EDIT
from finance.reports.schemas import (
    AchievementQuery,
    AchievementReportOut,
    DashboardOut,
    DashboardQuery,
    SalesReportOut,
    SalesReportQuery,
    TargetOut,
    TargetsIn,
    TargetsQuery,
)
from finance.reports.tables import export_table

bp = Blueprint("sales_reports_api", __name__, url_prefix="/api/v1")
TAGS = ["sales reports"]


@endpoint(bp, "/reports/sales", permission=SALES_REPORT_VIEW, query=SalesReportQuery, response=SalesReportOut,
          tags=TAGS)
def sales_report(session, actor, args):
    """Sales (approved invoices − approved credit notes) of a period grouped ``by`` month,
    customer, customer-category, product, product-category, salesperson or warehouse, with
    quantity, net and gross amount, cost, gross margin and margin %."""
    report = sales.sales_report(session, actor, args["by"], args)
    return report if args["format"] == "json" else export_table(sales.sales_table(report), args["format"])


@endpoint(bp, "/reports/sales-targets", permission=SALES_REPORT_VIEW, query=AchievementQuery,
          response=AchievementReportOut, tags=TAGS)
def sales_target_report(session, actor, args):
    """Targets against net sales per salesperson and month, with achievement %, growth
    against the previous period and against the same month last year."""
    report = achievement.target_achievement(session, actor, year=args["year"], month_from=args["month_from"],
                                            month_to=args["month_to"], salesperson_id=args.get("salesperson_id"))
    if args["format"] == "json":
        return report
    return export_table(achievement.achievement_table(report, gettext), args["format"])


@endpoint(bp, "/sales-targets", permission=SALES_REPORT_VIEW, query=TargetsQuery, response=TargetOut, many=True,
          tags=TAGS)
def list_sales_targets(session, actor, args):
    """The monthly targets of a year (this year by default)."""
    return targets.list_sales_targets(session, actor, args["year"])


@endpoint(bp, "/sales-targets/<int:year>", "PUT", permission=SALES_TARGET_EDIT, body=TargetsIn,
          response=TargetOut, many=True, tags=TAGS)
def set_sales_targets(session, actor, year, data):
    """Set targets of ``year``: ``{"targets": [{salesperson_id, month, amount}]}``; a null
    amount removes the target, cells not given stay. Answers every target of the year."""
    return targets.set_sales_targets(session, actor, year, data["targets"])


@endpoint(bp, "/reports/dashboard", permission=DASHBOARD_VIEW, query=DashboardQuery, response=DashboardOut,
          tags=TAGS)
def manager_dashboard(session, actor, args):
    """The managers' dashboard as data: 12-month trend, top customers and products,
    receivables aging summary, stock value per warehouse."""
    return dashboard.manager_dashboard(session, actor, as_of=args.get("as_of"), top=args["top"])
