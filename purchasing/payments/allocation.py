"""Allocation (付款核销) of payments to supplier invoices, by hand or by confirmed
proposals of automatic matching; reversing an allocation; writing off a small difference
(尾差) left on an invoice or a payment, as on the receivables side.

The same mechanics as receivables: finance's generic ledger
(:func:`finance.ledger.services.allocate_ids`, :func:`~finance.ledger.services.reverse_allocation`)
and matcher (:func:`finance.ledger.matching.propose`) on ``Side.PAYABLE``. Both items are
row-locked in id order and moved by conditional UPDATEs, so two clerks allocating the
same money at once cannot both win. What a payment does not cover stays open on it: the
supplier's unapplied credit (a prepayment), allocated later.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import require
from erp.documents.base import state_term
from erp.documents.services import get_document
from erp.errors import N_, Conflict, ValidationFailed
from finance.allocation.services import write_off_item
from finance.ledger import allocations, matching
from finance.ledger import services as ledger
from finance.ledger.models import Allocation, ItemKind, OpenItem, Side, WriteOff
from finance.permissions import WRITE_OFF
from purchasing.invoices.models import SupplierInvoice
from purchasing.payments.models import Payment
from purchasing.permissions import PAYMENT_ALLOCATE, PAYMENT_UNALLOCATE

INVOICE, PAYMENT = SupplierInvoice.__doc_type__, Payment.__doc_type__


@dataclass(frozen=True, slots=True)
class Line:
    """One allocation asked for: ``amount`` of payment ``payment_id`` to invoice ``invoice_id``."""

    payment_id: int
    invoice_id: int
    amount: Decimal


def payment_item(session: Session, payment_id: int) -> OpenItem:
    """The open payment of an approved payment (404 unknown, 409 not approved)."""
    payment = get_document(session, Payment, payment_id)
    item = ledger.item_of(session, PAYMENT, payment.id)
    if item is None or item.amount == 0:
        raise Conflict(N_("%(document)s is %(state)s; only an approved payment can be allocated."),
                       code="payment_not_approved", document=str(payment), state=state_term(payment.state))
    return item


def invoice_item(session: Session, invoice_id: int) -> OpenItem:
    """The open charge of an approved supplier invoice (404 unknown, 409 not approved)."""
    invoice = get_document(session, SupplierInvoice, invoice_id)
    item = ledger.item_of(session, INVOICE, invoice.id)
    if item is None or item.amount == 0:
        raise Conflict(N_("%(document)s is %(state)s; only an approved invoice can be allocated to."),
                       code="invoice_not_approved", document=str(invoice), state=state_term(invoice.state))
    return item


def apply_lines(session: Session, actor: User, lines: list[Line], on: dt.date | None = None, *,
                method: str = "manual", note: str | None = None) -> list[Allocation]:
    """Allocate each line on ``on`` (default: today, or the later document's date) — all or
    none: the caller's transaction rolls back at the first refusal. Raises ``Conflict``
    (more than is open on the invoice ``over_allocation``, more than is unapplied on the
    payment ``over_payment``, another supplier's invoice ``other_party``, not approved),
    ``PeriodClosed``, ``ValidationFailed``, ``NotFound``, ``Forbidden``."""
    require(actor, PAYMENT_ALLOCATE)
    if not lines:
        raise ValidationFailed(N_("Name at least one invoice to allocate to."),
                               fields={"lines": [N_("Name at least one invoice to allocate to.")]})
    items = ((payment_item(session, line.payment_id), invoice_item(session, line.invoice_id), line.amount)
             for line in lines)
    return allocations.allocate_each(session, actor, items, on, method=method, note=note)


def allocate_payment(session: Session, actor: User, payment_id: int, data: dict) -> list[Allocation]:
    """``POST /payments/{id}/allocations``: ``lines`` ``[{invoice_id, amount}]``, optional
    ``alloc_date`` and ``note``."""
    lines = [Line(payment_id, item["invoice_id"], item["amount"]) for item in data.get("lines") or []]
    return apply_lines(session, actor, lines, data.get("alloc_date"), note=data.get("note"))


def apply_matches(session: Session, actor: User, data: dict) -> list[Allocation]:
    """Confirm proposals: ``lines`` ``[{payment_id, invoice_id, amount}]`` (each checked
    again; all or none), optional ``alloc_date``."""
    lines = [Line(item["payment_id"], item["invoice_id"], item["amount"]) for item in data.get("lines") or []]
    return apply_lines(session, actor, lines, data.get("alloc_date"), method="auto", note=data.get("note"))


def reverse_payment_allocation(session: Session, actor: User, allocation_id: int, data: dict) -> Allocation:
    """取消核销 of a payment's allocation, dated ``reversal_date`` (today), with a ``reason``.
    Receivables' allocations are not found here (404)."""
    require(actor, PAYMENT_UNALLOCATE)
    return ledger.reverse_allocation(session, actor, allocation_id, data.get("reversal_date") or clock.today(),
                                     data.get("reason"), side=Side.PAYABLE)


def write_off_payable_difference(session: Session, actor: User, data: dict) -> WriteOff:
    """Write off a small difference: what is left unpaid on a supplier invoice
    (``invoice_id``, e.g. the supplier forgave the fen) or unapplied on a payment
    (``payment_id``); ``amount`` defaults to all of it; at most the admin's limit (setting
    ``finance.write_off_limit``, 403 above it); ``reason`` required; dated ``wo_date``
    (today). Raises ``ValidationFailed``, ``Conflict`` (more than open, not approved),
    ``PeriodClosed``, ``NotFound``, ``Forbidden``."""
    require(actor, WRITE_OFF)
    if bool(data.get("invoice_id")) == bool(data.get("payment_id")):
        raise ValidationFailed(N_("Name either an invoice or a payment."),
                               fields={"invoice_id": [N_("Name either an invoice or a payment.")]})
    if data.get("invoice_id"):
        item = invoice_item(session, data["invoice_id"])
    else:
        item = payment_item(session, data["payment_id"])
    return write_off_item(session, actor, item, data)


def reverse_payable_write_off(session: Session, actor: User, write_off_id: int, data: dict) -> WriteOff:
    """取消尾差核销 of a payable write-off, dated ``reversal_date`` (today), with a
    ``reason``: the difference is open again on the supplier invoice or the payment."""
    require(actor, WRITE_OFF)
    return ledger.reverse_write_off(session, actor, write_off_id, data.get("reversal_date") or clock.today(),
                                    data.get("reason"), side=Side.PAYABLE)


def open_items(session: Session, kind: ItemKind, *, supplier_id: int | None = None, payment_id: int | None = None,
               parties=None) -> list:
    """Open payable items of a kind, as light rows."""
    return allocations.open_items(session, Side.PAYABLE, kind, party_id=supplier_id, doc_type=PAYMENT,
                                  doc_id=payment_id, parties=parties)


def open_invoices_of(session: Session, actor: User, supplier_id: int) -> list:
    """The supplier's open invoices (charges, as rows), oldest due first — what a payment can go to."""
    require(actor, PAYMENT_ALLOCATE)
    return allocations.by_due_date(open_items(session, ItemKind.CHARGE, supplier_id=supplier_id))


def propose_matches(session: Session, actor: User, *, supplier_id: int | None = None,
                    payment_id: int | None = None) -> list[matching.Proposal]:
    """What automatic matching would allocate (writes nothing): for one payment, one
    supplier's unapplied payments, or everyone's. A payment's reference naming an invoice
    (our number, or the supplier's, kept as the charge's reference) goes first."""
    require(actor, PAYMENT_ALLOCATE)
    if payment_id is not None:
        supplier_id = get_document(session, Payment, payment_id).supplier_id
    payments = open_items(session, ItemKind.PAYMENT, supplier_id=supplier_id, payment_id=payment_id)
    if not payments:
        return []
    charges = open_items(session, ItemKind.CHARGE, supplier_id=supplier_id,
                         parties=sorted({p.party_id for p in payments}))
    return matching.propose(payments, [_quoting(charge, payments) for charge in charges])


@dataclass(frozen=True, slots=True)
class _Charge:
    """A charge as the matcher reads it, its number being what a payment's reference quotes."""

    id: int
    party_id: int
    number: str | None
    due_date: dt.date
    doc_date: dt.date
    amount_open: Decimal
    doc_id: int
    doc_type: str
    reference: str | None


def _quoting(charge, payments) -> _Charge:
    """Suppliers' transfers quote the supplier's own invoice number more often than ours:
    offer the matcher whichever of the two a payment's reference contains."""
    number = charge.number
    references = " ".join((p.reference or "").upper() for p in payments if p.party_id == charge.party_id)
    if charge.reference and (not number or number.upper() not in references) \
            and charge.reference.upper() in references:
        number = charge.reference
    return _Charge(charge.id, charge.party_id, number, charge.due_date, charge.doc_date, charge.amount_open,
                   charge.doc_id, charge.doc_type, charge.reference)


def query_allocations(*, supplier_id: int | None = None, payment_id: int | None = None,
                      invoice_id: int | None = None, include_reversed: bool = True) -> Select:
    return allocations.query_allocations(Side.PAYABLE, party_id=supplier_id, payment=(PAYMENT, payment_id),
                                         charge=(INVOICE, invoice_id), include_reversed=include_reversed)
