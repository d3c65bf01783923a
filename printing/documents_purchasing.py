"""Purchasing documents on the A4 frame: purchase order (采购订单, sent to the supplier to
confirm and stamp), goods receipt (采购入库单), purchase return (采购退货单) and the supplier
invoice as booked (采购发票, the voucher finance files with the supplier's paper invoice)."""
from __future__ import annotations

import datetime as dt

from printing.company import Company
from printing.document_parts import (
    frame_options,
    join,
    person,
    prepared_approved,
    refs,
    renderer,
    session_of,
)
from printing.documents import Column, DocumentSpec, Field, Signature, Total
from printing.documents_inventory import batch_text
from printing.documents_sales import VAT_BASIS, product_text
from printing.quantities import cases_and_pieces, unit_name
from printing.text import Bi, fmt_date


def purchase_columns(lang: str, batch=None) -> list[Column]:
    columns = [Column(Bi("商品编码", "SKU"), lambda ln: ln.product.sku, 1.3),
               Column(Bi("商品名称及规格", "Product"), product_text, 3.0)]
    if batch is not None:
        columns.append(Column(Bi("批次（有效期至）", "Batch (expiry)"), batch, 1.8))
    columns += [Column(Bi("单位", "Unit"), lambda ln: unit_name(ln.unit, lang), 0.6, align="center"),
                Column(Bi("数量", "Qty"), "qty", 0.8, "qty"),
                Column(Bi("箱/件", "Cases + pieces"), lambda ln: cases_and_pieces(ln.product, ln.qty_base, lang), 1.1,
                       align="right"),
                Column(Bi("单价", "Unit price"), "unit_price", 1.0, "price"),
                Column(Bi("税率", "VAT"), "vat_rate", 0.6, "rate"),
                Column(Bi("金额", "Amount"), "amount_gross", 1.2, "amount")]
    return columns


def purchase_totals(doc) -> list[Total]:
    return [Total(Bi("不含税金额", "Net amount"), doc.total_net), Total(Bi("税额", "VAT"), doc.total_tax),
            Total(Bi("价税合计", "Total incl. VAT"), doc.total_gross, strong=True)]


def supplier_fields(supplier) -> list[Field]:
    return [Field(Bi("供应商", "Supplier"), supplier.name, span=2),
            Field(Bi("供应商编码", "Supplier code"), supplier.code),
            Field(Bi("联系人", "Contact"), join(supplier.contact, supplier.phone))]


def purchase_order_spec(order, company: Company, lang: str = "zh", *,
                        printed_at: dt.datetime | None = None) -> DocumentSpec:
    warehouse = order.warehouse
    return DocumentSpec(
        title=Bi("采购订单", "Purchase order"), company=company, **frame_options(order),
        fields=[*supplier_fields(order.supplier),
                Field(Bi("订单日期", "Order date"), order.doc_date, "date"),
                Field(Bi("预计到货", "Expected"), order.expected_date, "date"),
                Field(Bi("供应商单号", "Supplier ref."), order.supplier_ref or ""),
                Field(Bi("价格", "Prices"), VAT_BASIS[order.price_includes_vat]),
                Field(Bi("收货仓库", "Deliver to"), join(warehouse.name, warehouse.address, warehouse.contact,
                                                         warehouse.phone), span=3)],
        columns=purchase_columns(lang), rows=order.lines, totals=purchase_totals(order),
        amount_in_words=order.total_gross, notes=order.note,
        downstream=refs(order.downstream_documents(session_of(order))),
        signatures=[*prepared_approved(order), Signature(Bi("供应商确认（盖章）", "Supplier confirmation"), stamp=True)],
        printed_at=printed_at,
    )


def _receipt_batch(line) -> str:
    if line.batch is not None:
        return batch_text(line.batch)
    return join(line.batch_no, f"({fmt_date(line.expiry_date)})" if line.expiry_date else None)


def goods_receipt_spec(doc, company: Company, lang: str = "zh", *,
                       printed_at: dt.datetime | None = None) -> DocumentSpec:
    session = session_of(doc)
    return DocumentSpec(
        title=Bi("采购入库单", "Goods receipt"), company=company, **frame_options(doc),
        fields=[*supplier_fields(doc.supplier),
                Field(Bi("入库日期", "Date"), doc.doc_date, "date"),
                Field(Bi("入库仓库", "Warehouse"), doc.warehouse.name if doc.warehouse else ""),
                Field(Bi("供应商送货单号", "Delivery ref."), doc.delivery_ref or "")],
        columns=purchase_columns(lang, _receipt_batch), rows=doc.lines, totals=purchase_totals(doc),
        amount_in_words=doc.total_gross, notes=doc.note,
        upstream=refs([doc.order]), downstream=refs(doc.downstream_documents(session)),
        signatures=[Signature(Bi("制单", "Prepared by"), person(doc, doc.created_by_id)),
                    Signature(Bi("仓库收货", "Received by"), person(doc, doc.approved_by_id)),
                    Signature(Bi("质检", "Inspected by")), Signature(Bi("送货人", "Delivered by"))],
        printed_at=printed_at,
    )


def purchase_return_spec(doc, company: Company, lang: str = "zh", *,
                         printed_at: dt.datetime | None = None) -> DocumentSpec:
    session = session_of(doc)
    return DocumentSpec(
        title=Bi("采购退货单", "Purchase return"), company=company, **frame_options(doc),
        fields=[*supplier_fields(doc.supplier),
                Field(Bi("退货日期", "Date"), doc.doc_date, "date"),
                Field(Bi("出库仓库", "Warehouse"), doc.warehouse.name if doc.warehouse else ""),
                Field(Bi("退货原因", "Reason"), doc.reason or "")],
        columns=purchase_columns(lang, lambda ln: batch_text(ln.batch)), rows=doc.lines,
        totals=purchase_totals(doc), amount_in_words=doc.total_gross, notes=doc.note,
        upstream=refs([doc.receipt, doc.order]), downstream=refs(doc.downstream_documents(session)),
        signatures=[*prepared_approved(doc), Signature(Bi("仓库发货", "Issued by")),
                    Signature(Bi("供应商签收", "Supplier"), stamp=True)],
        printed_at=printed_at,
    )


def supplier_invoice_spec(doc, company: Company, lang: str = "zh", *,
                          printed_at: dt.datetime | None = None) -> DocumentSpec:
    """The invoice as booked: the supplier's number and date, the due date, each billed
    receipt line, VAT totals, and once approved what is paid and still open."""
    session = session_of(doc)
    orders = {line.order_line.document_id: line.order_line.document for line in doc.lines}
    totals = purchase_totals(doc)
    if doc.open_item is not None:
        if doc.credited:
            totals.append(Total(Bi("退货冲减", "Credited by returns"), doc.credited))
        totals += [Total(Bi("已付款", "Paid"), doc.paid), Total(Bi("未付款", "Unpaid"), doc.amount_open, strong=True)]
    return DocumentSpec(
        title=Bi("采购发票", "Supplier invoice"), company=company, **frame_options(doc),
        fields=[*supplier_fields(doc.supplier),
                Field(Bi("供应商发票号", "Supplier invoice no."), doc.supplier_invoice_no),
                Field(Bi("开票日期", "Invoice date"), doc.supplier_invoice_date, "date"),
                Field(Bi("到期日", "Due date"), doc.due_date, "date"),
                Field(Bi("入账日期", "Booked on"), doc.doc_date, "date"),
                Field(Bi("价格", "Prices"), VAT_BASIS[doc.price_includes_vat])],
        columns=purchase_columns(lang), rows=doc.lines, totals=totals,
        amount_in_words=doc.total_gross, notes=doc.note,
        upstream=refs([*doc.receipts, *(orders[key] for key in sorted(orders))]),
        downstream=refs(doc.downstream_documents(session)),
        signatures=[*prepared_approved(doc), Signature(Bi("采购员", "Purchaser")), Signature(Bi("财务", "Finance"))],
        printed_at=printed_at,
    )


render_purchase_order = renderer(purchase_order_spec)
render_goods_receipt = renderer(goods_receipt_spec)
render_purchase_return = renderer(purchase_return_spec)
render_supplier_invoice = renderer(supplier_invoice_spec)
