"""The sales invoice (销售发票) and the credit note (红字发票) on the A4 frame.

Laid out like a Chinese VAT invoice: buyer and seller (name, tax id, address and phone,
bank and account), lines with the unit price and amount without VAT, the VAT rate and
the tax, the VAT per rate (:func:`erp.money.tax_by_rate`), 价税合计 in capitals and in
figures. A credit note prints the same with negative quantities and amounts and names
the original invoice it corrects.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from erp.money import LineAmounts, round_price, tax_by_rate
from printing.company import Company
from printing.document_parts import frame_options, join, party_lines, person, renderer
from printing.documents import Column, DocumentSpec, Field, Signature, Total
from printing.documents_sales import chain, product_text
from printing.draw import MM
from printing.fonts import register_fonts
from printing.quantities import unit_name
from printing.styles import para, small_table, table_style
from printing.text import Bi, fmt_amount, fmt_rate, tr


def net_unit_price(line) -> Decimal:
    """单价 (without VAT) as the invoice prints it: the line's net amount per unit, so that
    quantity × price gives the amount whatever the price basis and discount."""
    return round_price(line.amount_net / line.qty)


def _sign(value: Decimal, negative: bool) -> Decimal:
    return -value if negative else value


def invoice_columns(lang: str, negative: bool = False) -> list[Column]:
    s = negative
    return [Column(Bi("货物或应税劳务名称", "Goods or services"), product_text, 3.2),
            Column(Bi("商品编码", "SKU"), lambda ln: ln.product.sku, 1.2),
            Column(Bi("单位", "Unit"), lambda ln: unit_name(ln.unit, lang), 0.6, align="center"),
            Column(Bi("数量", "Qty"), lambda ln: _sign(ln.qty, s), 0.8, "qty"),
            Column(Bi("单价（不含税）", "Unit price excl. VAT"), net_unit_price, 1.3, "price"),
            Column(Bi("金额（不含税）", "Amount excl. VAT"), lambda ln: _sign(ln.amount_net, s), 1.2, "amount"),
            Column(Bi("税率", "Rate"), "vat_rate", 0.7, "rate"),
            Column(Bi("税额", "VAT"), lambda ln: _sign(ln.amount_tax, s), 1.0, "amount")]


def vat_by_rate(lines, negative: bool = False) -> dict[Decimal, LineAmounts]:
    """Net, tax and gross per VAT rate, from the rounded lines (credit notes negative)."""
    def amounts(line) -> LineAmounts:
        a = LineAmounts(line.amount_net, line.amount_tax, line.amount_gross)
        return LineAmounts(-a.net, -a.tax, -a.gross) if negative else a

    return tax_by_rate((line.vat_rate, amounts(line)) for line in lines)


def vat_block(lines, lang: str, negative: bool = False) -> list:
    register_fonts()  # paragraphs are built before render_document registers the font
    head = [tr(Bi("税率", "VAT rate"), lang), tr(Bi("金额（不含税）", "Amount excl. VAT"), lang),
            tr(Bi("税额", "VAT"), lang), tr(Bi("价税合计", "Total incl. VAT"), lang)]
    rows = [head] + [[fmt_rate(rate), fmt_amount(a.net), fmt_amount(a.tax), fmt_amount(a.gross)]
                     for rate, a in vat_by_rate(lines, negative).items()]
    return [para(tr(Bi("按税率汇总", "VAT by rate"), lang), "label"),
            small_table(rows, [30 * MM, 40 * MM, 35 * MM, 40 * MM], align=["center", "right", "right", "right"])]


def parties_block(customer, company: Company, lang: str) -> list:
    """购买方 | 销售方, four lines each, side by side."""
    register_fonts()
    address = customer.default_address
    buyer = party_lines(customer.invoice_title or customer.name, customer.uscc,
                        join(address.full if address else None, (address.phone if address else None) or customer.phone),
                        join(customer.bank_name, customer.bank_account))
    seller = party_lines(company.display_name(lang), company.tax_id, join(company.address, company.phone),
                         company.bank)
    colon = ": " if lang == "en" else "："
    rows = [[tr(Bi("购买方", "Buyer"), lang), "", tr(Bi("销售方", "Seller"), lang), ""]]
    for (b_label, b_value), (s_label, s_value) in zip(buyer, seller, strict=True):
        rows.append([para(tr(b_label, lang) + colon, "label"), b_value,
                     para(tr(s_label, lang) + colon, "label"), s_value])
    table = small_table(rows, [27 * MM, 64 * MM, 27 * MM, 64 * MM], align=["left"] * 4)
    table.setStyle(table_style([("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 0), (3, 0))]))
    return [table]


def invoice_totals(doc, negative: bool = False) -> list[Total]:
    return [Total(Bi("合计金额", "Total excl. VAT"), _sign(doc.total_net, negative)),
            Total(Bi("合计税额", "Total VAT"), _sign(doc.total_tax, negative)),
            Total(Bi("价税合计（小写）", "Total incl. VAT"), _sign(doc.total_gross, negative), strong=True)]


def invoice_signatures(doc) -> list[Signature]:
    return [Signature(Bi("收款人", "Payee")), Signature(Bi("复核", "Checked by"), person(doc, doc.approved_by_id)),
            Signature(Bi("开票人", "Issued by"), person(doc, doc.created_by_id)),
            Signature(Bi("销售方（章）", "Seller's stamp"), stamp=True)]


def invoice_spec(invoice, company: Company, lang: str = "zh", *,
                 printed_at: dt.datetime | None = None) -> DocumentSpec:
    """销售发票 of one or several outbounds of a customer."""
    return DocumentSpec(
        title=Bi("销售发票", "Sales invoice"), company=company, **frame_options(invoice),
        fields=[Field(Bi("开票日期", "Invoice date"), invoice.doc_date, "date"),
                Field(Bi("付款到期日", "Due date"), invoice.due_date, "date"),
                Field(Bi("客户编码", "Customer code"), invoice.customer.code)],
        before_lines=parties_block(invoice.customer, company, lang),
        columns=invoice_columns(lang), rows=invoice.lines, totals=invoice_totals(invoice),
        after_lines=vat_block(invoice.lines, lang), amount_in_words=invoice.total_gross, notes=invoice.note,
        **chain(invoice), signatures=invoice_signatures(invoice), printed_at=printed_at,
    )


def credit_note_spec(note, company: Company, lang: str = "zh", *,
                     printed_at: dt.datetime | None = None) -> DocumentSpec:
    """红字发票: negative amounts, referencing the original invoice (蓝字发票)."""
    invoice = note.invoice
    return DocumentSpec(
        title=Bi("销售发票（红字）", "Credit note"), company=company, **frame_options(note),
        fields=[Field(Bi("开票日期", "Date"), note.doc_date, "date"),
                Field(Bi("对应蓝字发票", "Original invoice"), invoice.label),
                Field(Bi("蓝字发票日期", "Invoice date"), invoice.doc_date, "date"),
                Field(Bi("红冲原因", "Reason"), note.reason or "", span=2),
                Field(Bi("销售退货单", "Sales return"), note.sales_return.label if note.sales_return else "")],
        before_lines=parties_block(note.customer, company, lang),
        columns=invoice_columns(lang, negative=True), rows=note.lines, totals=invoice_totals(note, negative=True),
        after_lines=vat_block(note.lines, lang, negative=True), amount_in_words=-note.total_gross, notes=note.note,
        **chain(note), signatures=invoice_signatures(note), printed_at=printed_at,
    )


render_invoice = renderer(invoice_spec)
render_credit_note = renderer(credit_note_spec)
