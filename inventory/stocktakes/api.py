"""Stocktake API: /api/v1/stocktakes (盘点单): open, count (by hand, scan, file), list the
variances, approve to post them."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.imports.api import uploaded_file
from inventory.documents import load_visible, query_documents
from inventory.permissions import STOCKTAKE_EDIT, STOCKTAKE_VIEW
from inventory.reports.export import export_table
from inventory.schemas import DocumentQuery
from inventory.stocktakes import counting, services, uploads
from inventory.stocktakes.exports import count_sheet, variance_table
from inventory.stocktakes.models import Stocktake
from inventory.stocktakes.schemas import (
    CountedLineOut,
    CountLookupOut,
    CountRemainingIn,
    CountRemainingOut,
    CountsIn,
    ImportReportOut,
    LookupQuery,
    ScanIn,
    StocktakeBriefOut,
    StocktakeExportQuery,
    StocktakeIn,
    StocktakeOut,
    StocktakeUpdateIn,
)
from inventory.stocktakes.variances import stocktake_sheet

bp = Blueprint("stocktakes_api", __name__, url_prefix="/api/v1")
TAGS = ["stocktakes"]


@endpoint(bp, "/stocktakes", permission=STOCKTAKE_VIEW, query=DocumentQuery, response=StocktakeBriefOut,
          paged=True, tags=TAGS)
def list_stocktakes(session, actor, args):
    return paginate(session, query_documents(Stocktake, actor, args, Stocktake.warehouse_id), args)


@endpoint(bp, "/stocktakes", "POST", permission=STOCKTAKE_EDIT, body=StocktakeIn, response=StocktakeOut,
          status=201, tags=TAGS)
def open_stocktake(session, actor, data):
    """Open a count: snapshot the book quantities of the warehouse (or a category / location range)."""
    return stocktake_sheet(session, services.open_stocktake(session, actor, data))


@endpoint(bp, "/stocktakes/<int:doc_id>", permission=STOCKTAKE_VIEW, response=StocktakeOut, tags=TAGS)
def get_stocktake(session, actor, doc_id):
    """The stocktake with every line: book, counted, variance (盘盈/盘亏) and its value."""
    return stocktake_sheet(session, load_visible(session, actor, Stocktake, doc_id))


@endpoint(bp, "/stocktakes/<int:doc_id>", "PATCH", permission=STOCKTAKE_EDIT, body=StocktakeUpdateIn,
          response=StocktakeOut, tags=TAGS)
def update_stocktake(session, actor, doc_id, data):
    return stocktake_sheet(session, services.update_stocktake(session, actor, doc_id, data))


@endpoint(bp, "/stocktakes/<int:doc_id>", "DELETE", permission=STOCKTAKE_EDIT, tags=TAGS)
def delete_stocktake(session, actor, doc_id):
    """Delete an open count (a draft)."""
    services.delete_stocktake(session, actor, doc_id)
    return {}


@endpoint(bp, "/stocktakes/<int:doc_id>/counts", "POST", permission=STOCKTAKE_EDIT, body=CountsIn,
          response=CountedLineOut, many=True, tags=TAGS)
def record_counts(session, actor, doc_id, data):
    """Enter counts by hand (``mode`` set or add); all or nothing."""
    return counting.record_counts(session, actor, doc_id, data["entries"])


@endpoint(bp, "/stocktakes/<int:doc_id>/scans", "POST", permission=STOCKTAKE_EDIT, body=ScanIn,
          response=CountedLineOut, status=201, tags=TAGS)
def scan_count(session, actor, doc_id, data):
    """A scanned code adds ``qty`` (1 by default) of the unit it stands for; returns the line with
    its counted total. A scan is a count entry made (201): send an ``Idempotency-Key`` and a
    retry after a lost answer (a handheld on flaky Wi-Fi) replays it instead of counting twice."""
    return counting.scan_count(session, actor, doc_id, data["code"], data["qty"], batch_id=data.get("batch_id"))


@endpoint(bp, "/stocktakes/<int:doc_id>/lookup", permission=STOCKTAKE_VIEW, query=LookupQuery,
          response=CountLookupOut, tags=TAGS)
def lookup_for_count(session, actor, doc_id, args):
    """What a scanned code names on this count: the product, the unit, its lines and batches."""
    return counting.lookup_for_count(session, actor, doc_id, args["code"])


@endpoint(bp, "/stocktakes/<int:doc_id>/import", "POST", permission=STOCKTAKE_EDIT, response=ImportReportOut,
          tags=TAGS)
def import_counts(session, actor, doc_id):
    """Counts from a CSV/XLSX file (multipart ``file``): every row or none, with a report per row."""
    return {"rows": uploads.import_counts(session, actor, doc_id, uploaded_file())}


@endpoint(bp, "/stocktakes/<int:doc_id>/count-remaining", "POST", permission=STOCKTAKE_EDIT,
          body=CountRemainingIn, response=CountRemainingOut, tags=TAGS)
def count_remaining(session, actor, doc_id, data):
    """Count every line nobody counted as booked (``as: book``) or as not found (``as: zero``)."""
    return {"filled": counting.count_remaining(session, actor, doc_id, as_booked=data["as_"] == "book")}


@endpoint(bp, "/stocktakes/<int:doc_id>/export", permission=STOCKTAKE_VIEW, query=StocktakeExportQuery, tags=TAGS,
          content_type="application/octet-stream")
def export_stocktake(session, actor, doc_id, args):
    """The variance list (or ``sheet=true``: the count sheet to fill in) as CSV or XLSX."""
    sheet = stocktake_sheet(session, load_visible(session, actor, Stocktake, doc_id))
    table = count_sheet(sheet) if args["sheet"] else variance_table(sheet)
    return export_table(table, args["format"])


def _sheet(service):
    def run(session, actor, doc_id, *reason):
        return stocktake_sheet(session, service(session, actor, doc_id, *reason))
    return run


document_verbs(bp, "stocktakes", Stocktake, response=StocktakeOut, tags=TAGS, verbs={
    "submit": _sheet(services.submit_stocktake),
    "approve": _sheet(services.approve_stocktake),
    "reject": _sheet(services.reject_stocktake),
    "unapprove": _sheet(services.unapprove_stocktake),
    "cancel": _sheet(services.cancel_stocktake),
})
