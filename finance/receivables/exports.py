"""The receivables reports as files: XLSX (numbers stay numbers) and CSV (UTF-8 with BOM,
so that Excel on a Chinese Windows opens it right), through erp's table writers."""
from __future__ import annotations

from flask import Response
from flask_babel import gettext

from erp.imports.files import CONTENT_TYPES, FileFormat, write_csv, write_xlsx
from finance.receivables.aging import AgingReport, OpenInvoice
from finance.receivables.statement import Statement


def file_response(content: bytes, filename: str, fmt: FileFormat) -> Response:
    response = Response(content, mimetype=CONTENT_TYPES[fmt].split(";")[0])
    response.headers["Content-Type"] = CONTENT_TYPES[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt.value}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def table_response(headers: list[str], rows: list[list], title: str, filename: str, fmt: str) -> Response:
    kind = FileFormat(fmt)
    content = write_csv(headers, rows) if kind == FileFormat.CSV else write_xlsx(headers, rows, title)
    return file_response(content, filename, kind)


def aging_file(report: AgingReport, fmt: str) -> Response:
    headers = [gettext("Customer code"), gettext("Customer"), gettext("Salesperson")]
    headers += [b.title(gettext) for b in report.buckets]
    headers += [gettext("Open invoices"), gettext("Unapplied receipts"), gettext("Balance")]
    rows = [[r.code, r.name, r.salesperson or "", *r.amounts, r.total, r.unapplied, r.balance] for r in report.rows]
    rows.append(["", gettext("Total"), "", *report.totals, report.total, report.unapplied,
                 report.total - report.unapplied])
    return table_response(headers, rows, gettext("Receivables aging"), f"receivables-aging-{report.as_of}", fmt)


def open_invoices_file(rows: list[OpenInvoice], name: str, fmt: str) -> Response:
    headers = [gettext("Invoice"), gettext("Customer"), gettext("Phone"), gettext("Salesperson"), gettext("Date"),
               gettext("Due date"), gettext("Days overdue"), gettext("Open amount")]
    data = [[r.number, r.customer, r.phone or "", r.salesperson or "", r.doc_date, r.due_date, r.days_overdue,
             r.open_amount] for r in rows]
    return table_response(headers, data, gettext("Open invoices"), name, fmt)


def statement_file(statement: Statement, fmt: str) -> Response:
    """A statement as a sheet: a header block (customer, period, opening), the lines with
    the running balance, the closing balance, then the allocations of the period."""
    c = statement.customer
    headers = [gettext("Date"), gettext("Description"), gettext("Document"), gettext("Debit"), gettext("Credit"),
               gettext("Balance")]
    rows: list[list] = [
        [gettext("Customer"), f"{c.code} {c.name}", "", "", "", ""],
        [gettext("Period"), f"{statement.date_from} ~ {statement.date_to}", "", "", "", ""],
        [statement.date_from, gettext("Opening balance"), "", "", "", statement.opening],
    ]
    rows += [[line.entry_date, gettext(line.label), line.number or "", line.debit or None, line.credit or None,
              line.balance] for line in statement.lines]
    rows.append([statement.date_to, gettext("Closing balance"), "", statement.total_debit, statement.total_credit,
                 statement.closing])
    if statement.allocations:
        rows.append(["", "", "", "", "", ""])
        rows.append([gettext("Allocations in the period"), gettext("Receipt"), gettext("Invoice"),
                     gettext("Amount"), gettext("Reversed"), ""])
        rows += [[a.alloc_date, a.payment or "", a.invoice or "", a.amount,
                  a.reversal_date if a.reversed else "", ""] for a in statement.allocations]
    return table_response(headers, rows, gettext("Customer statement"),
                          f"statement-{c.code}-{statement.date_from}-{statement.date_to}", fmt)


__all__ = ["aging_file", "file_response", "open_invoices_file", "statement_file", "table_response"]
