"""Services of the receipt (收款单): draft, approve (book it as the customer's unapplied
money), unapprove or cancel (only while nothing of it is applied), delete a draft."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.customers.models import Customer
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.errors import N_, Conflict, ValidationFailed
from erp.periods.services import check_period_open
from finance.ledger import services as ledger
from finance.ledger.models import OpenItem, Side
from finance.permissions import RECEIPT_EDIT
from finance.receipts.models import PaymentMethod, Receipt

FIELDS = ("doc_date", "amount", "method", "reference", "bill_due_date", "note")


def active_customer(session: Session, customer_id: int | None) -> Customer:
    customer = session.get(Customer, customer_id) if customer_id else None
    if customer is None or not customer.active:
        raise ValidationFailed(N_("Unknown or inactive customer."),
                               fields={"customer_id": [N_("Unknown or inactive customer.")]})
    return customer


def check_receipt_fields(data: dict) -> None:
    """A positive amount; an acceptance bill names its maturity date."""
    if data.get("amount") is not None and data["amount"] <= 0:
        raise ValidationFailed(N_("The amount must be greater than 0."), fields={"amount": [N_("Must be greater than 0.")]})
    if data.get("method") == PaymentMethod.ACCEPTANCE_BILL and not data.get("bill_due_date"):
        raise ValidationFailed(N_("An acceptance bill needs its maturity date."),
                               fields={"bill_due_date": [N_("Required for an acceptance bill.")]})


def create_receipt(session: Session, actor: User, data: dict) -> Receipt:
    """Draft a receipt: ``customer_id``, ``amount``, ``method``, optional ``doc_date``
    (today), ``reference``, ``bill_due_date`` (acceptance bills), ``note``. Raises
    ``ValidationFailed``, ``Forbidden``, ``PeriodClosed``."""
    require(actor, RECEIPT_EDIT)
    customer = active_customer(session, data.get("customer_id"))
    values = {k: data.get(k) for k in FIELDS}
    values["doc_date"] = values["doc_date"] or dt.date.today()
    values["method"] = PaymentMethod(values["method"] or PaymentMethod.BANK_TRANSFER)
    check_receipt_fields(values)
    check_period_open(session, values["doc_date"])
    receipt = Receipt(customer=customer, created_by_id=actor.id, counter_sale_id=data.get("counter_sale_id"),
                      **values)
    session.add(receipt)
    session.flush()
    return receipt


def update_receipt(session: Session, actor: User, doc_id: int, data: dict) -> Receipt:
    """Change a draft (any field given)."""
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    documents.check_editable(session, actor, receipt)
    if data.get("customer_id"):
        receipt.customer = active_customer(session, data["customer_id"])
    for key in FIELDS:
        if key in data and not (key in ("doc_date", "amount", "method") and data[key] is None):
            setattr(receipt, key, PaymentMethod(data[key]) if key == "method" else data[key])
    check_receipt_fields({k: getattr(receipt, k) for k in FIELDS})
    check_period_open(session, receipt.doc_date)
    session.flush()
    return receipt


def _doc_ref(receipt: Receipt) -> ledger.DocRef:
    return ledger.DocRef(receipt.__doc_type__, receipt.id, receipt.number, receipt.doc_date)


def approve_receipt(session: Session, actor: User, doc_id: int) -> Receipt:
    """Approve; at the last level the receipt gets its number and becomes unapplied money
    of the customer in the receivables ledger."""
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    if receipt.state in (DocState.DRAFT, DocState.PENDING) and not receipt.customer.active:
        raise Conflict(N_("Customer %(customer)s is inactive."), code="customer_inactive",
                       customer=str(receipt.customer))
    if documents.approve(session, actor, receipt):
        ledger.book_payment(session, side=Side.RECEIVABLE, party_id=receipt.customer_id, doc=_doc_ref(receipt),
                            amount=receipt.amount, user_id=actor.id, reference=receipt.reference)
        session.expire(receipt, ["open_item"])
    return receipt


def receipt_item(session: Session, receipt: Receipt) -> OpenItem | None:
    return ledger.item_of(session, receipt.__doc_type__, receipt.id)


def check_nothing_allocated(session: Session, receipt: Receipt) -> None:
    """A receipt whose money is (partly) allocated or written off cannot be undone (409)."""
    item = receipt_item(session, receipt)
    if item is not None and item.amount_open != item.amount:
        raise Conflict(N_("%(amount)s of %(document)s is allocated or written off; reverse that first."),
                       code="receipt_allocated", amount=item.amount - item.amount_open, document=str(receipt))


def unapprove_receipt(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Receipt:
    """弃审: only while nothing of the receipt is allocated; its booking is reversed."""
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    check_nothing_allocated(session, receipt)
    documents.unapprove(session, actor, receipt, reason)
    ledger.unbook(session, receipt.__doc_type__, receipt.id, user_id=actor.id)
    session.expire(receipt, ["open_item"])
    return receipt


def cancel_receipt(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Receipt:
    """作废 (an approved receipt keeps its number): same refusal as unapprove."""
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    was_approved = receipt.state == DocState.APPROVED
    check_nothing_allocated(session, receipt)
    documents.cancel(session, actor, receipt, reason)
    if was_approved:
        ledger.unbook(session, receipt.__doc_type__, receipt.id, user_id=actor.id)
        session.expire(receipt, ["open_item"])
    return receipt


def submit_receipt(session: Session, actor: User, doc_id: int) -> Receipt:
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    documents.submit(session, actor, receipt)
    return receipt


def reject_receipt(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Receipt:
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    documents.reject(session, actor, receipt, reason)
    return receipt


def delete_receipt(session: Session, actor: User, doc_id: int) -> None:
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    documents.delete_draft(session, actor, receipt)


def query_receipts(*, q: str | None = None, state: str | None = None, customer_id: int | None = None,
                   date_from: dt.date | None = None, date_to: dt.date | None = None,
                   unapplied_only: bool = False):
    """Receipts newest first; ``q`` matches number, reference or customer name."""
    from sqlalchemy import or_

    stmt = select(Receipt).join(Customer, Customer.id == Receipt.customer_id).order_by(Receipt.doc_date.desc(),
                                                                                          Receipt.id.desc())
    if q:
        pattern = f"%{q}%"
        stmt = stmt.where(or_(Receipt.number.like(pattern), Receipt.reference.like(pattern),
                              Customer.name.like(pattern), Customer.code.like(pattern)))
    if state:
        stmt = stmt.where(Receipt.state == state)
    if customer_id:
        stmt = stmt.where(Receipt.customer_id == customer_id)
    if date_from:
        stmt = stmt.where(Receipt.doc_date >= date_from)
    if date_to:
        stmt = stmt.where(Receipt.doc_date <= date_to)
    if unapplied_only:
        unapplied = select(OpenItem.doc_id).where(OpenItem.doc_type == Receipt.__doc_type__,
                                                  OpenItem.amount_open > 0)
        stmt = stmt.where(Receipt.id.in_(unapplied))
    return stmt
