"""PDF endpoints of every business document, routed from :data:`printing.printables.PRINTABLES`:

* ``GET /api/v1/<resource>/<id>/pdf?lang=zh|en`` — one document (``SO20261126-0001.pdf``);
* ``GET /api/v1/<resource>/pdf?ids=1,2,3&lang=`` — the documents one after another in one PDF;

plus the outbound's pick list (``/outbounds/<id>/pick-list/pdf``, ``/outbounds/pick-lists/pdf``)
and the stocktake's count sheet (``/stocktakes/<id>/pdf?blind=true``). Each needs the
document type's view permission; a missing document is a 404.
"""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint
from printing import document_services as services
from printing.printables import PRINTABLES, Printable
from printing.responses import pdf_response, printed_now, request_lang
from printing.schemas import CountSheetListQuery, CountSheetQuery, PdfListQuery, PdfQuery

bp = Blueprint("printing_documents_api", __name__, url_prefix="/api/v1")


def _options(printable: Printable, args: dict) -> dict:
    return {name: args[name] for name in printable.options}


def _route(printable: Printable) -> None:
    label_zh, label_en = printable.label
    blind = "blind" in printable.options

    def one(session, actor, doc_id, args):
        pdf, name = services.document_pdf(session, actor, printable, doc_id, lang=request_lang(args["lang"]),
                                          printed_at=printed_now(), **_options(printable, args))
        return pdf_response(pdf, name)

    def many(session, actor, args):
        pdf, name = services.documents_pdf(session, actor, printable, args["ids"], lang=request_lang(args["lang"]),
                                           printed_at=printed_now(), **_options(printable, args))
        return pdf_response(pdf, name)

    one.__name__, many.__name__ = f"{printable.key}_pdf", f"{printable.key}_list_pdf"
    what = printable.key.replace("_", " ")
    one.__doc__ = f"The {what} of a {label_en.lower()} ({label_zh}) as an A4 PDF."
    many.__doc__ = f"The {what}s of several {label_en.lower()}s (ids=1,2,3) in one PDF, one after another."
    tags = [printable.resource]
    endpoint(bp, printable.rule, permission=printable.permission, query=CountSheetQuery if blind else PdfQuery,
             content_type="application/pdf", tags=tags)(one)
    endpoint(bp, printable.list_rule, permission=printable.permission,
             query=CountSheetListQuery if blind else PdfListQuery, content_type="application/pdf", tags=tags)(many)


for _printable in PRINTABLES:
    _route(_printable)
