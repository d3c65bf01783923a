"""Inventory reports: /api/v1/reports/… as JSON, or ``format=csv|xlsx`` downloads.
Quantities for ``stock.report``; amounts (``value``, ``unit_cost``) are null unless the
user also holds ``stock.cost``. The ledger of one product needs ``stock.cost``, like
``/stock-moves``."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext

from erp.api.framework import endpoint
from inventory.permissions import STOCK_COST, STOCK_REPORT
from inventory.reports import balances, expiry, ledger, psi, reorder
from inventory.reports.export import export_table
from inventory.reports.schemas import (
    BalanceReportOut,
    BalanceReportQuery,
    ExpiryReportOut,
    ExpiryReportQuery,
    LedgerReportOut,
    LedgerReportQuery,
    ProductScopeQuery,
    PsiReportOut,
    PsiReportQuery,
    ReorderReportOut,
)

bp = Blueprint("inventory_reports_api", __name__, url_prefix="/api/v1")
TAGS = ["reports"]
DOWNLOAD = "application/octet-stream"


def _scope(args) -> dict:
    return {"warehouse_id": args.get("warehouse_id"), "category_id": args.get("category_id"), "q": args.get("q")}


def hide_costs(actor, rows, *names) -> None:
    """Null the amounts for a user without ``stock.cost``."""
    if actor.can(STOCK_COST):
        return
    for row in rows:
        for name in names:
            setattr(row, name, None)


@endpoint(bp, "/reports/stock-balance", permission=STOCK_REPORT, query=BalanceReportQuery,
          response=BalanceReportOut, tags=TAGS, content_type=DOWNLOAD)
def stock_balance_report(session, actor, args):
    """Stock balance by ``batch``, ``product`` or ``warehouse`` (库存余额表)."""
    rows = balances.stock_balance(session, actor, by=args["by"], **_scope(args))
    if args["format"] != "json":
        return export_table(balances.balance_table(rows, args["by"]).for_actor(actor), args["format"])
    total = sum((r.value for r in rows), balances.ZERO_MONEY) if actor.can(STOCK_COST) else None
    hide_costs(actor, rows, "value", "unit_cost")
    return {"by": args["by"], "rows": rows, "total_value": total}


@endpoint(bp, "/reports/stock-ledger", permission=STOCK_COST, query=LedgerReportQuery, response=LedgerReportOut,
          tags=TAGS, content_type=DOWNLOAD)
def stock_ledger_report(session, actor, args):
    """The moves of one product with the running balance (存货明细账); downloads hold every page."""
    download = args["format"] != "json"
    result = ledger.product_ledger(session, actor, args["product_id"], warehouse_id=args.get("warehouse_id"),
                                   date_from=args.get("date_from"), date_to=args.get("date_to"),
                                   page=args["page"], per_page=None if download else args["per_page"])
    if download:
        return export_table(ledger.ledger_table(result), args["format"])
    result.page, result.per_page = args["page"], args["per_page"]
    return result


@endpoint(bp, "/reports/purchase-sales-inventory", permission=STOCK_REPORT, query=PsiReportQuery,
          response=PsiReportOut, tags=TAGS, content_type=DOWNLOAD)
def purchase_sales_inventory_report(session, actor, args):
    """进销存: opening, in (of which purchases), out (of which sales) and closing per product."""
    rows = psi.purchase_sales_inventory(session, actor, date_from=args["date_from"], date_to=args["date_to"],
                                        by_warehouse=args["by_warehouse"], **_scope(args))
    if args["format"] != "json":
        table = psi.psi_table(rows, args["by_warehouse"], args["date_from"], args["date_to"])
        return export_table(table.for_actor(actor), args["format"])
    totals = psi.psi_totals(rows) if actor.can(STOCK_COST) else {}
    if not actor.can(STOCK_COST):
        for row in rows:
            row.value = dict.fromkeys(row.value)
    return {"date_from": args["date_from"], "date_to": args["date_to"], "rows": rows, "totals": totals}


@endpoint(bp, "/reports/expiring-batches", permission=STOCK_REPORT, query=ExpiryReportQuery,
          response=ExpiryReportOut, tags=TAGS, content_type=DOWNLOAD)
def expiring_batches_report(session, actor, args):
    """Batches with stock expiring within ``within_days`` (30), and those expired (近效期/过期)."""
    rows = expiry.expiring_batches(session, actor, within_days=args["within_days"],
                                   include_expired=args["include_expired"], **_scope(args))
    if args["format"] != "json":
        return export_table(expiry.expiry_table(rows, gettext).for_actor(actor), args["format"])
    total = sum((r.value for r in rows), balances.ZERO_MONEY) if actor.can(STOCK_COST) else None
    hide_costs(actor, rows, "value", "unit_cost")
    return {"within_days": args["within_days"], "rows": rows, "total_value": total}


@endpoint(bp, "/reports/reorder", permission=STOCK_REPORT, query=ProductScopeQuery, response=ReorderReportOut,
          tags=TAGS, content_type=DOWNLOAD)
def reorder_report(session, actor, args):
    """Products whose available stock is at or below their reorder point, with a suggested order."""
    rows = reorder.below_reorder_point(session, actor, **_scope(args))
    if args["format"] != "json":
        return export_table(reorder.reorder_table(rows), args["format"])
    return {"rows": rows}
