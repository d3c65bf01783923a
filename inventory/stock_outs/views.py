"""Entry form of the other stock-out (其他出库单)."""
from __future__ import annotations

from erp.errors import N_
from erp.web.pages import page
from inventory.documents import load_visible
from inventory.forms import DocumentForm, document_form, line_values
from inventory.permissions import STOCK_OUT_EDIT
from inventory.stock_outs import services
from inventory.stock_outs.models import STOCK_OUT_REASONS, StockOut, StockOutReason
from inventory.stock_outs.schemas import StockOutIn, StockOutUpdateIn
from inventory.web import bp


def _values(doc: StockOut) -> dict:
    return {"warehouse_id": doc.warehouse_id, "reason": str(doc.reason), "doc_date": doc.doc_date.isoformat(),
            "note": doc.note, "lines": line_values(doc, "batch_id")}


FORM = DocumentForm("stock_out", StockOut, "inventory/issue_form.html", StockOutIn, StockOutUpdateIn,
                    services.create_stock_out, services.update_stock_out, _values,
                    defaults=lambda: {"reason": StockOutReason.INTERNAL_USE.value},
                    context=lambda session: {"reasons": STOCK_OUT_REASONS, "title": N_("Other stock-out"),
                                             "batch_hint": "FEFO"})


@page(bp, "/stock-outs/new", permission=STOCK_OUT_EDIT, methods=("GET", "POST"))
def stock_out_new(session, actor):
    return document_form(session, actor, FORM)


@page(bp, "/stock-outs/<int:id>/edit", permission=STOCK_OUT_EDIT, methods=("GET", "POST"))
def stock_out_edit(session, actor, id):
    return document_form(session, actor, FORM, load_visible(session, actor, StockOut, id))
