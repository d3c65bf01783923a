"""Printouts of master data: load what is asked (checking the permission), render, return
bytes. The API and pages only stream what these return."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.permissions import PRODUCT_VIEW
from erp.auth.services import require
from erp.errors import N_, NotFound, ValidationFailed
from erp.products.models import Product
from inventory.documents import load_visible
from inventory.outbounds.models import Outbound
from inventory.permissions import OUTBOUND_VIEW
from printing.labels import render_case_labels, render_product_labels
from printing.products import case_label, product_label
from printing.quantities import cases_needed

#: One request prints at most this many labels (a runaway ``copies`` is refused, not rendered).
MAX_LABELS = 5000


def check_label_count(count: int) -> None:
    if count > MAX_LABELS:
        raise ValidationFailed(N_("At most %(max)s labels at a time; this asks for %(count)s."),
                               fields={"copies": [N_("Too many labels.")]}, max=MAX_LABELS, count=count)


def load_products(session: Session, ids: list[int]) -> list[Product]:
    """The products of ``ids`` in that order (repeats kept); ``NotFound`` naming the missing ones."""
    found = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(set(ids))))}
    missing = [str(i) for i in dict.fromkeys(ids) if i not in found]
    if missing:
        raise NotFound(N_("Product not found: %(ids)s."), ids=", ".join(missing))
    return [found[i] for i in ids]


def product_labels_pdf(session: Session, actor, ids: list[int], *, layout: str = "a4-3x8",
                       copies: int = 1, skip: int = 0, sku_barcode: bool = False, lang: str = "zh") -> bytes:
    """Piece labels of the products ``ids``, ``copies`` of each. Needs ``product.view``;
    raises ``NotFound`` for a missing product and ``InvalidBarcode`` (422) for a product
    whose barcode is wrong."""
    require(actor, PRODUCT_VIEW)
    check_label_count(len(ids) * copies)
    labels = [product_label(p, sku_barcode=sku_barcode) for p in load_products(session, ids)]
    return render_product_labels(labels, layout, lang, copies=copies, skip=skip)


def case_labels_pdf(session: Session, actor, product_id: int, *, batch: str | None = None,
                    expiry: dt.date | None = None, produced: dt.date | None = None, copies: int = 1,
                    layout: str = "case-100x70", lang: str = "zh") -> tuple[bytes, Product]:
    """``copies`` case labels of one product (GS1-128 with GTIN-14, expiry and batch, and
    ITF-14). Needs ``product.view``; ``NotFound`` for a missing product; 422 when the case
    has no valid GTIN or the batch does not fit GS1's rules."""
    require(actor, PRODUCT_VIEW)
    check_label_count(copies)
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(N_("Product not found: %(ids)s."), ids=str(product_id))
    label = case_label(product, batch=batch, expiry=expiry, produced=produced)
    return render_case_labels([label], layout, lang, copies=copies), product


def outbound_case_labels_pdf(session: Session, actor, doc_id: int, *, layout: str = "case-100x70", copies: int = 1,
                             lang: str = "zh") -> tuple[bytes, Outbound]:
    """Case labels of the goods of an outbound: one per case of each allocated batch (a
    part case counts as one; a line not yet allocated is labelled without a batch), with
    the batch number and expiry in the GS1-128. Lines of products without a case packing
    are left out. Needs ``outbound.view`` and a warehouse the actor sees; 422 when nothing
    is packed in cases or a case has no GTIN."""
    require(actor, OUTBOUND_VIEW)
    outbound = load_visible(session, actor, Outbound, doc_id)
    labels = []
    for line in outbound.lines:
        parts = [(a.batch, a.qty) for a in line.allocations] or [(None, line.qty_base)]
        for batch, qty in parts:
            count = cases_needed(line.product, qty)
            if not count:
                continue
            label = case_label(line.product, batch=batch.batch_no if batch else None,
                               expiry=batch.expiry_date if batch else None,
                               produced=batch.production_date if batch else None)
            labels += [label] * count
    if not labels:
        raise ValidationFailed(N_("Nothing to print: no line of this outbound is packed in cases."),
                               fields={"lines": [N_("No case packing.")]})
    check_label_count(len(labels) * copies)
    return render_case_labels(labels, layout, lang, copies=copies), outbound
