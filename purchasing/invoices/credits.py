"""Purchase returns of goods already invoiced: a supplier credit against the invoice.

The choice (the simplest that stays right to the fen): no separate credit-note document.
When a purchase return is approved, the returned goods come first out of what was not
yet invoiced on the receipt line; only the part that had been billed
(``qty_invoiced − qty_kept`` after the return) is credited, against the approved invoice
lines of that receipt line, newest invoice first, at the price the invoice charged (the
line's last part takes exactly the gross left on it). Each such part is a
:class:`SupplierCredit` row booked with ``book_credit`` against the invoice's charge, in
the return's approval transaction; the receipt line's ``qty_invoiced`` and
``amount_invoiced`` go down by it, so they always stay within what the line keeps.
Unapproving the return gives every credit back (``unbook_credit``).

A credit needs that much still open on the invoice: when the invoice is paid already,
the return's approval is refused (409 ``invoice_paid``) — reverse the payment's
allocation first; the payment then stays as the supplier's unapplied credit for the
next invoice. An invoice with credits cannot be unapproved (the ledger's rule).
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.db import utcnow
from erp.documents.base import DocState
from erp.documents.services import get_document
from erp.errors import N_, Conflict
from erp.money import line_amounts
from finance.ledger import services as ledger
from purchasing.invoices.models import SupplierCredit, SupplierInvoice, SupplierInvoiceLine
from purchasing.lines import price_per_unit
from purchasing.receipts.models import GoodsReceiptLine
from purchasing.returns.models import PurchaseReturn, PurchaseReturnLine

ZERO = Decimal(0)
CREDIT = "supplier_credit"


def _billed_lines(session: Session, receipt_line_id: int) -> list[SupplierInvoiceLine]:
    """Approved invoice lines of a receipt line with something not yet credited, newest first."""
    return list(session.scalars(
        select(SupplierInvoiceLine).join(SupplierInvoice, SupplierInvoice.id == SupplierInvoiceLine.document_id)
        .where(SupplierInvoiceLine.origin_line_id == receipt_line_id, SupplierInvoice.state == DocState.APPROVED,
               SupplierInvoiceLine.qty_credited < SupplierInvoiceLine.qty_base)
        .order_by(SupplierInvoice.doc_date.desc(), SupplierInvoice.id.desc(), SupplierInvoiceLine.id.desc())))


def credit_amount(line: SupplierInvoiceLine, qty_base: Decimal) -> Decimal:
    """The gross the invoice line charged for ``qty_base``: all that is left of the line
    for its last part, else the quantity at the line's price per base unit."""
    if qty_base == line.qty_base - line.qty_credited:
        return line.amount_gross - line.amount_credited
    per_base = price_per_unit(line.unit_price, line.factor, Decimal(1))
    amount = line_amounts(qty_base, per_base, line.vat_rate, price_includes_vat=line.document.price_includes_vat).gross
    return min(amount, line.amount_gross - line.amount_credited)


def _credit(session: Session, actor: User, doc: PurchaseReturn, return_line: PurchaseReturnLine,
            invoice_line: SupplierInvoiceLine, qty_base: Decimal) -> SupplierCredit:
    invoice = get_document(session, SupplierInvoice, invoice_line.document_id, for_update=True)
    amount = credit_amount(invoice_line, qty_base)
    charge = ledger.item_of(session, invoice.__doc_type__, invoice.id)
    if charge is None or charge.amount_open < amount:
        raise Conflict(N_("%(invoice)s has only %(open)s still to pay; returning these goods takes %(amount)s off it. "
                          "Reverse a payment allocated to it first."), code="invoice_paid", invoice=str(invoice),
                       open=charge.amount_open if charge is not None else ZERO, amount=amount)
    credit = SupplierCredit(supplier_id=doc.supplier_id, return_id=doc.id, return_line_id=return_line.id,
                            invoice_id=invoice.id, invoice_line_id=invoice_line.id, credit_date=doc.doc_date,
                            qty_base=qty_base, amount=amount)
    session.add(credit)
    session.flush()
    if amount > 0:
        ledger.book_credit(session, doc=ledger.DocRef(CREDIT, credit.id, doc.number, doc.doc_date), charge=charge,
                           amount=amount, user_id=actor.id)
    _count(invoice_line, return_line.origin, qty_base, amount, +1)
    return credit


def _count(invoice_line: SupplierInvoiceLine, receipt_line: GoodsReceiptLine, qty_base: Decimal, amount: Decimal,
           sign: int) -> None:
    invoice_line.qty_credited += sign * qty_base
    invoice_line.amount_credited += sign * amount
    receipt_line.qty_invoiced -= sign * qty_base
    receipt_line.amount_invoiced -= sign * amount


def credit_returned_goods(session: Session, actor: User, doc: PurchaseReturn) -> list[SupplierCredit]:
    """At the return's approval (after its quantities were counted on the receipt lines):
    credit what it sent back of goods already invoiced. Raises ``Conflict``
    (``invoice_paid``) when an invoice has not that much open."""
    made = []
    by_origin: dict[int, list[PurchaseReturnLine]] = {}
    for line in doc.lines:
        by_origin.setdefault(line.origin_line_id, []).append(line)
    for lines in by_origin.values():
        receipt_line = lines[0].origin
        over = receipt_line.qty_invoiced - receipt_line.qty_kept
        for return_line in lines:
            take = min(max(over, ZERO), return_line.qty_base)
            over -= take
            for invoice_line in _billed_lines(session, receipt_line.id) if take > 0 else []:
                part = min(take, invoice_line.qty_base - invoice_line.qty_credited)
                made.append(_credit(session, actor, doc, return_line, invoice_line, part))
                take -= part
                if take <= 0:
                    break
    session.flush()
    return made


def credits_of_return(session: Session, return_id: int, *, active_only: bool = True) -> list[SupplierCredit]:
    stmt = select(SupplierCredit).where(SupplierCredit.return_id == return_id).order_by(SupplierCredit.id)
    if active_only:
        stmt = stmt.where(SupplierCredit.reversed.is_(False))
    return list(session.scalars(stmt))


def credits_of_invoice(session: Session, invoice_id: int) -> list[SupplierCredit]:
    """Every credit purchase returns gave on the invoice, reversed ones included."""
    return list(session.scalars(select(SupplierCredit).where(SupplierCredit.invoice_id == invoice_id)
                                .order_by(SupplierCredit.id)))


def reverse_return_credits(session: Session, actor: User, doc: PurchaseReturn) -> None:
    """At the return's unapproval: every credit it gave goes back onto its invoice."""
    for credit in credits_of_return(session, doc.id):
        get_document(session, SupplierInvoice, credit.invoice_id, for_update=True)
        ledger.unbook_credit(session, CREDIT, credit.id, user_id=actor.id)
        return_line = next(line for line in doc.lines if line.id == credit.return_line_id)
        _count(credit.invoice_line, return_line.origin, credit.qty_base, credit.amount, -1)
        credit.reversed, credit.reversed_at = True, utcnow()
    session.flush()
