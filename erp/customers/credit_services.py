"""Services of the credit limit change document."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import require
from erp.customers.credit import CREDIT_CHANGE_EDIT, CreditLimitChange, CreditLimitChangeLine
from erp.customers.models import Customer
from erp.documents import services as documents
from erp.documents.approvals import register_flag
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict, ValidationFailed
from erp.periods.services import check_period_open

register_flag("credit_change", "doubles_limit", N_("The limit doubles or more"))


def _lines(session: Session, lines: list[dict]) -> list[CreditLimitChangeLine]:
    if not lines:
        raise ValidationFailed(N_("Add at least one line."), fields={"lines": [N_("Add at least one line.")]})
    errors: dict = {}
    out = []
    seen = set()
    for index, line in enumerate(lines):
        customer = session.get(Customer, line.get("customer_id"))
        if customer is None or not customer.active:
            errors[index] = {"customer_id": [N_("Unknown or inactive customer.")]}
            continue
        if customer.id in seen:
            errors[index] = {"customer_id": [N_("This customer is already on the document.")]}
            continue
        seen.add(customer.id)
        if line["new_limit"] < 0:
            errors[index] = {"new_limit": [N_("Must not be negative.")]}
            continue
        out.append(CreditLimitChangeLine(line_no=index + 1, customer=customer, new_limit=line["new_limit"]))
    if errors:
        raise ValidationFailed(N_("Some lines are not valid."), fields={"lines": errors})
    return out


def create_credit_change(session: Session, actor: User, data: dict) -> CreditLimitChange:
    require(actor, CREDIT_CHANGE_EDIT)
    doc_date = data.get("doc_date") or clock.today()
    check_period_open(session, doc_date)
    doc = CreditLimitChange(doc_date=doc_date, reason=data.get("reason"), note=data.get("note"),
                            created_by_id=actor.id)
    doc.lines = _lines(session, data.get("lines", []))
    insert_new(session, doc)
    return doc


def update_credit_change(session: Session, actor: User, doc_id: int, data: dict) -> CreditLimitChange:
    doc = documents.get_document(session, CreditLimitChange, doc_id, for_update=True)
    documents.check_editable(session, actor, doc)
    for key in ("reason", "note", "doc_date"):
        if key in data:
            setattr(doc, key, data[key])
    if "lines" in data:
        doc.lines = _lines(session, data["lines"])
    session.flush()
    return doc


def approve_credit_change(session: Session, actor: User, doc_id: int) -> CreditLimitChange:
    """Approve the next level; at the last one, apply the new limits."""
    doc = documents.get_document(session, CreditLimitChange, doc_id, for_update=True)
    if documents.approve(session, actor, doc):
        for line in doc.lines:
            line.old_limit = line.customer.credit_limit
            line.customer.credit_limit = line.new_limit
        session.flush()
    return doc


def unapprove_credit_change(session: Session, actor: User, doc_id: int, reason: str | None = None) -> CreditLimitChange:
    """Restore the old limits, unless a customer's limit was changed since by hand."""
    doc = documents.get_document(session, CreditLimitChange, doc_id, for_update=True)
    documents.unapprove(session, actor, doc, reason)
    for line in doc.lines:
        if line.customer.credit_limit != line.new_limit:
            raise Conflict(N_("The credit limit of %(customer)s was changed since; cannot restore it."),
                           customer=line.customer.name)
        line.customer.credit_limit = line.old_limit
    session.flush()
    return doc


def cancel_credit_change(session: Session, actor: User, doc_id: int, reason: str | None = None) -> CreditLimitChange:
    doc = documents.get_document(session, CreditLimitChange, doc_id, for_update=True)
    was_approved = doc.approved_at is not None and doc.state.value == "approved"
    documents.cancel(session, actor, doc, reason)
    if was_approved:
        for line in doc.lines:
            line.customer.credit_limit = line.old_limit
    session.flush()
    return doc


def submit_credit_change(session: Session, actor: User, doc_id: int) -> CreditLimitChange:
    doc = documents.get_document(session, CreditLimitChange, doc_id, for_update=True)
    documents.submit(session, actor, doc)
    return doc


def reject_credit_change(session: Session, actor: User, doc_id: int, reason: str | None = None) -> CreditLimitChange:
    doc = documents.get_document(session, CreditLimitChange, doc_id, for_update=True)
    documents.reject(session, actor, doc, reason)
    return doc


def delete_credit_change(session: Session, actor: User, doc_id: int) -> None:
    doc = documents.get_document(session, CreditLimitChange, doc_id, for_update=True)
    documents.delete_draft(session, actor, doc)


def total_new_limits(doc: CreditLimitChange) -> Decimal:
    return sum((line.new_limit for line in doc.lines), Decimal("0.00"))
