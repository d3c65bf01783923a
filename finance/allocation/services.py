"""Allocation (核销) of receipts to sales invoices, by hand or by confirmed proposals;
reversing an allocation; writing off a small difference.

Everything works on the generic ledger (:mod:`finance.ledger.services`), after booking
what sales approved (:func:`finance.receivables.booking.book_sales_documents`). Over-
payment simply stays open on the receipt: the customer's unapplied credit, allocated
later, to the next invoice, by hand or by automatic matching.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import require
from erp.documents.base import state_term
from erp.documents.services import get_document
from erp.errors import N_, Conflict, Forbidden, NotFound, ValidationFailed
from erp.sales.invoices.models import SalesInvoice
from erp.settings.services import declare, get_setting
from finance.ledger import allocations, matching
from finance.ledger import services as ledger
from finance.ledger.models import Allocation, ItemKind, OpenItem, Side, WriteOff
from finance.permissions import ALLOCATION_CREATE, ALLOCATION_REVERSE, WRITE_OFF
from finance.receipts.models import Receipt
from finance.receivables.booking import INVOICE, book_sales_documents


def _valid_limit(value: Decimal) -> str | None:
    return None if value >= 0 else N_("Must not be negative.")


WRITE_OFF_LIMIT = declare("finance.write_off_limit", N_("Write-off limit for small differences (yuan)"), Decimal("10.00"), validate=_valid_limit,
                          help=N_("The most one write-off of a small difference may clear; more needs a credit note or a refund"))


@dataclass(frozen=True, slots=True)
class Line:
    """One allocation asked for: ``amount`` of receipt ``receipt_id`` to invoice ``invoice_id``."""

    receipt_id: int
    invoice_id: int
    amount: Decimal


def receipt_item(session: Session, receipt_id: int) -> OpenItem:
    """The open payment of an approved receipt (404 for an unknown receipt, 409 when it is
    not approved)."""
    receipt = get_document(session, Receipt, receipt_id)
    item = ledger.item_of(session, Receipt.__doc_type__, receipt.id)
    if item is None or item.amount == 0:
        raise Conflict(N_("%(document)s is %(state)s; only an approved receipt can be allocated."),
                       code="receipt_not_approved", document=str(receipt), state=state_term(receipt.state))
    return item


def invoice_item(session: Session, invoice_id: int) -> OpenItem:
    """The open charge of an approved sales invoice (404/409 likewise)."""
    invoice = session.get(SalesInvoice, invoice_id)
    if invoice is None:
        raise NotFound(N_("%(document)s not found."), document=SalesInvoice.__doc_label__[1])
    item = ledger.item_of(session, INVOICE, invoice.id)
    if item is None or item.amount == 0:
        raise Conflict(N_("%(document)s is %(state)s; only an approved invoice can be allocated to."),
                       code="invoice_not_approved", document=str(invoice), state=state_term(invoice.state))
    return item


def apply_lines(session: Session, actor: User, lines: list[Line], on: dt.date | None = None, *,
                method: str = "manual", note: str | None = None) -> list[Allocation]:
    """Allocate each line on ``on`` (default: today, or the later document's date) — all or
    none: the caller's transaction rolls back on the first refusal. Raises ``Conflict`` (over-allocation, other customer, not approved),
    ``PeriodClosed``, ``ValidationFailed``, ``Forbidden``."""
    require(actor, ALLOCATION_CREATE)
    if not lines:
        raise ValidationFailed(N_("Add at least one line."), fields={"lines": [N_("Add at least one line.")]})
    customers = {get_document(session, Receipt, line.receipt_id).customer_id for line in lines}
    customers |= {invoice.customer_id for line in lines
                  if (invoice := session.get(SalesInvoice, line.invoice_id)) is not None}
    for customer_id in sorted(customers):
        book_sales_documents(session, customer_id=customer_id)
    items = ((receipt_item(session, line.receipt_id), invoice_item(session, line.invoice_id), line.amount)
             for line in lines)
    return allocations.allocate_each(session, actor, items, on, method=method, note=note)


def allocate_receipt(session: Session, actor: User, receipt_id: int, data: dict) -> list[Allocation]:
    """``POST /receipts/{id}/allocations``: ``lines`` ``[{invoice_id, amount}]``, optional
    ``alloc_date`` (today) and ``note`` — by hand, or a confirmed proposal."""
    lines = [Line(receipt_id, item["invoice_id"], item["amount"]) for item in data.get("lines") or []]
    return apply_lines(session, actor, lines, data.get("alloc_date"), method=data.get("method") or "manual",
                       note=data.get("note"))


def reverse_allocation(session: Session, actor: User, allocation_id: int, data: dict) -> Allocation:
    """取消核销 dated ``reversal_date`` (today), with a ``reason``. A payables allocation is
    not found here (purchasing reverses those, with its own permission)."""
    require(actor, ALLOCATION_REVERSE)
    return ledger.reverse_allocation(session, actor, allocation_id, data.get("reversal_date") or clock.today(),
                                     data.get("reason"), side=Side.RECEIVABLE)


def check_write_off_limit(session: Session, amount: Decimal) -> None:
    limit = get_setting(session, WRITE_OFF_LIMIT)
    if amount > limit:
        raise Forbidden(N_("%(amount)s is above the write-off limit of %(limit)s."), code="write_off_limit",
                        amount=amount, limit=limit)


def write_off_difference(session: Session, actor: User, data: dict) -> WriteOff:
    """Write off a small difference (尾差): what is left open on an invoice
    (``invoice_id``) or unapplied on a receipt (``receipt_id``); ``amount`` defaults to
    all of it; at most the admin's limit (setting ``finance.write_off_limit``, 403
    above it); ``reason`` required."""
    require(actor, WRITE_OFF)
    if bool(data.get("invoice_id")) == bool(data.get("receipt_id")):
        raise ValidationFailed(N_("Name either an invoice or a receipt."),
                               fields={"invoice_id": [N_("Name either an invoice or a receipt.")]})
    if data.get("invoice_id"):
        invoice = session.get(SalesInvoice, data["invoice_id"])
        if invoice is not None:
            book_sales_documents(session, customer_id=invoice.customer_id)
        item = invoice_item(session, data["invoice_id"])
    else:
        item = receipt_item(session, data["receipt_id"])
    return write_off_item(session, actor, item, data)


def write_off_item(session: Session, actor: User, item: OpenItem, data: dict) -> WriteOff:
    """Write off ``amount`` (default: all that is open) of an item the caller found and may
    write off, at most the admin's limit, with a ``reason``, dated ``wo_date`` (today).
    Receivables and payables (purchasing) alike."""
    amount = data.get("amount") or item.amount_open
    check_write_off_limit(session, amount)
    if not data.get("reason"):
        raise ValidationFailed(N_("Give the reason for the write-off."), fields={"reason": [N_("Required.")]})
    return ledger.write_off(session, actor, item.id, amount, data.get("wo_date") or clock.today(), data["reason"])


def reverse_write_off(session: Session, actor: User, write_off_id: int, data: dict) -> WriteOff:
    """取消尾差核销 of a receivable write-off, dated ``reversal_date`` (today), with a
    ``reason``: the difference is open again on the invoice or the receipt."""
    require(actor, WRITE_OFF)
    return ledger.reverse_write_off(session, actor, write_off_id, data.get("reversal_date") or clock.today(),
                                    data.get("reason"), side=Side.RECEIVABLE)


def write_offs_of(session: Session, item: OpenItem | None) -> list[WriteOff]:
    """The write-offs of one open item (a document's page lists them), oldest first."""
    if item is None:
        return []
    return list(session.scalars(select(WriteOff).where(WriteOff.item_id == item.id).order_by(WriteOff.id)))


def open_invoices_of(session: Session, actor: User, customer_id: int) -> list:
    """The customer's open invoices (charges, as rows), oldest due first — what a receipt
    can go to."""
    require(actor, ALLOCATION_CREATE)
    book_sales_documents(session, customer_id=customer_id)
    return allocations.by_due_date(_open(session, ItemKind.CHARGE, customer_id))


# --- automatic matching -------------------------------------------------------------------

def _open(session: Session, kind: ItemKind, customer_id: int | None, receipt_id: int | None = None, *,
          parties=None) -> list:
    """Open receivable items of a kind, as light rows (matching reads many of them)."""
    return allocations.open_items(session, Side.RECEIVABLE, kind, party_id=customer_id, doc_type=Receipt.__doc_type__,
                                  doc_id=receipt_id, parties=parties)


def propose_matches(session: Session, actor: User, *, customer_id: int | None = None,
                    receipt_id: int | None = None) -> list[matching.Proposal]:
    """What automatic matching would allocate (writes nothing but the booking of what sales
    approved): for one receipt, one customer's unapplied receipts, or everyone's."""
    require(actor, ALLOCATION_CREATE)
    if receipt_id is not None:
        customer_id = get_document(session, Receipt, receipt_id).customer_id
    book_sales_documents(session, customer_id=customer_id)
    payments = _open(session, ItemKind.PAYMENT, customer_id, receipt_id)
    if not payments:
        return []
    unapplied = (select(OpenItem.party_id).where(OpenItem.side == Side.RECEIVABLE, OpenItem.kind == ItemKind.PAYMENT,
                                                 OpenItem.amount_open > 0).distinct())
    charges = _open(session, ItemKind.CHARGE, customer_id,
                    parties=[payments[0].party_id] if receipt_id is not None else unapplied)
    return matching.propose(payments, charges)


def apply_matches(session: Session, actor: User, data: dict) -> list[Allocation]:
    """Confirm proposals: ``lines`` ``[{receipt_id, invoice_id, amount}]`` as proposed
    (each checked again; all or none), optional ``alloc_date``."""
    lines = [Line(item["receipt_id"], item["invoice_id"], item["amount"]) for item in data.get("lines") or []]
    return apply_lines(session, actor, lines, data.get("alloc_date"), method="auto", note=data.get("note"))


def auto_match(session: Session, actor: User, *, customer_id: int | None = None,
               on: dt.date | None = None) -> list[Allocation]:
    """Propose and apply at once (for batch runs): every unapplied receipt of the customer
    (or of everyone) against open invoices."""
    require(actor, ALLOCATION_CREATE)
    on = on or clock.today()
    proposals = propose_matches(session, actor, customer_id=customer_id)
    invoices = _preload_invoices(session, {p.charge.doc_id for p in proposals if p.charge.doc_type == INVOICE})
    ids = [ledger.allocate_ids(session, actor, p.payment.id, p.charge.id, p.amount,
                               max(on, p.payment.doc_date, p.charge.doc_date), method="auto") for p in proposals]
    del invoices
    return allocations.loaded(session, ids)


def _preload_invoices(session: Session, invoice_ids: set[int]) -> list[SalesInvoice]:
    """Load the invoices a batch will touch in a few queries (sales' service keeping the
    invoice's own open amount then finds each in the session instead of one SELECT each).
    The caller holds the list: the session keeps objects only while they are referenced."""
    ids, out = sorted(invoice_ids), []
    for start in range(0, len(ids), 500):
        out += session.scalars(select(SalesInvoice).where(SalesInvoice.id.in_(ids[start:start + 500])))
    return out


def query_allocations(*, customer_id: int | None = None, receipt_id: int | None = None,
                      invoice_id: int | None = None, include_reversed: bool = True) -> Select:
    return allocations.query_allocations(Side.RECEIVABLE, party_id=customer_id,
                                         payment=(Receipt.__doc_type__, receipt_id), charge=(INVOICE, invoice_id),
                                         include_reversed=include_reversed)
