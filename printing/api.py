"""Printing API: label PDFs of products and of an outbound's cases. The documents' PDFs
are in :mod:`printing.api_documents`."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint
from erp.auth.permissions import PRODUCT_VIEW
from inventory.permissions import OUTBOUND_VIEW
from printing import services
from printing.responses import pdf_response, request_lang
from printing.schemas import CaseLabelsQuery, OutboundCaseLabelsQuery, ProductLabelsQuery

bp = Blueprint("printing_api", __name__, url_prefix="/api/v1")


@endpoint(bp, "/products/labels/pdf", permission=PRODUCT_VIEW, query=ProductLabelsQuery,
          content_type="application/pdf", tags=["products"])
def product_labels_pdf(session, actor, args):
    """Product labels (name, spec, price, EAN-13) of the products ``ids`` as a PDF."""
    pdf = services.product_labels_pdf(
        session, actor, args["ids"], layout=args["layout"], copies=args["copies"], skip=args["skip"],
        sku_barcode=args["sku_barcode"], lang=request_lang(args["lang"]))
    return pdf_response(pdf, f"product-labels-{args['layout']}.pdf")


@endpoint(bp, "/products/<int:product_id>/case-labels/pdf", permission=PRODUCT_VIEW, query=CaseLabelsQuery,
          content_type="application/pdf", tags=["products"])
def case_labels_pdf(session, actor, product_id, args):
    """Case labels (GS1-128 with GTIN-14, expiry, batch; ITF-14) of one product as a PDF."""
    pdf, product = services.case_labels_pdf(
        session, actor, product_id, batch=args.get("batch"), expiry=args["expiry"], produced=args["produced"],
        copies=args["copies"], layout=args["layout"], lang=request_lang(args["lang"]))
    name = "-".join(p for p in ("case-labels", product.sku, args.get("batch")) if p)
    return pdf_response(pdf, f"{name}.pdf")


@endpoint(bp, "/outbounds/<int:doc_id>/case-labels/pdf", permission=OUTBOUND_VIEW, query=OutboundCaseLabelsQuery,
          content_type="application/pdf", tags=["outbounds"])
def outbound_case_labels_pdf(session, actor, doc_id, args):
    """Case labels (GS1-128 with GTIN, expiry and batch) of every case of an outbound's batches."""
    pdf, outbound = services.outbound_case_labels_pdf(session, actor, doc_id, layout=args["layout"],
                                                      copies=args["copies"], lang=request_lang(args["lang"]))
    return pdf_response(pdf, f"case-labels-{outbound.number or outbound.id}.pdf")
