"""The lines of a purchase return, read from input against the goods receipt they come from.

Each line takes part of a receipt line: ``qty`` in ``unit_id`` (default the receipt
line's unit) out of ``batch_id`` (default the receipt line's batch), at the receipt's
price. Never more than received minus returned (drafts of other returns count). The
amounts are those of the quantity at that price; the line that takes all that is left
of a receipt line takes exactly the amounts left, so that returns add up to the fen.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.documents.base import DocState, state_term
from erp.errors import N_, Conflict
from erp.money import LineAmounts, line_amounts, round_qty
from erp.products.models import Unit
from inventory.batches.models import Batch
from inventory.batches.services import batch_problem
from inventory.stock.lines import LineErrors
from purchasing.lines import price_per_unit, set_amounts
from purchasing.receipts.lines import in_unit, natural_unit, plain
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine
from purchasing.returns.models import PurchaseReturn, PurchaseReturnLine

ZERO = Decimal(0)


@dataclass
class Left:
    """What is left to return of a receipt line: base quantity and amounts."""

    qty: Decimal
    amounts: LineAmounts

    def take(self, qty: Decimal, amounts: LineAmounts) -> None:
        self.qty -= qty
        self.amounts = LineAmounts(self.amounts.net - amounts.net, self.amounts.tax - amounts.tax,
                                   self.amounts.gross - amounts.gross)

    def amounts_for(self, qty: Decimal, computed: LineAmounts) -> LineAmounts:
        """All that is left for the last part, else the computed amounts (never more than is left)."""
        if qty == self.qty or computed.net > self.amounts.net or computed.gross > self.amounts.gross:
            return self.amounts
        return computed


def left_to_return(session: Session, receipt: GoodsReceipt, *, exclude_return_id: int | None = None
                   ) -> dict[int, Left]:
    """Per receipt line: received minus what purchase returns that are not cancelled take."""
    ids = [line.id for line in receipt.lines]
    stmt = (select(PurchaseReturnLine.origin_line_id, func.sum(PurchaseReturnLine.qty_base),
                   func.sum(PurchaseReturnLine.amount_net), func.sum(PurchaseReturnLine.amount_tax),
                   func.sum(PurchaseReturnLine.amount_gross))
            .join(PurchaseReturn, PurchaseReturn.id == PurchaseReturnLine.document_id)
            .where(PurchaseReturnLine.origin_line_id.in_(ids), PurchaseReturn.state != DocState.CANCELLED)
            .group_by(PurchaseReturnLine.origin_line_id))
    if exclude_return_id is not None:
        stmt = stmt.where(PurchaseReturn.id != exclude_return_id)
    out = {line.id: Left(line.qty_base, line.amounts) for line in receipt.lines}
    for line_id, qty, net, tax, gross in session.execute(stmt):
        out[line_id].take(qty or ZERO, LineAmounts(net or ZERO, tax or ZERO, gross or ZERO))
    return out


def _batch_id(session: Session, index: int, item: dict, origin: GoodsReceiptLine,
              errors: LineErrors) -> int | None:
    """The batch the goods leave from: the one named, else the receipt line's."""
    batch_id = item.get("batch_id") or origin.batch_id
    batch = session.get(Batch, batch_id) if batch_id else None
    if batch_id and batch is None:
        errors.add(index, "batch_id", N_("Unknown batch."))
        return None
    problem = batch_problem(origin.product, batch)
    if problem:
        errors.add(index, "batch_id", problem)
    return batch_id


def _quantity_ok(session: Session, unit_id: int, qty: Decimal, factor: Decimal) -> bool:
    unit = session.get(Unit, unit_id)
    if unit is not None and qty != qty.quantize(Decimal(1).scaleb(-unit.decimals)):
        return False
    return round_qty(qty * factor) == qty * factor


def return_lines(session: Session, receipt: GoodsReceipt, requested: list[dict] | None, *,
                 exclude_return_id: int | None = None) -> list[PurchaseReturnLine]:
    """Return lines for all that is left of the receipt (``requested`` empty) or for
    ``[{origin_line_id, qty, unit_id?, batch_id?}]``. Raises ``ValidationFailed`` per line
    (not a line of the receipt, unit, decimals, more than received minus returned —
    naming what is left —, a batch of another product) and ``Conflict`` (``nothing_remains``)."""
    left = left_to_return(session, receipt, exclude_return_id=exclude_return_id)
    by_id = {line.id: line for line in receipt.lines}
    if not requested:
        requested = [{"origin_line_id": line.id} for line in receipt.lines if left[line.id].qty > 0]
        if not requested:
            raise Conflict(N_("Nothing is left to return on %(document)s."), code="nothing_remains",
                           document=str(receipt))
    errors = LineErrors()
    out: list[PurchaseReturnLine] = []
    for index, item in enumerate(requested):
        origin = by_id.get(item.get("origin_line_id"))
        if origin is None:
            errors.add(index, "origin_line_id", N_("Not a line of this receipt."))
            errors.first(N_("Line %(index)s is not a line of %(document)s."), index=index + 1, document=str(receipt))
            continue
        rest = left[origin.id]
        if item.get("qty") is None:
            unit_id, qty = natural_unit(origin, rest.qty)
        else:
            unit_id, qty = item.get("unit_id") or origin.unit_id, item["qty"]
        factor = origin.product.factor(unit_id)
        if factor is None:
            errors.add(index, "unit_id", N_("This unit does not convert to the product's base unit."))
            continue
        if qty <= 0:
            errors.add(index, "qty", N_("Must be greater than 0."))
            continue
        if not _quantity_ok(session, unit_id, qty, factor):
            errors.add(index, "qty", N_("Too many decimals for this unit."))
            continue
        qty_base = qty * factor
        if qty_base > rest.qty:
            shown = in_unit(origin, unit_id, max(rest.qty, ZERO))
            unit = session.get(Unit, unit_id) if shown is not None else origin.product.base_unit
            errors.add(index, "qty", N_("More than received minus returned."))
            errors.first(N_("%(product)s: only %(remaining)s %(unit)s of line %(line)s of %(document)s are left "
                            "to return (received minus returned)."),
                         product=str(origin.product), line=origin.line_no, document=str(receipt), unit=unit.name,
                         remaining=plain(shown if shown is not None else max(rest.qty, ZERO)))
            continue
        batch_id = _batch_id(session, index, item, origin, errors)
        if index in errors.by_index:
            continue
        line = PurchaseReturnLine(line_no=len(out) + 1, origin_line_id=origin.id, origin=origin,
                                  product=origin.product, unit_id=unit_id, qty=qty, qty_base=qty_base,
                                  unit_price=price_per_unit(origin.unit_price, origin.factor, factor),
                                  vat_rate=origin.vat_rate, batch_id=batch_id)
        computed = line_amounts(qty, line.unit_price, line.vat_rate, price_includes_vat=receipt.price_includes_vat)
        amounts = rest.amounts_for(qty_base, computed)
        set_amounts(line, amounts)
        rest.take(qty_base, amounts)
        out.append(line)
    errors.raise_if_any()
    return out


def check_returnable(doc: PurchaseReturn) -> None:
    """At approval: the receipt is still approved and its lines keep at least what this
    return takes (approved returns counted); ``Conflict`` otherwise."""
    if doc.receipt.state != DocState.APPROVED:
        raise Conflict(N_("Cannot return goods of %(document)s: it is %(state)s; it must be approved."),
                       code="upstream_not_approved", document=str(doc.receipt), state=state_term(doc.receipt.state))
    taking: dict[int, Decimal] = {}
    for line in doc.lines:
        taking[line.origin_line_id] = taking.get(line.origin_line_id, ZERO) + line.qty_base
    for origin in doc.receipt.lines:
        if taking.get(origin.id, ZERO) > origin.qty_kept:
            raise Conflict(N_("%(product)s: only %(remaining)s %(unit)s of %(document)s are left to return."),
                           code="over_return", product=str(origin.product), remaining=plain(origin.qty_kept),
                           unit=origin.product.base_unit.name, document=str(doc.receipt))

