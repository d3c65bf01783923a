"""The steps the receipt (收款单) and the supplier payment (付款单) take alike: the fields of
a draft, booking the money as the party's unapplied payment at approval, undoing that
booking at unapprove or cancel (only while nothing of it is applied), and the list query.

The side's service checks its permissions, its party and what refuses an undo (with its
own message and code), and calls these.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.errors import N_, Conflict, ValidationFailed
from erp.periods.services import check_period_open
from finance.ledger import services as ledger
from finance.ledger.models import OpenItem, Side
from finance.ledger.payment_documents import PaymentDocument, PaymentMethod

FIELDS = ("doc_date", "amount", "method", "reference", "bill_due_date", "note")
#: Fields a change may not clear.
REQUIRED = ("doc_date", "amount", "method")


def check_payment_fields(values: dict) -> None:
    """A positive amount; an acceptance bill names its maturity date (422)."""
    if values.get("amount") is not None and values["amount"] <= 0:
        raise ValidationFailed(N_("The amount must be greater than 0."), fields={"amount": [N_("Must be greater than 0.")]})
    if values.get("method") == PaymentMethod.ACCEPTANCE_BILL and not values.get("bill_due_date"):
        raise ValidationFailed(N_("An acceptance bill needs its maturity date."),
                               fields={"bill_due_date": [N_("Required for an acceptance bill.")]})


def draft_values(session: Session, data: dict) -> dict:
    """The fields of a new draft: the date defaults to today, the method to a bank transfer;
    checked, in an open period."""
    values = {key: data.get(key) for key in FIELDS}
    values["doc_date"] = values["doc_date"] or clock.today()
    values["method"] = PaymentMethod(values["method"] or PaymentMethod.BANK_TRANSFER)
    check_payment_fields(values)
    check_period_open(session, values["doc_date"])
    return values


def change_draft(session: Session, doc: PaymentDocument, data: dict) -> None:
    """Apply the fields given (a required one given as None is left as it is), check them."""
    for key in FIELDS:
        if key in data and not (key in REQUIRED and data[key] is None):
            setattr(doc, key, PaymentMethod(data[key]) if key == "method" else data[key])
    check_payment_fields({key: getattr(doc, key) for key in FIELDS})
    check_period_open(session, doc.doc_date)
    session.flush()


def _doc_ref(doc: PaymentDocument) -> ledger.DocRef:
    return ledger.DocRef(doc.__doc_type__, doc.id, doc.number, doc.doc_date)


def approve_and_book(session: Session, actor: User, doc: PaymentDocument, side: Side, party_id: int) -> None:
    """Approve; at the last level the money becomes unapplied money of the party."""
    if documents.approve(session, actor, doc):
        ledger.book_payment(session, side=side, party_id=party_id, doc=_doc_ref(doc), amount=doc.amount,
                            user_id=actor.id, reference=doc.reference)
        session.expire(doc, ["open_item"])


def check_nothing_allocated(session: Session, doc: PaymentDocument, message: str, code: str) -> None:
    """Money (partly) applied cannot be undone: 409 ``code`` with ``message`` (amount, document)."""
    item = ledger.item_of(session, doc.__doc_type__, doc.id)
    if item is not None and item.amount_open != item.amount:
        raise Conflict(message, code=code, amount=item.amount - item.amount_open, document=str(doc))


def unapprove_and_unbook(session: Session, actor: User, doc: PaymentDocument, reason: str | None) -> None:
    """弃审, and the booking reversed (the caller checked that nothing is applied)."""
    documents.unapprove(session, actor, doc, reason)
    ledger.unbook(session, doc.__doc_type__, doc.id, user_id=actor.id)
    session.expire(doc, ["open_item"])


def cancel_and_unbook(session: Session, actor: User, doc: PaymentDocument, reason: str | None) -> None:
    """作废 (an approved document keeps its number), and an approved one's booking reversed."""
    was_approved = doc.state == DocState.APPROVED
    documents.cancel(session, actor, doc, reason)
    if was_approved:
        ledger.unbook(session, doc.__doc_type__, doc.id, user_id=actor.id)
        session.expire(doc, ["open_item"])


def query_documents(cls: type[PaymentDocument], party_model: type, party_column, *, q: str | None = None,
                    state: str | None = None, party_id: int | None = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, unapplied: bool = False) -> Select:
    """Documents newest first; ``q`` matches number, reference or the party's name or code;
    ``unapplied`` keeps those with money still to allocate."""
    stmt = select(cls).join(party_model, party_model.id == party_column).order_by(cls.doc_date.desc(), cls.id.desc())
    if q:
        pattern = f"%{q}%"
        stmt = stmt.where(or_(cls.number.like(pattern), cls.reference.like(pattern),
                              party_model.name.like(pattern), party_model.code.like(pattern)))
    if state:
        stmt = stmt.where(cls.state == state)
    if party_id:
        stmt = stmt.where(party_column == party_id)
    if date_from:
        stmt = stmt.where(cls.doc_date >= date_from)
    if date_to:
        stmt = stmt.where(cls.doc_date <= date_to)
    if unapplied:
        stmt = stmt.where(cls.id.in_(select(OpenItem.doc_id).where(OpenItem.doc_type == cls.__doc_type__,
                                                                   OpenItem.amount_open > 0)))
    return stmt
