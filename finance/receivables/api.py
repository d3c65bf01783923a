"""Receivables reports API: aging (/reports/receivables-aging), the invoices behind it,
the overdue list, and customer statements (JSON, XLSX, CSV, PDF)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint
from finance.permissions import REPORT_RECEIVABLES
from finance.receivables import aging, exports, statement
from finance.receivables.schemas import (
    AgingOut,
    AgingQuery,
    OpenInvoiceOut,
    OpenInvoicesQuery,
    OverdueQuery,
    StatementOut,
    StatementPdfQuery,
    StatementQuery,
)
from printing.company import company_from_settings
from printing.documents_finance import render_statement
from printing.responses import pdf_response, request_lang

bp = Blueprint("receivables_api", __name__, url_prefix="/api/v1")
TAGS = ["receivables"]
#: A salesperson (report.receivables) sees their own customers; finance and managers
#: (report.receivables_all) everyone's — decided in the services.
READ = REPORT_RECEIVABLES


@endpoint(bp, "/reports/receivables-aging", permission=READ, query=AgingQuery, response=AgingOut, tags=TAGS)
def receivables_aging(session, actor, args):
    """Open receivables per customer in buckets of days overdue, as of any date (today by
    default); ``format=xlsx|csv`` downloads it."""
    report = aging.receivables_aging(session, actor, as_of=args.get("as_of"), salesperson_id=args.get("salesperson_id"),
                                     customer_id=args.get("customer_id"), overdue_only=args["overdue_only"])
    return report if args["format"] == "json" else exports.aging_file(report, args["format"])


@endpoint(bp, "/reports/receivables-aging/invoices", permission=READ, query=OpenInvoicesQuery,
          response=OpenInvoiceOut, many=True, tags=TAGS)
def aging_invoices(session, actor, args):
    """The open invoices behind the aging (one customer, one bucket …), oldest due first."""
    rows = aging.open_invoices(session, actor, as_of=args.get("as_of"), customer_id=args.get("customer_id"),
                               salesperson_id=args.get("salesperson_id"), bucket=args.get("bucket"))
    return rows if args["format"] == "json" else exports.open_invoices_file(rows, "open-invoices", args["format"])


@endpoint(bp, "/reports/overdue-receivables", permission=READ, query=OverdueQuery, response=OpenInvoiceOut,
          many=True, tags=TAGS)
def overdue_receivables(session, actor, args):
    """催收清单: invoices overdue by at least ``min_days`` days, most overdue first."""
    rows = aging.overdue_list(session, actor, as_of=args.get("as_of"), salesperson_id=args.get("salesperson_id"),
                              min_days=args["min_days"])
    return rows if args["format"] == "json" else exports.open_invoices_file(rows, "overdue", args["format"])


@endpoint(bp, "/customers/<int:customer_id>/statement", permission=READ, query=StatementQuery,
          response=StatementOut, tags=TAGS)
def customer_statement(session, actor, customer_id, args):
    """对账单 of a period: opening balance, invoices, credit notes, receipts, write-offs with the
    running balance, closing balance, and the allocations of the period."""
    result = statement.customer_statement(session, actor, customer_id, args["date_from"], args["date_to"])
    return result if args["format"] == "json" else exports.statement_file(result, args["format"])


@endpoint(bp, "/customers/<int:customer_id>/statement/pdf", permission=READ, query=StatementPdfQuery,
          content_type="application/pdf", tags=TAGS)
def customer_statement_pdf(session, actor, customer_id, args):
    """The statement as an A4 PDF (``lang=zh|en``), through printing's document frame."""
    result = statement.customer_statement(session, actor, customer_id, args["date_from"], args["date_to"])
    pdf = render_statement(result, company_from_settings(session), request_lang(args.get("lang")))
    return pdf_response(pdf, f"statement-{result.customer.code}-{result.date_from}-{result.date_to}.pdf")
