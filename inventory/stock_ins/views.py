"""Entry form of the other stock-in (其他入库单), incl. opening balances with batches and costs."""
from __future__ import annotations

from sqlalchemy import select

from erp.suppliers.models import Supplier
from erp.web.pages import page
from inventory.documents import load_visible
from inventory.forms import DocumentForm, document_form, line_values
from inventory.permissions import STOCK_IN_EDIT
from inventory.stock.errors import fmt_qty
from inventory.stock_ins import services
from inventory.stock_ins.models import STOCK_IN_REASONS, StockIn, StockInReason
from inventory.stock_ins.schemas import StockInIn, StockInUpdateIn
from inventory.web import bp


def _values(doc: StockIn) -> dict:
    lines = line_values(doc, "batch_no", "production_date", "expiry_date")
    for line, item in zip(doc.lines, lines, strict=True):
        item["unit_cost"] = fmt_qty(line.unit_cost)
    return {"warehouse_id": doc.warehouse_id, "reason": str(doc.reason), "supplier_id": doc.supplier_id,
            "doc_date": doc.doc_date.isoformat(), "note": doc.note, "lines": lines}


def _context(session) -> dict:
    suppliers = session.scalars(select(Supplier).where(Supplier.active.is_(True)).order_by(Supplier.code).limit(2000))
    return {"reasons": STOCK_IN_REASONS, "suppliers": [(s.id, f"{s.code} {s.name}") for s in suppliers]}


FORM = DocumentForm("stock_in", StockIn, "inventory/stock_in_form.html", StockInIn, StockInUpdateIn,
                    services.create_stock_in, services.update_stock_in, _values,
                    defaults=lambda: {"reason": StockInReason.OPENING.value}, batch_warehouse=None, context=_context)


@page(bp, "/stock-ins/new", permission=STOCK_IN_EDIT, methods=("GET", "POST"))
def stock_in_new(session, actor):
    return document_form(session, actor, FORM)


@page(bp, "/stock-ins/<int:id>/edit", permission=STOCK_IN_EDIT, methods=("GET", "POST"))
def stock_in_edit(session, actor, id):
    return document_form(session, actor, FORM, load_visible(session, actor, StockIn, id))
