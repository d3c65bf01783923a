"""Choosing an outbound's batches by hand (指定批次): per line, the batches of the product in
the warehouse with their expiry and what is available; the quantities entered replace
the FEFO choice, a line left empty goes back to FEFO."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask import render_template, request, url_for
from sqlalchemy import select

from erp import clock
from erp.errors import N_, ErpError, ValidationFailed
from erp.web.pages import Form, done, page
from inventory.batches.models import Batch
from inventory.documents import load_visible
from inventory.outbounds import services
from inventory.outbounds.models import Outbound
from inventory.permissions import OUTBOUND_EDIT
from inventory.stock.models import StockBalance
from inventory.web import bp

_FIELD = re.compile(r"^alloc-(\d+)-(\d+)$")


def _candidates(session, doc: Outbound) -> dict[int, list]:
    """Per line id: ``(batch, on_hand, reserved)`` of the product's batches in the warehouse."""
    out = {}
    for line in doc.lines:
        if not line.product.batch_tracked:
            continue
        rows = session.execute(
            select(Batch, StockBalance.on_hand, StockBalance.reserved)
            .join(StockBalance, StockBalance.batch_id == Batch.id)
            .where(StockBalance.product_id == line.product_id, StockBalance.warehouse_id == doc.warehouse_id,
                   StockBalance.on_hand > Decimal(0))
            .order_by(Batch.expiry_date.is_(None), Batch.expiry_date, Batch.id)).all()
        out[line.id] = rows
    return out


def _choices(doc: Outbound) -> tuple[list[dict], dict]:
    """The form as service input, and the values to show again."""
    by_line: dict[int, list[dict]] = {line.id: [] for line in doc.lines if line.product.batch_tracked}
    values = {}
    for key, text in request.form.items():
        match = _FIELD.match(key)
        if not match or not text.strip():
            continue
        values[key] = text
        line_id, batch_id = int(match.group(1)), int(match.group(2))
        try:
            qty = Decimal(text.strip().replace(",", ""))
        except InvalidOperation:
            raise ValidationFailed(N_("Not a valid number."), fields={key: [N_("Not a valid number.")]}) from None
        if qty and line_id in by_line:
            by_line[line_id].append({"batch_id": batch_id, "qty": qty})
    return [{"line_id": line_id, "allocations": allocations} for line_id, allocations in by_line.items()], values


@page(bp, "/outbounds/<int:id>/batches", permission=OUTBOUND_EDIT, methods=("GET", "POST"))
def outbound_batches(session, actor, id):
    doc = load_visible(session, actor, Outbound, id)
    form, status = Form(values={f"alloc-{a.line_id}-{a.batch_id}": a.qty for line in doc.lines
                                for a in line.allocations if a.batch_id}), 200
    if request.method == "POST":
        values = {}
        try:
            choices, values = _choices(doc)
            services.choose_batches(session, actor, id, choices)
        except ErpError as exc:
            form, status = Form.from_error(values, exc), 422
        else:
            return done(N_("Saved."), "inventory.outbound_detail", id=id)
    return render_template("inventory/outbound_batches.html", doc=doc, form=form, candidates=_candidates(session, doc),
                           today=clock.today(), back_url=url_for("inventory.outbound_detail", id=id)), status
