"""Sales documents on the A4 frame: quote (报价单), sales order confirmation (销售订单确认书),
delivery note (发货单) and sales return (退货单). Invoices and credit notes are in
:mod:`printing.documents_invoices`.

Each layout is ``x_spec(doc, company, lang, printed_at=None) -> DocumentSpec`` plus a
pure ``render_x(doc, lang="zh", *, company=None, printed_at=None) -> bytes`` reading the
models (the company defaults to the settings of the document's database).
"""
from __future__ import annotations

import datetime as dt

from erp.sales.links import downstream_of, upstream_of
from printing.company import Company
from printing.document_parts import (
    address_of,
    frame_options,
    join,
    person,
    prepared_approved,
    refs,
    renderer,
    session_of,
)
from printing.documents import Column, DocumentSpec, Field, Signature, Total
from printing.quantities import cases_and_pieces, unit_name
from printing.text import Bi, fmt_date

VAT_BASIS = {True: Bi("含税价", "VAT included"), False: Bi("不含税价", "VAT excluded")}
CUSTOMER_SIGNS = Signature(Bi("客户确认（盖章）", "Customer confirmation"), stamp=True)


def product_text(line) -> str:
    return join(line.product.name, line.product.spec)


def priced_columns(lang: str, *, cases: bool = False, discount: bool = True) -> list[Column]:
    """SKU, product, unit, quantity, (cases + pieces,) price, (discount,) VAT rate, amount."""
    columns = [Column(Bi("商品编码", "SKU"), lambda ln: ln.product.sku, 1.3),
               Column(Bi("商品名称及规格", "Product"), product_text, 3.2),
               Column(Bi("单位", "Unit"), lambda ln: unit_name(ln.unit, lang), 0.6, align="center"),
               Column(Bi("数量", "Qty"), "qty", 0.8, "qty")]
    if cases:
        columns.append(Column(Bi("箱/件", "Cases + pieces"), lambda ln: cases_and_pieces(ln.product, ln.qty_base, lang),
                              1.1, align="right"))
    columns.append(Column(Bi("单价", "Unit price"), "unit_price", 1.0, "price"))
    if discount:
        columns.append(Column(Bi("折扣", "Disc."), lambda ln: ln.discount_rate or None, 0.6, "rate"))
    columns += [Column(Bi("税率", "VAT"), "vat_rate", 0.6, "rate"),
                Column(Bi("金额", "Amount"), "amount_gross", 1.2, "amount")]
    return columns


def money_totals(doc) -> list[Total]:
    totals = []
    if doc.total_discount:
        totals.append(Total(Bi("折扣额", "Discount"), doc.total_discount))
    return totals + [Total(Bi("不含税金额", "Net amount"), doc.total_net),
                     Total(Bi("税额", "VAT"), doc.total_tax),
                     Total(Bi("价税合计", "Total incl. VAT"), doc.total_gross, strong=True)]


def customer_fields(customer) -> list[Field]:
    return [Field(Bi("客户", "Customer"), customer.name, span=2),
            Field(Bi("客户编码", "Customer code"), customer.code)]


def salesperson(customer) -> str:
    return customer.salesperson.display_name if customer.salesperson is not None else ""


def chain(doc) -> dict:
    """The upstream and downstream references of a document of the sales chain."""
    session = session_of(doc)
    return {"upstream": refs(upstream_of(session, doc)), "downstream": refs(downstream_of(session, doc))}


def quote_spec(quote, company: Company, lang: str = "zh", *, printed_at: dt.datetime | None = None) -> DocumentSpec:
    """报价单: the prices offered and until when they hold."""
    customer = quote.customer
    validity = Bi(f"本报价有效期至 {fmt_date(quote.valid_until)}，逾期请重新询价。",
                  f"Prices valid until {fmt_date(quote.valid_until)}.")
    notes = Bi(join(validity.zh, quote.note), join(validity.en, quote.note))
    return DocumentSpec(
        title=Bi("报价单", "Quotation"), company=company, **frame_options(quote),
        fields=[*customer_fields(customer),
                Field(Bi("报价日期", "Date"), quote.doc_date, "date"),
                Field(Bi("有效期至", "Valid until"), quote.valid_until, "date"),
                Field(Bi("价格", "Prices"), VAT_BASIS[quote.price_includes_vat]),
                Field(Bi("联系电话", "Phone"), customer.phone or ""),
                Field(Bi("业务员", "Salesperson"), salesperson(customer))],
        columns=priced_columns(lang), rows=quote.lines, totals=money_totals(quote),
        amount_in_words=quote.total_gross, notes=notes, **chain(quote),
        signatures=[*prepared_approved(quote), CUSTOMER_SIGNS], printed_at=printed_at,
    )


def order_spec(order, company: Company, lang: str = "zh", *, printed_at: dt.datetime | None = None) -> DocumentSpec:
    """销售订单确认书: what the customer ordered, to confirm and stamp."""
    customer = order.customer
    recipient, phone, address = address_of(customer)
    return DocumentSpec(
        title=Bi("销售订单确认书", "Sales order confirmation"), company=company, **frame_options(order),
        fields=[*customer_fields(customer),
                Field(Bi("订单日期", "Order date"), order.doc_date, "date"),
                Field(Bi("交货日期", "Delivery date"), order.delivery_date, "date"),
                Field(Bi("客户订单号", "Customer PO"), order.customer_po or ""),
                Field(Bi("发货仓库", "Warehouse"), order.warehouse.name if order.warehouse else ""),
                Field(Bi("收货地址", "Ship to"), order.ship_to or join(address, recipient, phone), span=2),
                Field(Bi("业务员", "Salesperson"), salesperson(customer)),
                Field(Bi("价格", "Prices"), VAT_BASIS[order.price_includes_vat])],
        columns=priced_columns(lang, cases=True), rows=order.lines, totals=money_totals(order),
        amount_in_words=order.total_gross, notes=order.note, **chain(order),
        signatures=[*prepared_approved(order), CUSTOMER_SIGNS], printed_at=printed_at,
    )


def delivery_note_spec(note, company: Company, lang: str = "zh", *,
                       printed_at: dt.datetime | None = None) -> DocumentSpec:
    """发货单: what leaves for the customer, signed for on receipt."""
    customer = note.customer
    recipient, phone, address = address_of(customer)
    ship_to = note.ship_to or note.order.ship_to or join(address, recipient, phone)
    return DocumentSpec(
        title=Bi("发货单", "Delivery note"), company=company, **frame_options(note),
        fields=[*customer_fields(customer),
                Field(Bi("发货日期", "Date"), note.doc_date, "date"),
                Field(Bi("销售订单", "Sales order"), note.order.label),
                Field(Bi("发货仓库", "Warehouse"), note.warehouse.name if note.warehouse else ""),
                Field(Bi("联系电话", "Phone"), phone or customer.phone or ""),
                Field(Bi("收货地址", "Ship to"), ship_to, span=3)],
        columns=priced_columns(lang, cases=True, discount=False), rows=note.lines, totals=money_totals(note),
        amount_in_words=note.total_gross, notes=note.note, **chain(note),
        signatures=[Signature(Bi("制单", "Prepared by"), person(note, note.created_by_id)),
                    Signature(Bi("仓库", "Warehouse")), Signature(Bi("送货人", "Delivered by")),
                    Signature(Bi("客户签收", "Received by"), stamp=True)],
        printed_at=printed_at,
    )


def sales_return_spec(doc, company: Company, lang: str = "zh", *,
                      printed_at: dt.datetime | None = None) -> DocumentSpec:
    """退货单: goods a customer sends back, with the batch they go back into."""
    columns = priced_columns(lang, discount=False)
    columns.insert(2, Column(Bi("批次", "Batch"), lambda ln: ln.batch.batch_no if ln.batch else "", 1.0))
    return DocumentSpec(
        title=Bi("销售退货单", "Sales return"), company=company, **frame_options(doc),
        fields=[*customer_fields(doc.customer),
                Field(Bi("退货日期", "Date"), doc.doc_date, "date"),
                Field(Bi("销售出库单", "Outbound"), doc.outbound.label),
                Field(Bi("退回仓库", "Warehouse"), doc.warehouse.name if doc.warehouse else ""),
                Field(Bi("退货原因", "Reason"), doc.reason or "", span=3)],
        columns=columns, rows=doc.lines, totals=money_totals(doc), amount_in_words=doc.total_gross,
        notes=doc.note, **chain(doc),
        signatures=[*prepared_approved(doc), Signature(Bi("仓库收货", "Received into stock")),
                    Signature(Bi("客户签字", "Customer"), stamp=True)],
        printed_at=printed_at,
    )


render_quote = renderer(quote_spec)
render_sales_order = renderer(order_spec)
render_delivery_note = renderer(delivery_note_spec)
render_sales_return = renderer(sales_return_spec)
