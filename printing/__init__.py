"""Printing: PDF documents, labels and barcodes, in Chinese or English.

Every printout is a pure function ``render_x(data, lang) -> bytes`` over plain dataclasses;
the API and pages only stream the bytes (:func:`printing.responses.pdf_response`).
See ``printing/README.md`` for how to add a document layout or a label.

* :mod:`printing.documents` — the A4 document frame (:class:`DocumentSpec`, :func:`render_document`)
* :mod:`printing.labels` — label sheets and rolls, product and case labels
* :mod:`printing.shipping` — 100×150 mm shipping labels
* :mod:`printing.barcodes` / :mod:`printing.draw` — validated symbols drawn on the printer's dot grid
* :mod:`printing.fonts` — the embedded CJK font and text fitting
"""
from printing.barcodes import code128, ean13, gs1_128, itf14, qr, retail
from printing.company import Company, company_from_settings
from printing.documents import (
    Column,
    DocRef,
    DocumentSpec,
    Field,
    Section,
    Signature,
    Total,
    render_document,
)
from printing.exceptions import BarcodeTooWide, InvalidBarcode, PrintingError
from printing.labels import (
    CASE_LAYOUTS,
    PRODUCT_LAYOUTS,
    CaseLabel,
    LabelLayout,
    ProductLabel,
    render_case_labels,
    render_labels,
    render_product_labels,
)
from printing.responses import pdf_response
from printing.shipping import ShippingLabel, package_labels, render_shipping_labels
from printing.text import Bi

__all__ = [
    "CASE_LAYOUTS", "PRODUCT_LAYOUTS", "BarcodeTooWide", "Bi", "CaseLabel", "Column", "Company",
    "DocRef", "DocumentSpec", "Field", "InvalidBarcode", "LabelLayout", "PrintingError",
    "ProductLabel", "Section", "ShippingLabel", "Signature", "Total", "code128",
    "company_from_settings", "ean13", "gs1_128", "itf14", "package_labels", "pdf_response", "qr",
    "render_case_labels", "render_document", "render_labels", "render_product_labels",
    "render_shipping_labels", "retail",
]
