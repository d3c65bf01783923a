"""Services of the receipt (收款单): draft, approve (book it as the customer's unapplied
money), unapprove or cancel (only while nothing of it is applied), delete a draft.
The steps it shares with the supplier payment are :mod:`finance.ledger.payment_document_services`."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.customers.models import Customer
from erp.customers.services import active_customer
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.errors import N_
from erp.sales.common import check_customer_active
from finance.ledger import payment_document_services as money
from finance.ledger import services as ledger
from finance.ledger.models import OpenItem, Side
from finance.permissions import RECEIPT_EDIT
from finance.receipts.models import Receipt


def create_receipt(session: Session, actor: User, data: dict) -> Receipt:
    """Draft a receipt: ``customer_id``, ``amount``, ``method``, optional ``doc_date``
    (today), ``reference``, ``bill_due_date`` (acceptance bills), ``note``. Raises
    ``ValidationFailed``, ``Forbidden``, ``PeriodClosed``."""
    require(actor, RECEIPT_EDIT)
    customer = active_customer(session, data.get("customer_id"))
    values = money.draft_values(session, data)
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
    money.change_draft(session, receipt, data)
    return receipt


def approve_receipt(session: Session, actor: User, doc_id: int) -> Receipt:
    """Approve; at the last level the receipt gets its number and becomes unapplied money
    of the customer in the receivables ledger."""
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    if receipt.state in (DocState.DRAFT, DocState.PENDING):
        check_customer_active(receipt.customer)
    money.approve_and_book(session, actor, receipt, Side.RECEIVABLE, receipt.customer_id)
    return receipt


def receipt_item(session: Session, receipt: Receipt) -> OpenItem | None:
    return ledger.item_of(session, receipt.__doc_type__, receipt.id)


def check_nothing_allocated(session: Session, receipt: Receipt) -> None:
    """A receipt whose money is (partly) allocated or written off cannot be undone (409)."""
    money.check_nothing_allocated(session, receipt, N_("%(amount)s of %(document)s is allocated or written off; "
                                                       "reverse that first."), "receipt_allocated")


def unapprove_receipt(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Receipt:
    """弃审: only while nothing of the receipt is allocated; its booking is reversed."""
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    check_nothing_allocated(session, receipt)
    money.unapprove_and_unbook(session, actor, receipt, reason)
    return receipt


def cancel_receipt(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Receipt:
    """作废 (an approved receipt keeps its number): same refusal as unapprove."""
    receipt = documents.get_document(session, Receipt, doc_id, for_update=True)
    check_nothing_allocated(session, receipt)
    money.cancel_and_unbook(session, actor, receipt, reason)
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
                   unapplied_only: bool = False) -> Select:
    """Receipts newest first; ``q`` matches number, reference or customer name."""
    return money.query_documents(Receipt, Customer, Receipt.customer_id, q=q, state=state, party_id=customer_id,
                                 date_from=date_from, date_to=date_to, unapplied=unapplied_only)
