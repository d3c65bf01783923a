"""Services of the payment (付款单): draft, approve (book it as money paid to the supplier,
unapplied until allocated), unapprove or cancel (only while nothing of it is allocated),
delete a draft."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.errors import N_, Conflict, ValidationFailed
from erp.periods.services import check_period_open
from erp.suppliers.models import Supplier
from finance.ledger import services as ledger
from finance.ledger.models import OpenItem, Side
from finance.receipts.models import PaymentMethod
from purchasing import common
from purchasing.payments.models import Payment

FIELDS = ("doc_date", "amount", "method", "reference", "bill_due_date", "note")
REQUIRED = ("doc_date", "amount", "method")


def check_payment_fields(values: dict) -> None:
    """A positive amount; an acceptance bill names its maturity date (422)."""
    if values.get("amount") is not None and values["amount"] <= 0:
        raise ValidationFailed(N_("The amount must be greater than 0."), fields={"amount": [N_("Must be greater than 0.")]})
    if values.get("method") == PaymentMethod.ACCEPTANCE_BILL and not values.get("bill_due_date"):
        raise ValidationFailed(N_("An acceptance bill needs its maturity date."),
                               fields={"bill_due_date": [N_("Required for an acceptance bill.")]})


def create_payment(session: Session, actor: User, data: dict) -> Payment:
    """Draft a payment: ``supplier_id``, ``amount``, optional ``method`` (bank transfer),
    ``doc_date`` (today), ``reference``, ``bill_due_date`` (acceptance bills), ``note``.
    Raises ``ValidationFailed`` (unknown or inactive supplier, amount, bill date),
    ``Forbidden``, ``PeriodClosed``."""
    common.require_edit(actor, Payment)
    supplier = common.active_supplier(session, data.get("supplier_id"))
    values = {key: data.get(key) for key in FIELDS}
    values["doc_date"] = values["doc_date"] or dt.date.today()
    values["method"] = PaymentMethod(values["method"] or PaymentMethod.BANK_TRANSFER)
    check_payment_fields(values)
    check_period_open(session, values["doc_date"])
    payment = Payment(supplier=supplier, supplier_id=supplier.id, created_by_id=actor.id, **values)
    session.add(payment)
    session.flush()
    return payment


def update_payment(session: Session, actor: User, doc_id: int, data: dict) -> Payment:
    """Change a draft (any field given)."""
    payment = common.editable(session, actor, Payment, doc_id)
    if data.get("supplier_id"):
        payment.supplier = common.active_supplier(session, data["supplier_id"])
    for key in FIELDS:
        if key in data and not (key in REQUIRED and data[key] is None):
            setattr(payment, key, PaymentMethod(data[key]) if key == "method" else data[key])
    check_payment_fields({key: getattr(payment, key) for key in FIELDS})
    check_period_open(session, payment.doc_date)
    session.flush()
    return payment


def _doc_ref(payment: Payment) -> ledger.DocRef:
    return ledger.DocRef(payment.__doc_type__, payment.id, payment.number, payment.doc_date)


def approve_payment(session: Session, actor: User, doc_id: int) -> Payment:
    """Approve; at the last level the payment gets its number and becomes money paid to
    the supplier, unapplied until allocated (a prepayment while no invoice takes it).
    Raises ``Conflict`` (inactive supplier), ``Forbidden``, ``InvalidTransition``,
    ``PeriodClosed``."""
    payment = common.lock(session, Payment, doc_id)
    if payment.state in (DocState.DRAFT, DocState.PENDING):
        common.check_supplier_active(payment.supplier)
    if documents.approve(session, actor, payment):
        ledger.book_payment(session, side=Side.PAYABLE, party_id=payment.supplier_id, doc=_doc_ref(payment),
                            amount=payment.amount, user_id=actor.id, reference=payment.reference)
        session.expire(payment, ["open_item"])
    return payment


def check_nothing_allocated(session: Session, payment: Payment) -> None:
    """A payment (partly) allocated cannot be undone (409 ``payment_allocated``)."""
    item = ledger.item_of(session, payment.__doc_type__, payment.id)
    if item is not None and item.amount_open != item.amount:
        raise Conflict(N_("%(amount)s of %(document)s is allocated; reverse that first."),
                       code="payment_allocated", amount=item.amount - item.amount_open, document=str(payment))


def unapprove_payment(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Payment:
    """弃审: only while nothing of the payment is allocated; its booking is reversed."""
    payment = common.lock(session, Payment, doc_id)
    check_nothing_allocated(session, payment)
    documents.unapprove(session, actor, payment, reason)
    ledger.unbook(session, payment.__doc_type__, payment.id, user_id=actor.id)
    session.expire(payment, ["open_item"])
    return payment


def cancel_payment(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Payment:
    """作废 (an approved payment keeps its number): the same refusal as unapprove."""
    payment = common.lock(session, Payment, doc_id)
    was_approved = payment.state == DocState.APPROVED
    check_nothing_allocated(session, payment)
    documents.cancel(session, actor, payment, reason)
    if was_approved:
        ledger.unbook(session, payment.__doc_type__, payment.id, user_id=actor.id)
        session.expire(payment, ["open_item"])
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
    stmt = (select(Payment).join(Supplier, Supplier.id == Payment.supplier_id)
            .order_by(Payment.doc_date.desc(), Payment.id.desc()))
    if args.get("q"):
        pattern = f"%{args['q']}%"
        stmt = stmt.where(or_(Payment.number.like(pattern), Payment.reference.like(pattern),
                              Supplier.name.like(pattern), Supplier.code.like(pattern)))
    for key in ("state", "supplier_id"):
        if args.get(key):
            stmt = stmt.where(getattr(Payment, key) == args[key])
    if args.get("date_from"):
        stmt = stmt.where(Payment.doc_date >= args["date_from"])
    if args.get("date_to"):
        stmt = stmt.where(Payment.doc_date <= args["date_to"])
    if args.get("unapplied"):
        stmt = stmt.where(Payment.id.in_(select(OpenItem.doc_id).where(
            OpenItem.doc_type == Payment.__doc_type__, OpenItem.amount_open > 0)))
    return stmt
