"""The lines of a goods receipt, read from input against the order they come from.

Each line takes part of an order line: ``qty`` in ``unit_id`` (default the order line's
unit), at ``unit_price`` per that unit (default the order's price). Nothing beyond what
the over-receipt tolerance allows is taken (drafts of other receipts count). A
batch-tracked product's line names its batch number with the production and/or expiry
date (the expiry follows from production + shelf life); a draft may leave the batch for
later, approval needs it (:func:`check_batches_given`).
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.errors import N_, Conflict
from erp.money import round_qty
from erp.products.models import Unit
from inventory.batches.models import Batch
from inventory.batches.services import expiry_for
from inventory.stock.lines import LineErrors
from purchasing.lines import price_per_unit
from purchasing.orders.models import PurchaseOrder, PurchaseOrderLine
from purchasing.orders.progress import order_progress, receipt_limit
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine

ZERO = Decimal(0)


def plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def in_unit(line: PurchaseOrderLine, unit_id: int, qty_base: Decimal) -> Decimal | None:
    """``qty_base`` in ``unit_id`` when it comes out exactly, else None."""
    factor = line.product.factor(unit_id)
    if not factor:
        return None
    qty = round_qty(qty_base / factor)
    return qty if qty * factor == qty_base else None


def natural_unit(line: PurchaseOrderLine, qty_base: Decimal) -> tuple[int, Decimal]:
    """The order line's unit when ``qty_base`` is a whole number of it, else the base unit."""
    qty = in_unit(line, line.unit_id, qty_base)
    if qty is not None:
        return line.unit_id, qty
    return line.product.base_unit_id, qty_base


def _decimals_ok(session: Session, unit_id: int, qty: Decimal) -> bool:
    unit = session.get(Unit, unit_id)
    return unit is None or qty == qty.quantize(Decimal(1).scaleb(-unit.decimals))


def read_batch(session: Session, index: int, item: dict, line: GoodsReceiptLine, errors: LineErrors) -> None:
    """Batch number and dates of a line (see the module docstring)."""
    product = line.product
    given = item.get("batch_no") or item.get("production_date") or item.get("expiry_date")
    if not product.batch_tracked:
        if given:
            errors.add(index, "batch_no", N_("This product is not batch-tracked: leave the batch empty."))
        return
    if not item.get("batch_no"):
        if given:
            errors.add(index, "batch_no", N_("This product is batch-tracked: give a batch."))
        return
    production = item.get("production_date")
    expiry = expiry_for(product, production, item.get("expiry_date"))
    existing = session.scalar(select(Batch).where(Batch.product_id == product.id, Batch.batch_no == item["batch_no"]))
    if existing is not None:
        if (production and existing.production_date and production != existing.production_date) or \
                (expiry and existing.expiry_date and expiry != existing.expiry_date):
            errors.add(index, "expiry_date", N_("The batch exists with other dates."))
            return
        production, expiry = existing.production_date or production, existing.expiry_date or expiry
    if expiry is None:
        errors.add(index, "expiry_date", N_("Give the production date or the expiry date."))
        errors.first(N_("%(product)s: batch %(batch)s needs an expiry date (or a production date)."),
                     product=str(product), batch=item["batch_no"])
        return
    if production and expiry < production:
        errors.add(index, "expiry_date", N_("Must not be before the production date."))
        return
    line.batch_no, line.production_date, line.expiry_date = item["batch_no"], production, expiry


def receipt_lines(session: Session, order: PurchaseOrder, requested: list[dict] | None, *,
                  exclude_receipt_id: int | None = None) -> list[GoodsReceiptLine]:
    """Receipt lines for all that remains of ``order`` (``requested`` empty) or for the
    lines asked. Raises ``ValidationFailed`` per line (not a line of the order, a unit
    that does not convert, too many decimals, beyond the tolerance — naming what may
    still be received —, batch problems) and ``Conflict`` (``nothing_remains``)."""
    progress = {p.line.id: p for p in order_progress(session, order, exclude_receipt_id=exclude_receipt_id)}
    out: list[GoodsReceiptLine] = []
    if not requested:
        for p in progress.values():
            if p.to_receive > 0:
                unit_id, qty = natural_unit(p.line, p.to_receive)
                out.append(_line(p.line, len(out) + 1, unit_id, qty, p.to_receive, None))
        if not out:
            raise Conflict(N_("Nothing remains to be received on %(document)s."), code="nothing_remains",
                           document=str(order))
        return out
    errors = LineErrors()
    taken: dict[int, Decimal] = {}
    for index, item in enumerate(requested):
        p = progress.get(item.get("origin_line_id"))
        if p is None:
            errors.add(index, "origin_line_id", N_("Not a line of this order."))
            errors.first(N_("Line %(index)s is not a line of %(document)s."), index=index + 1, document=str(order))
            continue
        origin = p.line
        unit_id = item.get("unit_id") or origin.unit_id
        factor = origin.product.factor(unit_id)
        qty = item.get("qty")
        if factor is None:
            errors.add(index, "unit_id", N_("This unit does not convert to the product's base unit."))
            continue
        if qty is None or qty <= 0:
            errors.add(index, "qty", N_("Must be greater than 0."))
            continue
        if not _decimals_ok(session, unit_id, qty) or round_qty(qty * factor) != qty * factor:
            errors.add(index, "qty", N_("Too many decimals for this unit."))
            continue
        qty_base = qty * factor
        left = p.receivable - taken.get(origin.id, ZERO)
        if qty_base > left:
            shown = in_unit(origin, unit_id, max(left, ZERO))
            unit = session.get(Unit, unit_id) if shown is not None else origin.product.base_unit
            errors.add(index, "qty", N_("More than may still be received."))
            errors.first(N_("%(product)s: only %(remaining)s %(unit)s may still be received on line %(line)s of "
                            "%(document)s (ordered quantity plus the over-receipt tolerance)."),
                         product=str(origin.product), remaining=plain(shown if shown is not None else max(left, ZERO)),
                         unit=unit.name, line=origin.line_no, document=str(order))
            continue
        price = item.get("unit_price")
        if price is not None and price < 0:
            errors.add(index, "unit_price", N_("Must not be negative."))
            continue
        taken[origin.id] = taken.get(origin.id, ZERO) + qty_base
        line = _line(origin, len(out) + 1, unit_id, qty, qty_base, price)
        read_batch(session, index, item, line, errors)
        out.append(line)
    errors.raise_if_any()
    return out


def _line(origin: PurchaseOrderLine, line_no: int, unit_id: int, qty: Decimal, qty_base: Decimal,
          price: Decimal | None) -> GoodsReceiptLine:
    factor = origin.product.factor(unit_id) or Decimal(1)
    if price is None:
        price = price_per_unit(origin.unit_price, origin.factor, factor)
    return GoodsReceiptLine(line_no=line_no, origin_line_id=origin.id, origin=origin, product=origin.product,
                            unit_id=unit_id, qty=qty, qty_base=qty_base, unit_price=price, vat_rate=origin.vat_rate)


def check_batches_given(doc: GoodsReceipt) -> None:
    """At approval: every line of a batch-tracked product names its batch and expiry (422)."""
    errors = LineErrors()
    for index, line in enumerate(doc.lines):
        if line.product.batch_tracked and (not line.batch_no or line.expiry_date is None):
            errors.add(index, "batch_no", N_("This product is batch-tracked: give a batch."))
            errors.first(N_("%(product)s is batch-tracked: give the batch number and expiry date of line %(line)s."),
                         product=str(line.product), line=line.line_no)
    errors.raise_if_any()


def check_within_tolerance(session: Session, doc: GoodsReceipt, tolerance: Decimal) -> None:
    """At approval: what the order line keeps (approved receipts − returns) plus this
    receipt stays within ordered × (1 + tolerance); ``Conflict`` (``over_receipt``) otherwise."""
    adding: dict[int, Decimal] = {}
    for line in doc.lines:
        adding[line.origin_line_id] = adding.get(line.origin_line_id, ZERO) + line.qty_base
    for line in doc.order.lines:
        extra = adding.get(line.id, ZERO)
        if extra and line.qty_kept + extra > receipt_limit(line, tolerance):
            left = max(receipt_limit(line, tolerance) - line.qty_kept, ZERO)
            raise Conflict(N_("%(product)s: only %(remaining)s %(unit)s may still be received on %(document)s."),
                           code="over_receipt", product=str(line.product), remaining=plain(left),
                           unit=line.product.base_unit.name, document=str(doc.order))

