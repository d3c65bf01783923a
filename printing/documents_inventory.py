"""Stock documents on the A4 frame: the outbound slip (销售出库单), other stock-in
(其他入库单), other stock-out (其他出库单), transfer (调拨单) and scrap (报废单).

Quantities show the line's unit and the same quantity in cases + pieces, batches with
their expiry. Costs are not printed (the pages show them only to users with
``stock.cost``; paper travels further). The pick list and the stocktake count sheet have
their own modules (:mod:`printing.documents_picking`, :mod:`printing.documents_stocktake`).
"""
from __future__ import annotations

import datetime as dt

from printing.company import Company
from printing.document_parts import (
    address_of,
    frame_options,
    join,
    person,
    prepared_approved,
    renderer,
)
from printing.documents import Column, DocumentSpec, Field, Signature
from printing.documents_sales import chain, product_text
from printing.quantities import cases_and_pieces, unit_name
from printing.text import Bi, fmt_date, fmt_qty

STOCK_IN_REASONS = {"opening": Bi("期初", "Opening balance"), "found": Bi("盘点外发现", "Stock found"),
                    "sample_return": Bi("样品归还", "Sample returned"), "gift": Bi("赠品入库", "Gift received"),
                    "other": Bi("其他", "Other")}
STOCK_OUT_REASONS = {"internal_use": Bi("领用", "Internal use"), "sample": Bi("样品", "Sample"),
                     "gift": Bi("赠送", "Gift"), "loss": Bi("损耗", "Loss"), "other": Bi("其他", "Other")}
SCRAP_REASONS = {"expired": Bi("过期", "Expired"), "damaged": Bi("破损", "Damaged"),
                 "quality": Bi("质量问题", "Quality problem"), "other": Bi("其他", "Other")}


def batch_text(batch, qty=None) -> str:
    """``L2401 (2027-06-30)``, with a quantity when a line is split over batches."""
    if batch is None:
        return fmt_qty(qty) if qty is not None else ""
    text = batch.batch_no + (f" ({fmt_date(batch.expiry_date)})" if batch.expiry_date else "")
    return f"{text} × {fmt_qty(qty)}" if qty is not None else text


def allocations_text(line) -> str:
    """The batches an outbound line is (to be) issued from; FEFO at approval when none yet."""
    allocations = line.allocations
    if not allocations:
        return ""
    if len(allocations) == 1:
        return batch_text(allocations[0].batch)
    return "\n".join(batch_text(a.batch, a.qty) for a in allocations)


def stock_columns(lang: str, batch) -> list[Column]:
    """SKU, product, batch (``batch(line) -> str``), unit, quantity, cases + pieces."""
    return [Column(Bi("商品编码", "SKU"), lambda ln: ln.product.sku, 1.3),
            Column(Bi("商品名称及规格", "Product"), product_text, 2.8),
            Column(Bi("批次（有效期至）", "Batch (expiry)"), batch, 2.4),
            Column(Bi("单位", "Unit"), lambda ln: unit_name(ln.unit, lang), 0.6, align="center"),
            Column(Bi("数量", "Qty"), "qty", 0.8, "qty"),
            Column(Bi("箱/件", "Cases + pieces"), lambda ln: cases_and_pieces(ln.product, ln.qty_base, lang), 1.2,
                   align="right")]


def warehouse_name(warehouse) -> str:
    return warehouse.name if warehouse is not None else ""


def outbound_spec(outbound, company: Company, lang: str = "zh", *,
                  printed_at: dt.datetime | None = None) -> DocumentSpec:
    """销售出库单: the goods that left, batch by batch, signed for by the customer."""
    customer = outbound.customer
    recipient, phone, address = address_of(customer)
    links = chain(outbound)
    return DocumentSpec(
        title=Bi("销售出库单", "Outbound delivery"), company=company, **frame_options(outbound),
        fields=[Field(Bi("客户", "Customer"), customer.name if customer else "", span=2),
                Field(Bi("出库日期", "Date"), outbound.doc_date, "date"),
                Field(Bi("发货仓库", "Warehouse"), warehouse_name(outbound.warehouse)),
                Field(Bi("联系电话", "Phone"), phone),
                Field(Bi("收货人", "Recipient"), recipient),
                Field(Bi("收货地址", "Ship to"), address, span=3)],
        columns=stock_columns(lang, allocations_text), rows=outbound.lines, notes=outbound.note, **links,
        signatures=[Signature(Bi("制单", "Prepared by"), person(outbound, outbound.created_by_id)),
                    Signature(Bi("仓库发货", "Issued by"), person(outbound, outbound.approved_by_id)),
                    Signature(Bi("送货人", "Delivered by")), Signature(Bi("客户签收", "Received by"), stamp=True)],
        printed_at=printed_at,
    )


def _line_batch(line) -> str:
    if getattr(line, "batch", None) is not None:
        return batch_text(line.batch)
    batch_no = getattr(line, "batch_no", None)
    return join(batch_no, f"({fmt_date(line.expiry_date)})" if getattr(line, "expiry_date", None) else None)


def stock_in_spec(doc, company: Company, lang: str = "zh", *, printed_at: dt.datetime | None = None) -> DocumentSpec:
    return DocumentSpec(
        title=Bi("其他入库单", "Stock-in"), company=company, **frame_options(doc),
        fields=[Field(Bi("入库仓库", "Warehouse"), warehouse_name(doc.warehouse)),
                Field(Bi("入库日期", "Date"), doc.doc_date, "date"),
                Field(Bi("入库类型", "Reason"), STOCK_IN_REASONS.get(str(doc.reason), str(doc.reason))),
                Field(Bi("供应商", "Supplier"), doc.supplier.name if doc.supplier else "", span=3)],
        columns=stock_columns(lang, _line_batch), rows=doc.lines, notes=doc.note,
        signatures=[*prepared_approved(doc), Signature(Bi("仓库收货", "Received by")),
                    Signature(Bi("交货人", "Delivered by"))],
        printed_at=printed_at,
    )


def stock_out_spec(doc, company: Company, lang: str = "zh", *, printed_at: dt.datetime | None = None) -> DocumentSpec:
    return DocumentSpec(
        title=Bi("其他出库单", "Stock-out"), company=company, **frame_options(doc),
        fields=[Field(Bi("出库仓库", "Warehouse"), warehouse_name(doc.warehouse)),
                Field(Bi("出库日期", "Date"), doc.doc_date, "date"),
                Field(Bi("出库类型", "Reason"), STOCK_OUT_REASONS.get(str(doc.reason), str(doc.reason)))],
        columns=stock_columns(lang, _line_batch), rows=doc.lines, notes=doc.note,
        signatures=[*prepared_approved(doc), Signature(Bi("仓库发货", "Issued by")),
                    Signature(Bi("领用人", "Taken by"))],
        printed_at=printed_at,
    )


def transfer_spec(doc, company: Company, lang: str = "zh", *, printed_at: dt.datetime | None = None) -> DocumentSpec:
    return DocumentSpec(
        title=Bi("调拨单", "Transfer"), company=company, **frame_options(doc),
        fields=[Field(Bi("调出仓库", "From"), warehouse_name(doc.from_warehouse)),
                Field(Bi("调入仓库", "To"), warehouse_name(doc.to_warehouse)),
                Field(Bi("调拨日期", "Date"), doc.doc_date, "date"),
                Field(Bi("到货日期", "Received on"), doc.received_on, "date")],
        columns=stock_columns(lang, _line_batch), rows=doc.lines, notes=doc.note,
        signatures=[Signature(Bi("制单", "Prepared by"), person(doc, doc.created_by_id)),
                    Signature(Bi("调出仓库", "Shipped by"), person(doc, doc.approved_by_id)),
                    Signature(Bi("运输", "Carried by")),
                    Signature(Bi("调入仓库", "Received by"), person(doc, doc.received_by_id))],
        printed_at=printed_at,
    )


def scrap_spec(doc, company: Company, lang: str = "zh", *, printed_at: dt.datetime | None = None) -> DocumentSpec:
    return DocumentSpec(
        title=Bi("报废单", "Scrap"), company=company, **frame_options(doc),
        fields=[Field(Bi("仓库", "Warehouse"), warehouse_name(doc.warehouse)),
                Field(Bi("报废日期", "Date"), doc.doc_date, "date"),
                Field(Bi("报废原因", "Reason"), SCRAP_REASONS.get(str(doc.reason), str(doc.reason)))],
        columns=stock_columns(lang, _line_batch), rows=doc.lines, notes=doc.note,
        signatures=[*prepared_approved(doc), Signature(Bi("仓库", "Warehouse")),
                    Signature(Bi("监销人", "Witnessed by"))],
        printed_at=printed_at,
    )


render_outbound = renderer(outbound_spec)
render_stock_in = renderer(stock_in_spec)
render_stock_out = renderer(stock_out_spec)
render_transfer = renderer(transfer_spec)
render_scrap = renderer(scrap_spec)
