"""Payables reports API: /api/v1/reports/payables-aging (+ the invoices behind it),
/reports/supplier-statement (JSON, XLSX, CSV, PDF) and
/reports/supplier-purchase-sales-inventory (供应商进销存)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint
from printing.company import company_from_settings
from printing.documents_finance import render_supplier_statement
from printing.responses import pdf_response, request_lang
from purchasing.payables import aging, exports, psi, statement
from purchasing.payables.schemas import (
    OpenSupplierInvoiceOut,
    OpenSupplierInvoicesQuery,
    PayablesAgingOut,
    PayablesAgingQuery,
    SupplierPsiQuery,
    SupplierPsiRowOut,
    SupplierStatementOut,
    SupplierStatementPdfQuery,
    SupplierStatementQuery,
)
from purchasing.permissions import REPORT_PAYABLES, REPORT_SUPPLIER_PSI

bp = Blueprint("payables_api", __name__, url_prefix="/api/v1")
TAGS = ["payables"]


@endpoint(bp, "/reports/payables-aging", permission=REPORT_PAYABLES, query=PayablesAgingQuery,
          response=PayablesAgingOut, tags=TAGS)
def payables_aging(session, actor, args):
    """应付账龄: open supplier invoices per supplier in buckets of days overdue (the setting
    ``finance.aging_buckets``), as of any date; unapplied payments beside; ``format=xlsx|csv``."""
    report = aging.payables_aging(session, actor, as_of=args.get("as_of"), supplier_id=args.get("supplier_id"),
                                  overdue_only=args["overdue_only"])
    return report if args["format"] == "json" else exports.download(exports.aging_table(report), args["format"])


@endpoint(bp, "/reports/payables-aging/invoices", permission=REPORT_PAYABLES, query=OpenSupplierInvoicesQuery,
          response=OpenSupplierInvoiceOut, many=True, tags=TAGS)
def payables_aging_invoices(session, actor, args):
    """The open supplier invoices behind the aging (one supplier, one bucket, overdue by N days)."""
    rows = aging.open_supplier_invoices(session, actor, as_of=args.get("as_of"), supplier_id=args.get("supplier_id"),
                                        bucket=args.get("bucket"), min_days_overdue=args.get("min_days_overdue"))
    return rows if args["format"] == "json" else exports.download(exports.open_invoices_table(rows), args["format"])


@endpoint(bp, "/reports/supplier-statement", permission=REPORT_PAYABLES, query=SupplierStatementQuery,
          response=SupplierStatementOut, tags=TAGS)
def supplier_statement(session, actor, args):
    """供应商往来明细 of a period: opening balance, invoices, return credits, payments and
    write-offs with the running balance, closing balance, allocations of the period."""
    result = statement.supplier_statement(session, actor, args["supplier_id"], args["date_from"], args["date_to"])
    return result if args["format"] == "json" else exports.download(exports.statement_table(result), args["format"])


@endpoint(bp, "/reports/supplier-statement/pdf", permission=REPORT_PAYABLES, query=SupplierStatementPdfQuery,
          content_type="application/pdf", tags=TAGS)
def supplier_statement_pdf(session, actor, args):
    """The statement as an A4 PDF (``lang=zh|en``), through printing's document frame."""
    result = statement.supplier_statement(session, actor, args["supplier_id"], args["date_from"], args["date_to"])
    pdf = render_supplier_statement(result, company_from_settings(session), request_lang(args.get("lang")))
    return pdf_response(pdf, f"supplier-statement-{result.supplier.code}-{result.date_from}-{result.date_to}.pdf")


@endpoint(bp, "/reports/supplier-purchase-sales-inventory", permission=REPORT_SUPPLIER_PSI, query=SupplierPsiQuery,
          response=SupplierPsiRowOut, many=True, tags=TAGS)
def supplier_purchase_sales_inventory(session, actor, args):
    """供应商进销存: per supplier and product, bought, returned, sold and in stock at the end of
    the period (sales and stock attributed by batch supplier, else preferred supplier)."""
    rows = psi.supplier_psi(session, actor, date_from=args["date_from"], date_to=args["date_to"],
                            supplier_id=args.get("supplier_id"), warehouse_id=args.get("warehouse_id"),
                            category_id=args.get("category_id"), q=args.get("q"))
    if args["format"] == "json":
        return rows
    return exports.download(psi.supplier_psi_table(rows, args["date_from"], args["date_to"]), args["format"])
