"""The pick list (拣货单) of an outbound: what to take from which bin, batch by batch.

Rows are the outbound's allocations (the batches chosen by hand or FEFO), walked in bin
location order (``Product.location``) with a heading per location, each with the batch,
its expiry, the quantity in cases + pieces and a box to tick. A line not yet allocated
(FEFO happens at approval at the latest) is listed without a batch.

A pick list is a working paper printed before the goods are issued, usually while the
outbound is still a draft: it carries no draft watermark (only a cancelled outbound's
does) and names the outbound by its number once it has one, else by ``#id``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from erp.documents.base import DocState
from printing.company import Company
from printing.document_parts import WATERMARKS, address_of, is_valid, person, renderer
from printing.documents import Column, DocumentSpec, Field, Section, Signature
from printing.documents_sales import chain
from printing.quantities import cases_and_pieces, unit_name
from printing.text import Bi, fmt_qty

NO_LOCATION = Bi("未设库位", "No bin location")
TICK = "□"


@dataclass(frozen=True)
class PickRow:
    location: str | None
    product: object
    batch: object | None
    qty_base: Decimal

    @property
    def expiry(self) -> dt.date | None:
        return self.batch.expiry_date if self.batch is not None else None

    def sort_key(self) -> tuple:
        return (self.location is None, self.location or "", self.product.sku, self.expiry or dt.date.max)


def pick_rows(outbound) -> list[PickRow]:
    """One row per allocation (or per unallocated line), in walking order."""
    rows = []
    for line in outbound.lines:
        location = line.product.location or None
        if line.allocations:
            rows += [PickRow(location, line.product, a.batch, a.qty) for a in line.allocations]
        else:
            rows.append(PickRow(location, line.product, None, line.qty_base))
    return sorted(rows, key=PickRow.sort_key)


def grouped(rows: list[PickRow]) -> list:
    """The rows with a :class:`Section` heading before each bin location."""
    out: list = []
    current: object = object()
    for row in rows:
        if row.location != current:
            current = row.location
            out.append(Section(Bi(f"库位 {row.location}", f"Bin {row.location}") if row.location else NO_LOCATION))
        out.append(row)
    return out


def pick_list_spec(outbound, company: Company, lang: str = "zh", *,
                   printed_at: dt.datetime | None = None) -> DocumentSpec:
    customer = outbound.customer
    recipient, phone, address = address_of(customer)
    rows = pick_rows(outbound)
    return DocumentSpec(
        title=Bi("拣货单", "Pick list"), company=company, number=outbound.number, barcode=is_valid(outbound),
        watermark=WATERMARKS[DocState.CANCELLED] if outbound.state == DocState.CANCELLED else None,
        fields=[Field(Bi("销售出库单", "Outbound"), outbound.label),
                Field(Bi("仓库", "Warehouse"), outbound.warehouse.name if outbound.warehouse else ""),
                Field(Bi("出库日期", "Date"), outbound.doc_date, "date"),
                Field(Bi("客户", "Customer"), customer.name if customer else "", span=2),
                Field(Bi("拣货行数", "Pick lines"), str(len(rows))),
                Field(Bi("收货地址", "Ship to"), " ".join(p for p in (address, recipient, phone) if p), span=3)],
        columns=[Column(Bi("库位", "Bin"), lambda r: r.location or "", 1.0),
                 Column(Bi("商品编码", "SKU"), lambda r: r.product.sku, 1.2),
                 Column(Bi("商品名称及规格", "Product"), lambda r: " ".join(p for p in (r.product.name, r.product.spec)
                                                                      if p), 2.8),
                 Column(Bi("批次", "Batch"), lambda r: r.batch.batch_no if r.batch else "", 1.2),
                 Column(Bi("有效期至", "Expiry"), lambda r: r.expiry, 1.0, "date"),
                 Column(Bi("拣货数量", "Pick"), lambda r: cases_and_pieces(r.product, r.qty_base, lang), 1.3,
                        align="right"),
                 Column(Bi("基本单位数", "Base qty"),
                        lambda r: f"{fmt_qty(r.qty_base)} {unit_name(r.product.base_unit, lang)}", 1.0,
                        align="right"),
                 Column(Bi("已拣", "Picked"), lambda r: TICK, 0.5, align="center")],
        rows=grouped(rows), notes=outbound.note, **chain(outbound),
        signatures=[Signature(Bi("制单", "Prepared by"), person(outbound, outbound.created_by_id)),
                    Signature(Bi("拣货人", "Picked by")), Signature(Bi("复核人", "Checked by")),
                    Signature(Bi("发货人", "Dispatched by"))],
        printed_at=printed_at, pdf_title=f"拣货单 {outbound.label}",
    )


render_pick_list = renderer(pick_list_spec)
