"""Labels for the goods of a receipt, printed straight from it with printing's functions:
a case label (GS1-128 with GTIN-14, expiry and batch; ITF-14) for every case received, or
piece labels per line."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.errors import N_, NotFound
from inventory.documents import load_visible
from printing.labels import render_case_labels, render_product_labels
from printing.products import case_label, product_label
from printing.services import check_label_count
from purchasing.lines import whole_units
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine


def cases_of(line: GoodsReceiptLine) -> int:
    """Cases received on the line (the product's largest packing); a part case counts as one."""
    packing = line.product.case_packing
    if packing is None:
        return 0
    return whole_units(line.qty_base, packing.factor)


def _lines(doc: GoodsReceipt, line_ids: list[int]) -> list[GoodsReceiptLine]:
    if not line_ids:
        return list(doc.lines)
    by_id = {line.id: line for line in doc.lines}
    missing = [str(i) for i in line_ids if i not in by_id]
    if missing:
        raise NotFound(N_("Not a line of this receipt: %(ids)s."), ids=", ".join(missing))
    return [by_id[i] for i in line_ids]


def receipt_labels_pdf(session: Session, actor: User, doc_id: int, *, kind: str = "case",
                       layout: str | None = None, copies: int = 1, line_ids: list[int] | None = None,
                       lang: str = "zh") -> tuple[bytes, GoodsReceipt]:
    """Case labels (``kind="case"``: one per case received, ``copies`` times, lines of
    products without a case packing left out) or piece labels (``kind="product"``:
    ``copies`` per line) of a receipt, with each line's batch and dates. Raises
    ``NotFound``, ``Forbidden`` (a warehouse the user may not see) and 422 from printing
    (a case without a GTIN, a bad barcode, nothing to print, too many labels)."""
    doc = load_visible(session, actor, GoodsReceipt, doc_id)
    lines = _lines(doc, line_ids or [])
    if kind == "product":
        labels = [product_label(line.product) for line in lines]
        check_label_count(len(labels) * copies)
        return render_product_labels(labels, layout or "a4-3x8", lang, copies=copies), doc
    labels = []
    for line in lines:
        count = cases_of(line)
        if count:
            label = case_label(line.product, batch=line.batch_no, expiry=line.expiry_date,
                               produced=line.production_date)
            labels.extend([label] * count)
    check_label_count(len(labels) * copies)
    return render_case_labels(labels, layout or "case-100x70", lang, copies=copies), doc
