"""The payables reports as CSV/XLSX downloads, through inventory's one table exporter
(:mod:`inventory.reports.export`: columns declared once, exact numbers, UTF-8 CSV with BOM)."""
from __future__ import annotations

from flask import Response
from flask_babel import gettext

from erp.errors import N_
from inventory.reports.export import Column, ReportTable, export_table
from purchasing.payables.aging import OpenSupplierInvoice, PayablesAging
from purchasing.payables.statement import SupplierStatement


def aging_table(report: PayablesAging) -> ReportTable:
    columns = [Column("code", N_("Supplier code")), Column("name", N_("Supplier"))]
    columns += [Column(bucket.key, bucket.title(gettext), "money") for bucket in report.buckets]
    columns += [Column("total", N_("Unpaid invoices"), "money"), Column("unapplied", N_("Unapplied payments"), "money"),
                Column("balance", N_("Balance owed"), "money")]
    rows = [{"code": r.code, "name": r.name, **{b.key: a for b, a in zip(report.buckets, r.amounts, strict=True)},
             "total": r.total, "unapplied": r.unapplied, "balance": r.balance} for r in report.rows]
    totals = {**{b.key: a for b, a in zip(report.buckets, report.totals, strict=True)}, "total": report.total,
              "unapplied": report.unapplied, "balance": report.balance}
    return ReportTable(f"payables-aging-{report.as_of:%Y%m%d}", N_("Payables aging"), columns, rows, totals)


def open_invoices_table(rows: list[OpenSupplierInvoice]) -> ReportTable:
    columns = [Column("number", N_("Invoice")), Column("supplier_invoice_no", N_("Supplier invoice number")),
               Column("supplier", N_("Supplier")), Column("doc_date", N_("Date"), "date"),
               Column("due_date", N_("Due date"), "date"), Column("days_overdue", N_("Days overdue"), "int"),
               Column("open_amount", N_("Unpaid amount"), "money")]
    return ReportTable("open-supplier-invoices", N_("Open supplier invoices"), columns, rows, None)


def statement_table(statement: SupplierStatement) -> ReportTable:
    """A header block (supplier, period), the opening balance, the lines with the running
    balance, the closing balance with the period's totals."""
    s = statement.supplier
    columns = [Column("date", N_("Date")), Column("type", N_("Summary")), Column("number", N_("Document no.")),
               Column("debit", N_("Debit"), "money"), Column("credit", N_("Credit"), "money"),
               Column("balance", N_("Balance owed"), "money")]
    rows: list[dict] = [
        {"date": gettext("Supplier"), "type": f"{s.code} {s.name}"},
        {"date": gettext("Period"), "type": f"{statement.date_from} ~ {statement.date_to}"},
        {"date": statement.date_from.isoformat(), "type": gettext("Balance at the start"), "balance": statement.opening},
    ]
    rows += [{"date": line.entry_date.isoformat(), "type": gettext(line.label), "number": line.number or "",
              "debit": line.debit or None, "credit": line.credit or None, "balance": line.balance}
             for line in statement.lines]
    rows.append({"date": statement.date_to.isoformat(), "type": gettext("Closing balance"),
                 "debit": statement.total_debit, "credit": statement.total_credit, "balance": statement.closing})
    return ReportTable(f"supplier-statement-{s.code}-{statement.date_from:%Y%m%d}-{statement.date_to:%Y%m%d}",
                       N_("Supplier statement"), columns, rows, None)


def download(table: ReportTable, file_format: str) -> Response:
    return export_table(table, file_format)
