"""Three-way match (三单匹配) of a supplier invoice: order, receipt and invoice.

Per invoice line:

* **price**: the invoice's unit price against the order line's and the receipt line's,
  compared per base unit on the invoice's price basis (with or without VAT). A
  difference beyond ``purchasing.invoice_price_tolerance`` (a fraction, default 0.01 =
  1 %) of either is a ``price_mismatch``.
* **quantity**: the invoice may never bill more than was received and not returned nor
  invoiced already (refused on entry and at approval). The match compares what all
  approved invoices of the order line bill, net of credits, plus this invoice, with the
  quantity ordered: more than ordered × (1 + ``purchasing.invoice_qty_tolerance``,
  default 0) — goods received beyond the order within the over-receipt tolerance, now
  billed — is a ``qty_mismatch``. Billing less than received is a partial invoice, not a
  mismatch (the rest stays to invoice).

Either flag makes the approval engine ask for ``supplier_invoice.approve_manager`` (rules
seeded by the migration; editable on the approval rules page).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.documents.approvals import register_flag
from erp.documents.base import DocState
from erp.errors import N_
from erp.money import round_price
from purchasing.invoices.models import SupplierInvoice, SupplierInvoiceLine
from purchasing.receipts.lines import plain
from purchasing.settings import invoice_price_tolerance, invoice_qty_tolerance

ZERO = Decimal(0)
ONE = Decimal(1)

PRICE_MISMATCH, QTY_MISMATCH = "price_mismatch", "qty_mismatch"
register_flag("supplier_invoice", PRICE_MISMATCH, N_("Invoice price differs from the order or receipt price"))
register_flag("supplier_invoice", QTY_MISMATCH, N_("Invoiced quantity exceeds the ordered quantity"))


def on_basis(price: Decimal, vat_rate: Decimal, includes_vat: bool, wanted_includes_vat: bool) -> Decimal:
    """A price given with (or without) VAT, on the other basis (unrounded: for comparing)."""
    if includes_vat == wanted_includes_vat:
        return price
    return price / (ONE + vat_rate) if includes_vat else price * (ONE + vat_rate)


def within(value: Decimal, reference: Decimal, tolerance: Decimal) -> bool:
    return abs(value - reference) <= abs(reference) * tolerance


@dataclass
class LineMatch:
    """The three figures of one invoice line, prices per the line's unit on the invoice's basis."""

    line: SupplierInvoiceLine
    order_price: Decimal
    receipt_price: Decimal
    ordered: Decimal
    received: Decimal
    #: On the order line, by other approved invoices (net of credits) plus this invoice.
    invoiced: Decimal
    price_ok: bool
    qty_ok: bool

    @property
    def status(self) -> str:
        """``ok``, ``price_mismatch``, ``qty_mismatch`` or ``price_qty_mismatch``."""
        if self.price_ok and self.qty_ok:
            return "ok"
        if self.qty_ok:
            return PRICE_MISMATCH
        return QTY_MISMATCH if self.price_ok else "price_qty_mismatch"


def invoiced_elsewhere(session: Session, order_line_ids: list[int], invoice_id: int | None) -> dict[int, Decimal]:
    """Base quantity per order line billed by approved invoices other than ``invoice_id``,
    net of what purchase returns credited."""
    if not order_line_ids:
        return {}
    stmt = (select(SupplierInvoiceLine.order_line_id,
                   func.sum(SupplierInvoiceLine.qty_base) - func.sum(SupplierInvoiceLine.qty_credited))
            .join(SupplierInvoice, SupplierInvoice.id == SupplierInvoiceLine.document_id)
            .where(SupplierInvoiceLine.order_line_id.in_(order_line_ids), SupplierInvoice.state == DocState.APPROVED)
            .group_by(SupplierInvoiceLine.order_line_id))
    if invoice_id is not None:
        stmt = stmt.where(SupplierInvoice.id != invoice_id)
    return {key: total or ZERO for key, total in session.execute(stmt)}


def match_invoice(session: Session, invoice: SupplierInvoice) -> list[LineMatch]:
    """The match of every line of ``invoice`` (a draft or an approved one)."""
    price_tolerance, qty_tolerance = invoice_price_tolerance(session), invoice_qty_tolerance(session)
    order_line_ids = sorted({line.order_line_id for line in invoice.lines})
    billed = invoiced_elsewhere(session, order_line_ids, invoice.id)
    mine: dict[int, Decimal] = {}
    for line in invoice.lines:
        kept = line.qty_base - (line.qty_credited or ZERO)
        mine[line.order_line_id] = mine.get(line.order_line_id, ZERO) + kept
    out = []
    for line in invoice.lines:
        receipt_line, order_line = line.origin, line.order_line
        basis = invoice.price_includes_vat
        per_base = line.unit_price / line.factor
        order_base = on_basis(order_line.unit_price / order_line.factor, order_line.vat_rate,
                              order_line.document.price_includes_vat, basis)
        receipt_base = on_basis(receipt_line.unit_price / receipt_line.factor, receipt_line.vat_rate,
                                receipt_line.document.price_includes_vat, basis)
        invoiced = billed.get(line.order_line_id, ZERO) + mine[line.order_line_id]
        limit = order_line.qty_base * (ONE + qty_tolerance)
        out.append(LineMatch(
            line, round_price(order_base * line.factor), round_price(receipt_base * line.factor),
            order_line.qty_base, receipt_line.qty_kept, invoiced,
            price_ok=within(per_base, order_base, price_tolerance) and within(per_base, receipt_base, price_tolerance),
            qty_ok=invoiced <= limit))
    return out


def match_flags(session: Session, invoice: SupplierInvoice) -> dict[str, str]:
    """The approval flags of the invoice, each with the lines that raise it (shown to the approver)."""
    flags: dict[str, list[str]] = {}
    for m in match_invoice(session, invoice):
        unit = m.line.unit.name if m.line.unit is not None else ""
        if not m.price_ok:
            flags.setdefault(PRICE_MISMATCH, []).append(
                f"{m.line.product.name}: {plain(m.line.unit_price)}/{unit} ≠ "
                f"{plain(m.order_price)} / {plain(m.receipt_price)}")
        if not m.qty_ok:
            base = m.line.product.base_unit.name
            flags.setdefault(QTY_MISMATCH, []).append(
                f"{m.line.product.name}: {plain(m.invoiced)} > {plain(m.ordered)} {base}")
    return {flag: "; ".join(dict.fromkeys(texts)) for flag, texts in flags.items()}
