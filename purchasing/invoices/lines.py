"""The lines of a supplier invoice, read from input against the goods receipts they bill.

Each line takes part of a receipt line: ``qty`` in ``unit_id`` (default the receipt
line's unit) at ``unit_price`` per that unit on the invoice's price basis (default the
receipt's price). Never more than remains to invoice: received − returned − invoiced by
approved invoices − what drafts of other invoices take (so making the invoice twice
makes nothing twice). The VAT rate is the receipt line's.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.documents.base import DocState, state_term
from erp.errors import N_, Conflict
from erp.money import price_excl_vat, price_incl_vat, round_qty
from erp.products.models import Unit
from inventory.stock.lines import LineErrors
from purchasing.invoices.models import SupplierInvoice, SupplierInvoiceLine
from purchasing.lines import price_per_unit
from purchasing.receipts.lines import in_unit, natural_unit, plain
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine

ZERO = Decimal(0)
UNAPPROVED = (DocState.DRAFT, DocState.PENDING)


def on_drafts(session: Session, receipt_line_ids: list[int], *, exclude_invoice_id: int | None = None
              ) -> dict[int, Decimal]:
    """Base quantity per receipt line on invoices not yet approved (nor cancelled)."""
    if not receipt_line_ids:
        return {}
    stmt = (select(SupplierInvoiceLine.origin_line_id, func.sum(SupplierInvoiceLine.qty_base))
            .join(SupplierInvoice, SupplierInvoice.id == SupplierInvoiceLine.document_id)
            .where(SupplierInvoiceLine.origin_line_id.in_(receipt_line_ids), SupplierInvoice.state.in_(UNAPPROVED))
            .group_by(SupplierInvoiceLine.origin_line_id))
    if exclude_invoice_id is not None:
        stmt = stmt.where(SupplierInvoice.id != exclude_invoice_id)
    return {key: total or ZERO for key, total in session.execute(stmt)}


def left_to_invoice(session: Session, receipts: list[GoodsReceipt], *, exclude_invoice_id: int | None = None
                    ) -> dict[int, Decimal]:
    """Per receipt line: what a new invoice may still bill (base unit, never below 0)."""
    lines = [line for receipt in receipts for line in receipt.lines]
    drafts = on_drafts(session, [line.id for line in lines], exclude_invoice_id=exclude_invoice_id)
    return {line.id: max(line.qty_to_invoice - drafts.get(line.id, ZERO), ZERO) for line in lines}


def default_price(origin: GoodsReceiptLine, unit_id: int, includes_vat: bool) -> Decimal:
    """The receipt's price per ``unit_id``, on the invoice's basis."""
    factor = origin.product.factor(unit_id) or Decimal(1)
    price = price_per_unit(origin.unit_price, origin.factor, factor)
    receipt_basis = origin.document.price_includes_vat
    if receipt_basis == includes_vat:
        return price
    return price_excl_vat(price, origin.vat_rate) if receipt_basis else price_incl_vat(price, origin.vat_rate)


def _line(origin: GoodsReceiptLine, line_no: int, unit_id: int, qty: Decimal, qty_base: Decimal,
          price: Decimal) -> SupplierInvoiceLine:
    return SupplierInvoiceLine(line_no=line_no, origin_line_id=origin.id, origin=origin,
                               receipt_id=origin.document_id, receipt=origin.document,
                               order_line_id=origin.origin_line_id, order_line=origin.origin,
                               product=origin.product, unit_id=unit_id, qty=qty, qty_base=qty_base,
                               unit_price=price, vat_rate=origin.vat_rate)


def _quantity_ok(session: Session, unit_id: int, qty: Decimal, factor: Decimal) -> bool:
    unit = session.get(Unit, unit_id)
    if unit is not None and qty != qty.quantize(Decimal(1).scaleb(-unit.decimals)):
        return False
    return round_qty(qty * factor) == qty * factor


def invoice_lines(session: Session, receipts: list[GoodsReceipt], requested: list[dict] | None,
                  includes_vat: bool, *, exclude_invoice_id: int | None = None) -> list[SupplierInvoiceLine]:
    """Lines for all that remains to invoice of ``receipts`` (``requested`` empty) or for
    ``[{origin_line_id, qty, unit_id?, unit_price?}]``. Raises ``ValidationFailed`` per
    line (not a line of these receipts, unit, decimals, more than remains — naming it —,
    a negative price) and ``Conflict`` (``nothing_remains``)."""
    left = left_to_invoice(session, receipts, exclude_invoice_id=exclude_invoice_id)
    by_id = {line.id: line for receipt in receipts for line in receipt.lines}
    names = ", ".join(str(receipt) for receipt in receipts)
    if not requested:
        out = []
        for origin in by_id.values():
            if left[origin.id] > 0:
                unit_id, qty = natural_unit(origin, left[origin.id])
                out.append(_line(origin, len(out) + 1, unit_id, qty, left[origin.id],
                                 default_price(origin, unit_id, includes_vat)))
        if not out:
            raise Conflict(N_("Nothing remains to be invoiced on %(document)s."), code="nothing_remains",
                           document=names)
        return out
    errors = LineErrors()
    out: list[SupplierInvoiceLine] = []
    for index, item in enumerate(requested):
        origin = by_id.get(item.get("origin_line_id"))
        if origin is None:
            errors.add(index, "origin_line_id", N_("Not a line of these receipts."))
            errors.first(N_("Line %(index)s is not a line of %(document)s."), index=index + 1, document=names)
            continue
        unit_id = item.get("unit_id") or origin.unit_id
        factor = origin.product.factor(unit_id)
        qty = item.get("qty")
        if factor is None:
            errors.add(index, "unit_id", N_("This unit does not convert to the product's base unit."))
            continue
        if qty is None or qty <= 0:
            errors.add(index, "qty", N_("Must be greater than 0."))
            continue
        if not _quantity_ok(session, unit_id, qty, factor):
            errors.add(index, "qty", N_("Too many decimals for this unit."))
            continue
        qty_base = qty * factor
        if qty_base > left[origin.id]:
            rest = left[origin.id]
            shown = in_unit(origin, unit_id, rest)
            unit = session.get(Unit, unit_id) if shown is not None else origin.product.base_unit
            errors.add(index, "qty", N_("More than remains to be invoiced."))
            errors.first(N_("%(product)s: only %(remaining)s %(unit)s of line %(line)s of %(document)s remain to be "
                            "invoiced (received minus returned minus invoiced)."),
                         product=str(origin.product), remaining=plain(shown if shown is not None else rest),
                         unit=unit.name, line=origin.line_no, document=str(origin.document))
            continue
        price = item.get("unit_price")
        if price is not None and price < 0:
            errors.add(index, "unit_price", N_("Must not be negative."))
            continue
        left[origin.id] -= qty_base
        out.append(_line(origin, len(out) + 1, unit_id, qty, qty_base,
                         default_price(origin, unit_id, includes_vat) if price is None else price))
    errors.raise_if_any()
    return out


def check_within_received(session: Session, invoice: SupplierInvoice) -> None:
    """At approval: every receipt still approved, and no receipt line billed beyond what it
    keeps and approved invoices have not billed yet (``Conflict`` ``over_invoicing``)."""
    for receipt in invoice.receipts:
        if receipt.state != DocState.APPROVED:
            raise Conflict(N_("Cannot invoice %(document)s: it is %(state)s; it must be approved."),
                           code="upstream_not_approved", document=str(receipt), state=state_term(receipt.state))
    taking: dict[int, Decimal] = {}
    for line in invoice.lines:
        taking[line.origin_line_id] = taking.get(line.origin_line_id, ZERO) + line.qty_base
    for line in invoice.lines:
        origin = line.origin
        if taking[origin.id] > origin.qty_to_invoice:
            raise Conflict(N_("%(product)s: only %(remaining)s %(unit)s of %(document)s remain to be invoiced."),
                           code="over_invoicing", product=str(origin.product), remaining=plain(origin.qty_to_invoice),
                           unit=origin.product.base_unit.name, document=str(origin.document))
