"""``erp check``: what supplier invoices, their credits and payments recorded agrees with
the documents and with the payables ledger, to the unit and the fen.

* receipt lines: invoiced quantity and gross = Σ approved invoice lines less their credits;
* invoice lines: credited quantity and gross = Σ the active supplier credits;
* the ledger: an approved invoice is booked for its gross, an approved payment for its
  amount, anything else for 0; every active credit is booked for its amount.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.checks import register_check
from erp.documents.base import DocState
from finance.ledger.models import BookedCredit, OpenItem
from purchasing.invoices.models import SupplierCredit, SupplierInvoice, SupplierInvoiceLine
from purchasing.payments.models import Payment
from purchasing.receipts.models import GoodsReceiptLine

ZERO = Decimal(0)
LIMIT = 50


def _compare(label: str, recorded: dict, expected: dict) -> list[str]:
    problems = []
    for key in sorted(set(recorded) | set(expected)):
        have, want = recorded.get(key, ZERO), expected.get(key, ZERO)
        if have != want:
            problems.append(f"{label} {key}: {have} recorded, {want} by the documents")
            if len(problems) >= LIMIT:
                break
    return problems


@register_check("supplier invoices, credits and payments agree with the receipts and the ledger")
def check_supplier_invoices(session: Session) -> list[str]:
    approved = (select(SupplierInvoiceLine.origin_line_id,
                       func.sum(SupplierInvoiceLine.qty_base) - func.sum(SupplierInvoiceLine.qty_credited),
                       func.sum(SupplierInvoiceLine.amount_gross) - func.sum(SupplierInvoiceLine.amount_credited))
                .join(SupplierInvoice, SupplierInvoice.id == SupplierInvoiceLine.document_id)
                .where(SupplierInvoice.state == DocState.APPROVED).group_by(SupplierInvoiceLine.origin_line_id))
    sums = session.execute(approved).all()
    lines = session.execute(select(GoodsReceiptLine.id, GoodsReceiptLine.qty_invoiced,
                                   GoodsReceiptLine.amount_invoiced)).all()
    problems = _compare("invoiced (receipt line)", {i: q for i, q, _ in lines if q}, {i: q for i, q, _ in sums if q})
    problems += _compare("invoiced amount (receipt line)", {i: a for i, _, a in lines if a},
                         {i: a for i, _, a in sums if a})
    active = SupplierCredit.reversed.is_(False)
    credits = session.execute(select(SupplierCredit.invoice_line_id, func.sum(SupplierCredit.qty_base),
                                     func.sum(SupplierCredit.amount)).where(active)
                              .group_by(SupplierCredit.invoice_line_id)).all()
    invoice_lines = session.execute(select(SupplierInvoiceLine.id, SupplierInvoiceLine.qty_credited,
                                           SupplierInvoiceLine.amount_credited)).all()
    problems += _compare("credited (invoice line)", {i: q for i, q, _ in invoice_lines if q},
                         {i: q for i, q, _ in credits})
    problems += _compare("credited amount (invoice line)", {i: a for i, _, a in invoice_lines if a},
                         {i: a for i, _, a in credits if a})
    booked = {f"{doc_type}:{doc_id}": amount for doc_type, doc_id, amount in session.execute(
        select(OpenItem.doc_type, OpenItem.doc_id, OpenItem.amount)
        .where(OpenItem.doc_type.in_([SupplierInvoice.__doc_type__, Payment.__doc_type__])))}
    expected = {f"supplier_invoice:{i}": total for i, total in session.execute(
        select(SupplierInvoice.id, SupplierInvoice.total_gross).where(SupplierInvoice.state == DocState.APPROVED))}
    expected.update({f"payment:{i}": amount for i, amount in session.execute(
        select(Payment.id, Payment.amount).where(Payment.state == DocState.APPROVED))})
    problems += _compare("booked", {k: v for k, v in booked.items() if v}, expected)
    credit_booked = dict(session.execute(select(BookedCredit.doc_id, BookedCredit.amount)
                                         .where(BookedCredit.doc_type == "supplier_credit")).all())
    problems += _compare("credit booked", {k: v for k, v in credit_booked.items() if v}, {
        i: amount for i, amount in session.execute(select(SupplierCredit.id, SupplierCredit.amount).where(active))
        if amount})
    return problems
