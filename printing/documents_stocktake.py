"""The stocktake count sheet (盘点表): what to count, walked by bin location, with a blank
column to write the count in.

The book quantity (账面数量, at the snapshot) is printed unless the count is **blind**
(盲盘: counters who see the book tend to find it). Like the pick list, a count sheet is a
working paper printed while the stocktake is open (a draft without a number), so it
carries no draft watermark; it names the stocktake by ``#id`` until approval numbers it.
"""
from __future__ import annotations

import datetime as dt

from erp import clock
from erp.documents.base import DocState
from printing.company import Company
from printing.document_parts import WATERMARKS, company_of, is_valid, person
from printing.documents import Column, DocumentSpec, Field, Section, Signature, render_document
from printing.quantities import cases_and_pieces, unit_name
from printing.text import Bi, fmt_date, fmt_qty

NO_LOCATION = Bi("未设库位", "No bin location")


def walking_order(lines) -> list:
    """Lines by bin location (none last), SKU, expiry, with a heading per location."""
    def key(line):
        expiry = line.batch.expiry_date if line.batch is not None and line.batch.expiry_date else dt.date.max
        return (not line.location, line.location or "", line.product.sku, expiry)

    out: list = []
    current: object = object()
    for line in sorted(lines, key=key):
        if (line.location or None) != current:
            current = line.location or None
            out.append(Section(Bi(f"库位 {current}", f"Bin {current}") if current else NO_LOCATION))
        out.append(line)
    return out


def scope_text(doc, lang: str) -> str:
    parts = []
    if doc.category is not None:
        parts.append(f"{doc.category.code} {doc.category.name}")
    if doc.location_from or doc.location_to:
        label = "Bins" if lang == "en" else "库位"
        parts.append(f"{label} {doc.location_from or '…'} – {doc.location_to or '…'}")
    return "; ".join(parts) or ("Whole warehouse" if lang == "en" else "全仓")


def count_sheet_spec(doc, company: Company, lang: str = "zh", *, blind: bool = False,
                     printed_at: dt.datetime | None = None) -> DocumentSpec:
    columns = [Column(Bi("商品编码", "SKU"), lambda ln: ln.product.sku, 1.2),
               Column(Bi("商品名称及规格", "Product"), lambda ln: " ".join(
                   p for p in (ln.product.name, ln.product.spec) if p), 2.6),
               Column(Bi("批次", "Batch"), lambda ln: ln.batch.batch_no if ln.batch else "", 1.1),
               Column(Bi("有效期至", "Expiry"), lambda ln: fmt_date(ln.batch.expiry_date) if ln.batch else "", 1.3),
               Column(Bi("单位", "Unit"), lambda ln: unit_name(ln.product.base_unit, lang), 0.6, align="center")]
    if not blind:
        columns += [Column(Bi("账面数量", "Book qty"), lambda ln: fmt_qty(ln.book_qty), 0.9, align="right"),
                    Column(Bi("账面箱/件", "Book cases"), lambda ln: cases_and_pieces(ln.product, ln.book_qty, lang),
                           1.1, align="right")]
    columns += [Column(Bi("实盘数量", "Counted"), lambda ln: "", 1.3 if blind else 1.1),
                Column(Bi("备注", "Note"), lambda ln: "", 1.3 if blind else 0.9)]
    return DocumentSpec(
        title=Bi("盘点表", "Stock count sheet"), company=company, number=doc.number, barcode=is_valid(doc),
        watermark=WATERMARKS[DocState.CANCELLED] if doc.state == DocState.CANCELLED else None,
        fields=[Field(Bi("盘点单", "Stocktake"), doc.label),
                Field(Bi("仓库", "Warehouse"), doc.warehouse.name if doc.warehouse else ""),
                Field(Bi("盘点日期", "Date"), doc.doc_date, "date"),
                Field(Bi("盘点范围", "Scope"), scope_text(doc, lang), span=2),
                Field(Bi("盘点方式", "Method"), Bi("盲盘（不显示账面数）", "Blind count") if blind
                      else Bi("明盘", "Book quantities shown")),
                Field(Bi("账面快照时间", "Book taken at"), clock.local(doc.snapshot_at), "date"),
                Field(Bi("盘点行数", "Lines"), str(len(doc.lines)))],
        columns=columns, rows=walking_order(doc.lines), notes=doc.note,
        signatures=[Signature(Bi("制单", "Prepared by"), person(doc, doc.created_by_id)),
                    Signature(Bi("盘点人", "Counted by")), Signature(Bi("复盘人", "Recounted by")),
                    Signature(Bi("监盘人", "Supervised by"))],
        printed_at=printed_at, pdf_title=f"盘点表 {doc.label}",
    )


def render_count_sheet(doc, lang: str = "zh", *, blind: bool = False, company: Company | None = None,
                       printed_at: dt.datetime | None = None) -> bytes:
    spec = count_sheet_spec(doc, company_of(doc, company), lang, blind=blind, printed_at=printed_at)
    return render_document(spec, lang)
