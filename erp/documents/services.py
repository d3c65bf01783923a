"""The document verbs every document type shares, built on the transition helper and
the approval engine. A document type's own service calls these and adds its checks
and effects (reserve stock, post moves …) in the same transaction."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.documents.approvals import approve, reject, submit, unapprove, withdraw
from erp.documents.base import DocState, Document, state_term
from erp.documents.transitions import apply_transition, check_no_downstream_documents, get_document
from erp.errors import N_, ReadOnlyDocument
from erp.numbering.services import get_rule
from erp.periods.services import check_period_open

__all__ = [
    "approve", "cancel", "check_editable", "check_no_downstream_documents", "close", "delete_draft",
    "get_document", "reject", "reopen", "submit", "unapprove",
]


def check_editable(session: Session, actor: User, doc: Document) -> None:
    """Editing needs the edit permission, a draft, and an open period."""
    require(actor, doc.permission("edit"))
    if not doc.is_editable:
        raise ReadOnlyDocument(N_("%(document)s is %(state)s and read-only."),
                               document=str(doc), state=state_term(doc.state))
    check_period_open(session, doc.doc_date)


def cancel(session: Session, actor: User, doc: Document, reason: str | None = None) -> Document:
    """作废: refused while downstream documents exist. The caller reverses its own effects."""
    apply_transition(session, actor, doc, "cancel", reason=reason)
    withdraw(session, actor, doc)
    return doc


def close(session: Session, actor: User, doc: Document, reason: str | None = None) -> Document:
    """Close an approved document short (关闭), e.g. an order that will not be delivered in full."""
    return apply_transition(session, actor, doc, "close", reason=reason)


def reopen(session: Session, actor: User, doc: Document) -> Document:
    return apply_transition(session, actor, doc, "reopen")


def delete_draft(session: Session, actor: User, doc: Document) -> None:
    """Only drafts are deleted (never numbered ones); the audit log keeps what it was."""
    require(actor, doc.permission("edit"))
    if doc.state != DocState.DRAFT:
        raise ReadOnlyDocument(N_("Only drafts can be deleted; %(document)s is %(state)s."),
                               document=str(doc), state=state_term(doc.state))
    if doc.number and get_rule(session, doc.__doc_type__).gap_free:
        raise ReadOnlyDocument(N_("%(document)s has a number from a gap-free sequence; cancel it instead."),
                               document=str(doc))
    check_period_open(session, doc.doc_date)
    withdraw(session, actor, doc)
    session.delete(doc)
    session.flush()
