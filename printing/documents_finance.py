"""Finance printouts on the A4 document frame: the statement of a party — the customer
statement (客户对账单) and the supplier statement (供应商往来对账单), one layout with the
names of each side.

Pure: ``render_statement(statement, company, lang)`` and
``render_supplier_statement(statement, company, lang) -> bytes`` over the statement that
:func:`finance.ledger.statement.party_statement` computed (read only: its party, period,
opening balance, lines with the running balance, totals and the allocations of the period).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from printing.company import Company
from printing.documents import Column, DocumentSpec, Field, Signature, Total, render_document
from printing.draw import MM
from printing.fonts import register_fonts
from printing.styles import para, small_table
from printing.text import Bi, fmt_amount, fmt_date, tr

OPENING = Bi("期初余额", "Opening balance")
#: How the lines both sides name alike are printed (the ledger's entry types).
COMMON_KINDS = {"invoice_reversal": Bi("发票冲回", "Invoice reversed"), "write_off": Bi("尾差核销", "Write-off")}


@dataclass(frozen=True)
class StatementLayout:
    """The words of one side's statement (the party's own, its documents, its columns)."""

    title: Bi
    party: Bi
    party_code: Bi
    line_kinds: dict[str, Bi]
    payment: Bi
    invoice: Bi
    allocations_title: Bi
    opening: Bi
    closing: Bi
    debit: Bi
    credit: Bi
    closing_total: Bi
    confirmation: Bi
    pdf_title: str


CUSTOMER = StatementLayout(
    title=Bi("客户对账单", "Customer statement"),
    party=Bi("客户", "Customer"), party_code=Bi("客户编码", "Customer code"),
    line_kinds={**COMMON_KINDS, "invoice": Bi("销售发票", "Invoice"), "credit_note": Bi("红字发票", "Credit note"),
                "credit_note_reversal": Bi("红字发票冲回", "Credit note reversed"),
                "payment": Bi("收款", "Receipt"), "payment_reversal": Bi("收款冲回", "Receipt reversed")},
    payment=Bi("收款单", "Receipt"), invoice=Bi("发票", "Invoice"),
    allocations_title=Bi("本期核销明细（不影响余额）", "Allocations in the period (no effect on the balance)"),
    opening=OPENING, closing=Bi("期末余额", "Closing balance"),
    debit=Bi("借方（应收增加）", "Debit"), credit=Bi("贷方（应收减少）", "Credit"),
    closing_total=Bi("期末余额", "Closing balance"),
    confirmation=Bi("客户确认（盖章）", "Customer confirmation"),
    pdf_title="对账单",
)
SUPPLIER = StatementLayout(
    title=Bi("供应商往来对账单", "Supplier statement"),
    party=Bi("供应商", "Supplier"), party_code=Bi("供应商编码", "Supplier code"),
    line_kinds={**COMMON_KINDS, "invoice": Bi("采购发票", "Supplier invoice"),
                "credit_note": Bi("退货冲减", "Return credit"),
                "credit_note_reversal": Bi("退货冲减冲回", "Return credit reversed"),
                "payment": Bi("付款", "Payment"), "payment_reversal": Bi("付款冲回", "Payment reversed")},
    payment=Bi("付款单", "Payment"), invoice=Bi("采购发票", "Invoice"),
    allocations_title=Bi("本期付款核销明细（不影响余额）", "Allocations in the period (no effect on the balance)"),
    opening=Bi("期初应付", "Opening balance"), closing=Bi("期末应付", "Closing balance"),
    debit=Bi("借方（应付减少）", "Debit"), credit=Bi("贷方（应付增加）", "Credit"),
    closing_total=Bi("期末应付余额", "Closing balance"),
    confirmation=Bi("供应商确认（盖章）", "Supplier confirmation"),
    pdf_title="供应商对账单",
)


def _rows(statement, layout: StatementLayout) -> list[dict]:
    rows = [{"date": statement.date_from, "kind": OPENING, "number": "", "debit": None, "credit": None,
             "balance": statement.opening}]
    for line in statement.lines:
        rows.append({"date": line.entry_date, "kind": layout.line_kinds[str(line.entry_type)],
                     "number": line.number or "", "debit": line.debit or None, "credit": line.credit or None,
                     "balance": line.balance})
    return rows


def _allocations_block(statement, layout: StatementLayout, lang: str) -> list:
    if not statement.allocations:
        return []
    register_fonts()  # the paragraphs below need the font before render_document registers it
    head = [tr(Bi("核销日期", "Date"), lang), tr(layout.payment, lang), tr(layout.invoice, lang),
            tr(Bi("金额", "Amount"), lang), tr(Bi("已取消", "Reversed"), lang)]
    rows = [head] + [[fmt_date(a.alloc_date), a.payment or "", a.invoice or "", fmt_amount(a.amount),
                      fmt_date(a.reversal_date) if a.reversed else ""] for a in statement.allocations]
    return [para(tr(layout.allocations_title, lang), "label"),
            small_table(rows, [28 * MM, 42 * MM, 42 * MM, 30 * MM, 28 * MM],
                        align=["left", "left", "left", "right", "left"])]


def statement_spec(statement, company: Company, lang: str = "zh", *, layout: StatementLayout = CUSTOMER,
                   printed_at: dt.datetime | None = None) -> DocumentSpec:
    party = statement.party
    return DocumentSpec(
        title=layout.title,
        number=None,
        company=company,
        fields=[Field(layout.party, party.name, span=2),
                Field(layout.party_code, party.code),
                Field(Bi("对账期间", "Period"), f"{fmt_date(statement.date_from)} ~ {fmt_date(statement.date_to)}",
                      span=2),
                Field(Bi("联系电话", "Phone"), party.phone or ""),
                Field(layout.opening, statement.opening, "money"),
                Field(layout.closing, statement.closing, "money")],
        columns=[Column(Bi("日期", "Date"), "date", 1.0, "date"),
                 Column(Bi("摘要", "Type"), lambda r: r["kind"], 1.3),
                 Column(Bi("单据号", "Document"), "number", 1.8),
                 Column(layout.debit, "debit", 1.2, "amount"),
                 Column(layout.credit, "credit", 1.2, "amount"),
                 Column(Bi("余额", "Balance"), "balance", 1.2, "amount")],
        rows=_rows(statement, layout),
        totals=[Total(Bi("本期借方合计", "Total debit"), statement.total_debit),
                Total(Bi("本期贷方合计", "Total credit"), statement.total_credit),
                Total(layout.closing_total, statement.closing, strong=True)],
        after_lines=_allocations_block(statement, layout, lang),
        notes=Bi("请核对以上往来明细，如有不符请于收到后 7 日内与我司财务部联系；逾期未回复视为确认无误。",
                 "Please check the items above and tell our finance department of any difference within 7 days."),
        signatures=[Signature(Bi("制表", "Prepared by")), Signature(Bi("本公司（盖章）", "Our company"), stamp=True),
                    Signature(layout.confirmation, stamp=True)],
        printed_at=printed_at,
        line_numbers=False,
        pdf_title=f"{layout.pdf_title} {party.code} {statement.date_from}~{statement.date_to}",
    )


def render_statement(statement, company: Company, lang: str = "zh", *, layout: StatementLayout = CUSTOMER,
                     printed_at: dt.datetime | None = None) -> bytes:
    """The statement as an A4 PDF (Chinese or English)."""
    return render_document(statement_spec(statement, company, lang, layout=layout, printed_at=printed_at), lang)


def render_supplier_statement(statement, company: Company, lang: str = "zh", *,
                              printed_at: dt.datetime | None = None) -> bytes:
    """The supplier statement as an A4 PDF (Chinese or English)."""
    return render_statement(statement, company, lang, layout=SUPPLIER, printed_at=printed_at)
