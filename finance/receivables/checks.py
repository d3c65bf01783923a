"""``erp check``: the receivables agree with the sales documents and receipts.

For each sales invoice: ``amount_open`` = gross (when approved) − approved credit notes −
allocations − write-offs; once booked, the ledger's open amount is the same. For each
receipt: the ledger booked its amount exactly while it is approved. Documents that sales
changed since the last booking are "pending", not problems: the next finance action
books them.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.checks import register_check
from erp.documents.base import DocState
from erp.sales.credit_notes.models import CreditNote
from erp.sales.invoices.models import SalesInvoice
from finance.ledger.checks import in_effect_write_off
from finance.ledger.models import Allocation, OpenItem, WriteOff
from finance.receipts.models import Receipt
from finance.receivables.booking import INVOICE, pending_bookings

ZERO = Decimal(0)
LIMIT = 50


@register_check("sales invoices' amount_open = invoices - credit notes - allocations - write-offs")
def check_invoices_open_amounts(session: Session) -> list[str]:
    credited = dict(session.execute(select(CreditNote.invoice_id, func.sum(CreditNote.total_gross))
                                    .where(CreditNote.state == DocState.APPROVED).group_by(CreditNote.invoice_id)).all())
    active = Allocation.reversed.is_(False)
    allocated = dict(session.execute(select(OpenItem.doc_id, func.sum(Allocation.amount))
                                     .join(Allocation, Allocation.charge_item_id == OpenItem.id)
                                     .where(OpenItem.doc_type == INVOICE, active).group_by(OpenItem.doc_id)).all())
    written = dict(session.execute(select(OpenItem.doc_id, func.sum(WriteOff.amount))
                                   .join(WriteOff, WriteOff.item_id == OpenItem.id)
                                   .where(OpenItem.doc_type == INVOICE, in_effect_write_off())
                                   .group_by(OpenItem.doc_id)).all())
    ledger = {doc_id: amount_open for doc_id, amount_open in session.execute(
        select(OpenItem.doc_id, OpenItem.amount_open).where(OpenItem.doc_type == INVOICE))}
    pending_invoices, pending_credits = pending_bookings(session)
    pending_by_credit = set(session.scalars(select(CreditNote.invoice_id).where(CreditNote.id.in_(pending_credits)))) \
        if pending_credits else set()
    problems = []
    for invoice_id, number, state, gross, amount_open in session.execute(
            select(SalesInvoice.id, SalesInvoice.number, SalesInvoice.state, SalesInvoice.total_gross,
                   SalesInvoice.amount_open)):
        owed = gross if state == DocState.APPROVED else ZERO
        expected = owed - (credited.get(invoice_id) or ZERO if state == DocState.APPROVED else ZERO) \
            - (allocated.get(invoice_id) or ZERO) - (written.get(invoice_id) or ZERO)
        if amount_open != expected:
            problems.append(f"sales invoice {number or invoice_id}: amount_open {amount_open}, expected {expected}")
        elif invoice_id in ledger and invoice_id not in pending_invoices and invoice_id not in pending_by_credit \
                and ledger[invoice_id] != amount_open:
            problems.append(f"sales invoice {number or invoice_id}: amount_open {amount_open}, "
                            f"ledger {ledger[invoice_id]}")
        if len(problems) >= LIMIT:
            break
    return problems


@register_check("approved receipts are booked for their amount")
def check_receipts_booked(session: Session) -> list[str]:
    booked = {doc_id: amount for doc_id, amount in session.execute(
        select(OpenItem.doc_id, OpenItem.amount).where(OpenItem.doc_type == Receipt.__doc_type__))}
    problems = []
    for receipt_id, number, state, amount in session.execute(
            select(Receipt.id, Receipt.number, Receipt.state, Receipt.amount)):
        expected = amount if state == DocState.APPROVED else ZERO
        if booked.get(receipt_id, ZERO) != expected:
            problems.append(f"receipt {number or receipt_id}: booked {booked.get(receipt_id, ZERO)}, expected {expected}")
            if len(problems) >= LIMIT:
                break
    return problems
