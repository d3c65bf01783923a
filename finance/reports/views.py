"""Pages: sales analysis (by month, customer, category, product, salesperson, warehouse),
sales against targets, the targets grid, and the managers' dashboard. Every report page
downloads the very table it shows as XLSX or CSV (``format=`` in the query)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext

from erp import clock
from erp.api.framework import load
from erp.customers.models import Customer
from erp.customers.services import CUSTOMER_CATEGORIES
from erp.errors import N_, ErpError
from erp.masterdata.categories import category_options
from erp.products.services import PRODUCT_CATEGORIES
from erp.web.nav import nav_item
from erp.web.pages import Form, as_id, done, form_data, page
from finance.reports import achievement as achievements
from finance.reports import dashboard as dashboards
from finance.reports import report_charts
from finance.reports import sales as sales_reports
from finance.reports import targets as sales_targets
from finance.reports.permissions import DASHBOARD_VIEW, SALES_REPORT_VIEW, SALES_TARGET_EDIT
from finance.reports.schemas import AchievementQuery, SalesReportQuery, TargetGridIn, TargetsQuery
from finance.reports.tables import FORMATS, export_table
from inventory.web import warehouse_options

bp = Blueprint("sales_reports", __name__, url_prefix="/reports", template_folder="templates",
               static_folder="static", static_url_path="/static")

nav_item("reports", N_("Managers' dashboard"), "sales_reports.dashboard", DASHBOARD_VIEW, 1)
nav_item("reports", N_("Sales analysis"), "sales_reports.sales", SALES_REPORT_VIEW, 2)
nav_item("reports", N_("Sales against targets"), "sales_reports.achievement", SALES_REPORT_VIEW, 3)
nav_item("reports", N_("Sales targets"), "sales_reports.targets", SALES_REPORT_VIEW, 4)


def _values(defaults: dict) -> dict:
    return {**defaults, **{k: v for k, v in request.args.items() if v != ""}}


def _args(schema, values: dict) -> dict:
    """The query checked like the API's (other parameters, such as a language switch, ignored)."""
    known = schema().fields
    return load(schema, {k: v for k, v in values.items() if k in known})


def _year(value: str | None) -> int:
    try:
        return load(TargetsQuery, {"year": value} if value else {})["year"]
    except ErpError:
        return clock.today().year


def _salespeople(session) -> list[tuple[int, str]]:
    return [(u.id, u.display_name) for u in sales_targets.salespeople(session)]


def _choices(session, actor, values: dict) -> dict:
    """Options of the sales report filters, and the customer chosen (to show its name)."""
    customer_id = as_id(values.get("customer_id"))
    customer = session.get(Customer, customer_id) if customer_id else None
    return {"reports": sales_reports.TITLES, "salespeople": _salespeople(session), "customer": customer,
            "warehouses": warehouse_options(session, actor),
            "customer_categories": category_options(session, CUSTOMER_CATEGORIES),
            "product_categories": category_options(session, PRODUCT_CATEGORIES)}


@page(bp, "/sales", permission=SALES_REPORT_VIEW)
def sales(session, actor):
    today = clock.today()
    values = _values({"by": "month", "date_from": today.replace(month=1, day=1).isoformat(),
                      "date_to": today.isoformat()})
    try:
        args = _args(SalesReportQuery, values)
        report = sales_reports.sales_report(session, actor, args["by"], args)
    except ErpError as exc:
        return render_template("sales_reports/sales.html", form=Form.from_error(values, exc), report=None,
                               **_choices(session, actor, values)), 422
    table = sales_reports.sales_table(report)
    if args["format"] in FORMATS:
        return export_table(table, args["format"])
    return render_template("sales_reports/sales.html", form=Form(values=values), report=report, table=table,
                           chart=report_charts.sales_chart(report), **_choices(session, actor, values))


@page(bp, "/sales-targets", permission=SALES_REPORT_VIEW)
def achievement(session, actor):
    values = _values({"year": str(clock.today().year), "month_from": "1", "month_to": "12"})
    try:
        args = _args(AchievementQuery, values)
        report = achievements.target_achievement(session, actor, year=args["year"], month_from=args["month_from"],
                                                 month_to=args["month_to"], salesperson_id=args.get("salesperson_id"))
    except ErpError as exc:
        return render_template("sales_reports/achievement.html", form=Form.from_error(values, exc), report=None,
                               salespeople=_salespeople(session)), 422
    table = achievements.achievement_table(report, gettext)
    if args["format"] in FORMATS:
        return export_table(table, args["format"])
    return render_template("sales_reports/achievement.html", form=Form(values=values), report=report, table=table,
                           chart=report_charts.achievement_chart(report), salespeople=_salespeople(session))


@page(bp, "/targets", permission=SALES_REPORT_VIEW)
def targets(session, actor):
    grid = sales_targets.target_grid(session, actor, _year(request.args.get("year")))
    return render_template("sales_reports/targets.html", grid=grid, form=Form(), months=sales_targets.MONTHS,
                           editable=actor.can(SALES_TARGET_EDIT))


@page(bp, "/targets", permission=SALES_TARGET_EDIT, methods=("POST",))
def save_targets(session, actor):
    year = _year(request.form.get("year"))
    try:
        data = load(TargetGridIn, form_data(TargetGridIn))
        sales_targets.set_sales_targets(session, actor, data["year"], data["targets"])
    except ErpError as exc:
        grid = sales_targets.target_grid(session, actor, year)
        return render_template("sales_reports/targets.html", grid=grid, months=sales_targets.MONTHS, editable=True,
                               form=Form.from_error(request.form.to_dict(), exc)), 422
    return done(N_("The sales targets are saved."), "sales_reports.targets", year=year)


@page(bp, "/dashboard", permission=DASHBOARD_VIEW)
def dashboard(session, actor):
    board = dashboards.manager_dashboard(session, actor)
    period = f"{board.date_from.isoformat()} ~ {board.as_of.isoformat()}"
    charts = {
        "trend": report_charts.trend_chart(board.trend, gettext("Sales trend") + " " + period),
        "customers": report_charts.top_chart(board.top_customers, gettext("Top customers")),
        "products": report_charts.top_chart(board.top_products, gettext("Top products")),
        "aging": report_charts.aging_chart(board.aging) if board.aging is not None else None,
        "stock": report_charts.stock_chart(board.stock),
    }
    aging = (list(zip([b.title(gettext) for b in board.aging.buckets], board.aging.totals, strict=True))
             if board.aging is not None else [])
    return render_template("sales_reports/dashboard.html", board=board, charts=charts, period=period, aging=aging)
