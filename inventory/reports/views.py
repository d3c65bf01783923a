"""Report pages (库存报表): each shows its filters and its table, and downloads the same
table as XLSX or CSV (``format=`` in the query)."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext

from erp import clock
from erp.api.framework import load
from erp.errors import N_, ErpError
from erp.products.models import Product
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, arg_id, page
from inventory.permissions import STOCK_COST, STOCK_REPORT
from inventory.reports import balances, expiry, ledger, psi, reorder
from inventory.reports.export import ReportTable, export_table
from inventory.reports.schemas import (
    BalanceReportQuery,
    ExpiryReportQuery,
    LedgerReportQuery,
    ProductScopeQuery,
    PsiReportQuery,
)
from inventory.web import bp, categories, warehouse_options

nav_item("reports", N_("Stock balance"), "inventory.report_stock_balance", STOCK_REPORT, 10)
nav_item("reports", N_("Purchase-sales-inventory"), "inventory.report_psi", STOCK_REPORT, 20)
nav_item("reports", N_("Stock ledger"), "inventory.report_stock_ledger", STOCK_COST, 30)
nav_item("reports", N_("Near-expiry batches"), "inventory.report_expiry", STOCK_REPORT, 40)
nav_item("reports", N_("Below reorder point"), "inventory.report_reorder", STOCK_REPORT, 50)

BY_LABELS = {"batch": N_("By batch"), "product": N_("By product"), "warehouse": N_("By warehouse")}


def _show(session, actor, template_filters: tuple, title: str, build, *, defaults: dict | None = None, **context):
    """Run ``build(args) -> ReportTable`` on the page's query; download it with ``format``."""
    values = {**(defaults or {}), **{k: v for k, v in request.args.items() if v != ""}}
    form, table, status = Form(values=values), None, 200
    try:
        table = build(values)
    except ErpError as exc:
        form, status = Form.from_error(values, exc), 422
    if table is not None and values.get("format") in ("csv", "xlsx"):
        return export_table(table.for_actor(actor), values["format"])
    return render_template("inventory/reports/report.html", title=title, filters=template_filters, form=form,
                           table=table.for_actor(actor) if table is not None else None,
                           warehouses=warehouse_options(session, actor), categories=categories(session),
                           by_labels=BY_LABELS, **context), status


def _args(schema, values: dict) -> dict:
    """The query checked like the API's (other parameters, such as a language switch, ignored)."""
    known = schema().fields
    return load(schema, {k: v for k, v in values.items() if k in known})


def _scope(args: dict) -> dict:
    return {"warehouse_id": args.get("warehouse_id"), "category_id": args.get("category_id"), "q": args.get("q")}


@page(bp, "/reports/stock-balance", permission=STOCK_REPORT)
def report_stock_balance(session, actor):
    def build(values) -> ReportTable:
        args = _args(BalanceReportQuery, values)
        rows = balances.stock_balance(session, actor, by=args["by"], **_scope(args))
        return balances.balance_table(rows, args["by"])

    return _show(session, actor, ("by", "warehouse", "category", "q"), N_("Stock balance"), build,
                 defaults={"by": "product"})


@page(bp, "/reports/purchase-sales-inventory", permission=STOCK_REPORT)
def report_psi(session, actor):
    today = clock.today()

    def build(values) -> ReportTable:
        args = _args(PsiReportQuery, values)
        rows = psi.purchase_sales_inventory(session, actor, date_from=args["date_from"], date_to=args["date_to"],
                                            by_warehouse=args["by_warehouse"], **_scope(args))
        return psi.psi_table(rows, args["by_warehouse"], args["date_from"], args["date_to"])

    return _show(session, actor, ("period", "warehouse", "by_warehouse", "category", "q"),
                 N_("Purchase-sales-inventory"), build,
                 defaults={"date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat()})


@page(bp, "/reports/stock-ledger", permission=STOCK_COST)
def report_stock_ledger(session, actor):
    context = {"ledger": None, "pager": None}

    def build(values) -> ReportTable | None:
        if not values.get("product_id"):
            return None
        args = _args(LedgerReportQuery, values)
        download = args["format"] != "json"
        result = ledger.product_ledger(session, actor, args["product_id"], warehouse_id=args.get("warehouse_id"),
                                       date_from=args.get("date_from"), date_to=args.get("date_to"),
                                       page=args["page"], per_page=None if download else args["per_page"])
        context["ledger"] = result
        context["pager"] = Pager(args["page"], args["per_page"], result.total)
        return ledger.ledger_table(result)

    product_id = arg_id("product_id")
    return _show(session, actor, ("product", "warehouse", "period"), N_("Stock ledger"), build,
                 product=session.get(Product, product_id) if product_id else None, context=context)


@page(bp, "/reports/expiring-batches", permission=STOCK_REPORT)
def report_expiry(session, actor):
    def build(values) -> ReportTable:
        args = _args(ExpiryReportQuery, values)
        rows = expiry.expiring_batches(session, actor, within_days=args["within_days"],
                                       include_expired=args["include_expired"], **_scope(args))
        return expiry.expiry_table(rows, gettext)

    return _show(session, actor, ("within_days", "include_expired", "warehouse", "category", "q"),
                 N_("Near-expiry and expired batches"), build, defaults={"within_days": "30", "include_expired": "true"})


@page(bp, "/reports/reorder", permission=STOCK_REPORT)
def report_reorder(session, actor):
    def build(values) -> ReportTable:
        args = _args(ProductScopeQuery, values)
        return reorder.reorder_table(reorder.below_reorder_point(session, actor, **_scope(args)))

    return _show(session, actor, ("warehouse", "category", "q"), N_("Below reorder point"), build)
