"""Entry forms of the stock documents (other stock-in/out, transfer, scrap): one view
function for new and edit, and the line editor's server side — each line's product,
unit choices and batch choices, so that a form re-shown with errors keeps everything
the user typed (the script fills the same choices while typing)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from flask import render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.api.framework import load
from erp.auth.models import User
from erp.documents.base import Document
from erp.errors import N_, ErpError
from erp.products.models import Product
from erp.web.pages import Form, as_id, done, form_data
from inventory.batches.models import Batch
from inventory.stock.errors import fmt_qty
from inventory.stock.models import StockBalance
from inventory.web import warehouse_options

BLANK_LINES = 3


@dataclass
class LineView:
    """One row of the line editor."""

    #: Row number from 0 (``"__i__"`` in the template row the script copies).
    index: int | str
    values: dict
    product: Product | None = None
    units: list[tuple[int, str]] = field(default_factory=list)
    batches: list[tuple[int, str]] = field(default_factory=list)

    def value(self, name: str) -> str:
        value = self.values.get(name)
        return "" if value is None else str(value)


def unit_choices(product: Product) -> list[tuple[int, str]]:
    return [(product.base_unit_id, product.base_unit.name)] + [
        (p.unit_id, f"{p.unit.name} ({fmt_qty(p.factor)} {product.base_unit.name})") for p in product.packings]


def batch_choices(session: Session, product: Product, warehouse_id: int | None) -> list[tuple[int, str]]:
    """The product's batches with stock in the warehouse, earliest expiry first:
    ``M-1 · 2025-03-01 · 10`` (number, expiry, available)."""
    if not product.batch_tracked or not warehouse_id:
        return []
    rows = session.execute(
        select(Batch, StockBalance.on_hand - StockBalance.reserved).join(StockBalance, StockBalance.batch_id == Batch.id)
        .where(StockBalance.product_id == product.id, StockBalance.warehouse_id == warehouse_id,
               StockBalance.on_hand > Decimal(0))
        .order_by(Batch.expiry_date.is_(None), Batch.expiry_date, Batch.id))
    return [(b.id, " · ".join(x for x in (b.batch_no, b.expiry_date.isoformat() if b.expiry_date else "",
                                           fmt_qty(available)) if x)) for b, available in rows]


def line_views(session: Session, lines: list[dict], warehouse_id: int | None, *, with_batches: bool,
               blank: int = BLANK_LINES) -> list[LineView]:
    """The entered lines (with their choices) plus ``blank`` empty rows."""
    out = []
    for index, values in enumerate(lines):
        product_id = as_id(values.get("product_id"))
        product = session.get(Product, product_id) if product_id else None
        view = LineView(index, values, product)
        if product is not None:
            view.units = unit_choices(product)
            if with_batches:
                view.batches = batch_choices(session, product, warehouse_id)
                chosen = as_id(values.get("batch_id"))
                if chosen and chosen not in {b for b, _ in view.batches}:
                    batch = session.get(Batch, chosen)
                    if batch is not None:
                        view.batches.append((batch.id, batch.batch_no))
        out.append(view)
    return out + [LineView(len(out) + k, {}) for k in range(blank)]


@dataclass(frozen=True)
class DocumentForm:
    """How one document type is entered on a page."""

    doc_type: str
    cls: type[Document]
    template: str
    create_schema: type
    update_schema: type
    create: Callable
    update: Callable
    #: ``(doc) -> form values`` for editing.
    values: Callable[[Document], dict]
    #: Default values of a new document.
    defaults: Callable[[], dict] = dict
    #: Which form field holds the warehouse the batches come from (None: no batch choices).
    batch_warehouse: str | None = "warehouse_id"
    context: Callable[[Session], dict] = lambda session: {}


def line_values(doc: Document, *fields_: str) -> list[dict]:
    return [{"product_id": line.product_id, "unit_id": line.unit_id, "qty": fmt_qty(line.qty),
             **{f: getattr(line, f) for f in fields_}} for line in doc.lines]


def show_form(session: Session, actor: User, spec: DocumentForm, form: Form, doc: Document | None, status=200):
    warehouse = form.values.get(spec.batch_warehouse) if spec.batch_warehouse else None
    if warehouse in (None, "") and doc is not None and spec.batch_warehouse:
        warehouse = getattr(doc, spec.batch_warehouse, None)
    warehouse_id = as_id(warehouse)
    lines = line_views(session, form.values.get("lines") or [], warehouse_id,
                       with_batches=spec.batch_warehouse is not None)
    back = url_for(f"inventory.{spec.doc_type}_detail", id=doc.id) if doc else \
        url_for(f"inventory.{spec.doc_type}_list")
    return render_template(spec.template, form=form, doc=doc, lines=lines, template_line=LineView("__i__", {}),
                           spec=spec, back_url=back,
                           warehouses=warehouse_options(session, actor), today=clock.today(),
                           **spec.context(session)), status


def document_form(session: Session, actor: User, spec: DocumentForm, doc: Document | None = None):
    """GET: the form (a new document or a draft's values); POST: save through the service
    and go to the document, or show the form again with each error beside its field (422)."""
    if request.method == "POST":
        schema = spec.update_schema if doc else spec.create_schema
        data = form_data(schema)
        try:
            payload = load(schema, data)
            saved = spec.update(session, actor, doc.id, payload) if doc else spec.create(session, actor, payload)
        except ErpError as exc:
            return show_form(session, actor, spec, Form.from_error(data, exc), doc, 422)
        return done(N_("Saved."), f"inventory.{spec.doc_type}_detail", id=saved.id)
    values = spec.values(doc) if doc is not None else {**spec.defaults(), "lines": []}
    return show_form(session, actor, spec, Form(values=values), doc)
