"""Services of the payment (付款单): draft, approve (book it as money paid to the supplier,
unapplied until allocated), unapprove or cancel (only while nothing of it is allocated),
delete a draft. The steps it shares with the receipt are finance's
:mod:`finance.ledger.payment_document_services`."""
from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents.base import DocState
from erp.errors import N_
from erp.suppliers.models import Supplier
from finance.ledger import payment_document_services as money
from finance.ledger.models import Side
from purchasing import common
from purchasing.payments.models import Payment


def create_payment(session: Session, actor: User, data: dict) -> Payment:
    """Draft a payment: ``supplier_id``, ``amount``, optional ``method`` (bank transfer),
    ``doc_date`` (today), ``reference``, ``bill_due_date`` (acceptance bills), ``note``.
    Raises ``ValidationFailed`` (unknown or inactive supplier, amount, bill date),
    ``Forbidden``, ``PeriodClosed``."""
    common.require_edit(actor, Payment)
    supplier = common.active_supplier(session, data.get("supplier_id"))
    values = money.draft_values(session, data)
    payment = Payment(supplier=supplier, supplier_id=supplier.id, created_by_id=actor.id, **values)
    session.add(payment)
    session.flush()
    return payment


def update_payment(session: Session, actor: User, doc_id: int, data: dict) -> Payment:
    """Change a draft (any field given)."""
    payment = common.editable(session, actor, Payment, doc_id)
    if data.get("supplier_id"):
        payment.supplier = common.active_supplier(session, data["supplier_id"])
    money.change_draft(session, payment, data)
    return payment


def approve_payment(session: Session, actor: User, doc_id: int) -> Payment:
    """Approve; at the last level the payment gets its number and becomes money paid to
    the supplier, unapplied until allocated (a prepayment while no invoice takes it).
    Raises ``Conflict`` (inactive supplier), ``Forbidden``, ``InvalidTransition``,
    ``PeriodClosed``."""
    payment = common.lock(session, Payment, doc_id)
    if payment.state in (DocState.DRAFT, DocState.PENDING):
        common.check_supplier_active(payment.supplier)
    money.approve_and_book(session, actor, payment, Side.PAYABLE, payment.supplier_id)
    return payment


def check_nothing_allocated(session: Session, payment: Payment) -> None:
    """A payment (partly) allocated cannot be undone (409 ``payment_allocated``)."""
    money.check_nothing_allocated(session, payment, N_("%(amount)s of %(document)s is allocated; reverse that first."),
                                  "payment_allocated")


def unapprove_payment(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Payment:
    """弃审: only while nothing of the payment is allocated; its booking is reversed."""
    payment = common.lock(session, Payment, doc_id)
    check_nothing_allocated(session, payment)
    money.unapprove_and_unbook(session, actor, payment, reason)
    return payment


def cancel_payment(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Payment:
    """作废 (an approved payment keeps its number): the same refusal as unapprove."""
    payment = common.lock(session, Payment, doc_id)
    check_nothing_allocated(session, payment)
    money.cancel_and_unbook(session, actor, payment, reason)
    return payment


def submit_payment(session: Session, actor: User, doc_id: int) -> Payment:
    return common.submit(session, actor, Payment, doc_id)


def reject_payment(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Payment:
    return common.reject(session, actor, Payment, doc_id, reason)


def delete_payment(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, Payment, doc_id)


def query_payments(args: dict) -> Select:
    """Payments newest first: ``q`` matches number, reference or supplier; filters ``state``,
    ``supplier_id``, ``date_from``, ``date_to``; ``unapplied`` keeps those with money to allocate."""
    return money.query_documents(Payment, Supplier, Payment.supplier_id, q=args.get("q"), state=args.get("state"),
                                 party_id=args.get("supplier_id"), date_from=args.get("date_from"),
                                 date_to=args.get("date_to"), unapplied=bool(args.get("unapplied")))
