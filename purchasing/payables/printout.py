"""The supplier statement (供应商往来明细/对账单) as an A4 PDF on printing's document frame.

Pure: ``render_supplier_statement(statement, company, lang) -> bytes`` over what
:func:`purchasing.payables.statement.supplier_statement` computed.
"""
from __future__ import annotations

import datetime as dt

from printing.company import Company
from printing.documents import Column, DocumentSpec, Field, Signature, Total, render_document
from printing.draw import MM
from printing.fonts import register_fonts
from printing.styles import para, small_table
from printing.text import Bi, fmt_amount, fmt_date, tr

LINE_KINDS = {
    "invoice": Bi("采购发票", "Supplier invoice"),
    "invoice_reversal": Bi("发票冲回", "Invoice reversed"),
    "credit_note": Bi("退货冲减", "Return credit"),
    "credit_note_reversal": Bi("退货冲减冲回", "Return credit reversed"),
    "payment": Bi("付款", "Payment"),
    "payment_reversal": Bi("付款冲回", "Payment reversed"),
    "write_off": Bi("尾差核销", "Write-off"),
}
OPENING = Bi("期初余额", "Opening balance")


def _rows(statement) -> list[dict]:
    rows = [{"date": statement.date_from, "kind": OPENING, "number": "", "debit": None, "credit": None,
             "balance": statement.opening}]
    for line in statement.lines:
        rows.append({"date": line.entry_date, "kind": LINE_KINDS[str(line.entry_type)], "number": line.number or "",
                     "debit": line.debit or None, "credit": line.credit or None, "balance": line.balance})
    return rows


def _allocations_block(statement, lang: str) -> list:
    if not statement.allocations:
        return []
    register_fonts()  # the paragraphs below need the font before render_document registers it
    head = [tr(Bi("核销日期", "Date"), lang), tr(Bi("付款单", "Payment"), lang), tr(Bi("采购发票", "Invoice"), lang),
            tr(Bi("金额", "Amount"), lang), tr(Bi("已取消", "Reversed"), lang)]
    rows = [head] + [[fmt_date(a.alloc_date), a.payment or "", a.invoice or "", fmt_amount(a.amount),
                      fmt_date(a.reversal_date) if a.reversed else ""] for a in statement.allocations]
    title = tr(Bi("本期付款核销明细（不影响余额）", "Allocations in the period (no effect on the balance)"), lang)
    return [para(title, "label"), small_table(rows, [28 * MM, 42 * MM, 42 * MM, 30 * MM, 28 * MM],
                                              align=["left", "left", "left", "right", "left"])]


def supplier_statement_spec(statement, company: Company, lang: str = "zh", *,
                            printed_at: dt.datetime | None = None) -> DocumentSpec:
    supplier = statement.supplier
    return DocumentSpec(
        title=Bi("供应商往来对账单", "Supplier statement"),
        number=None,
        company=company,
        fields=[Field(Bi("供应商", "Supplier"), supplier.name, span=2),
                Field(Bi("供应商编码", "Supplier code"), supplier.code),
                Field(Bi("对账期间", "Period"), f"{fmt_date(statement.date_from)} ~ {fmt_date(statement.date_to)}",
                      span=2),
                Field(Bi("联系电话", "Phone"), supplier.phone or ""),
                Field(Bi("期初应付", "Opening balance"), statement.opening, "money"),
                Field(Bi("期末应付", "Closing balance"), statement.closing, "money")],
        columns=[Column(Bi("日期", "Date"), "date", 1.0, "date"),
                 Column(Bi("摘要", "Type"), lambda r: r["kind"], 1.3),
                 Column(Bi("单据号", "Document"), "number", 1.8),
                 Column(Bi("借方（应付减少）", "Debit"), "debit", 1.2, "amount"),
                 Column(Bi("贷方（应付增加）", "Credit"), "credit", 1.2, "amount"),
                 Column(Bi("余额", "Balance"), "balance", 1.2, "amount")],
        rows=_rows(statement),
        totals=[Total(Bi("本期借方合计", "Total debit"), statement.total_debit),
                Total(Bi("本期贷方合计", "Total credit"), statement.total_credit),
                Total(Bi("期末应付余额", "Closing balance"), statement.closing, strong=True)],
        after_lines=_allocations_block(statement, lang),
        notes=Bi("请核对以上往来明细，如有不符请于收到后 7 日内与我司财务部联系；逾期未回复视为确认无误。",
                 "Please check the items above and tell our finance department of any difference within 7 days."),
        signatures=[Signature(Bi("制表", "Prepared by")), Signature(Bi("本公司（盖章）", "Our company"), stamp=True),
                    Signature(Bi("供应商确认（盖章）", "Supplier confirmation"), stamp=True)],
        printed_at=printed_at,
        line_numbers=False,
        pdf_title=f"供应商对账单 {supplier.code} {statement.date_from}~{statement.date_to}",
    )


def render_supplier_statement(statement, company: Company, lang: str = "zh", *,
                              printed_at: dt.datetime | None = None) -> bytes:
    """The statement as an A4 PDF (Chinese or English)."""
    return render_document(supplier_statement_spec(statement, company, lang, printed_at=printed_at), lang)
