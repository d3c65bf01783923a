"""What the document packages (sales, purchasing) share around the verbs of
:mod:`erp.documents.services`: loading a document locked by id, the plain verbs by id
(submit, reject, delete) that have no effects of their own, and the checks of a new or
approved document (its date's period, an approved upstream, active products)."""
from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import require
from erp.documents import services as documents
from erp.documents.base import DocState, Document, state_term
from erp.errors import N_, Conflict
from erp.periods.services import check_period_open

DocT = TypeVar("DocT", bound=Document)


def lock(session: Session, cls: type[DocT], doc_id: int) -> DocT:
    return documents.get_document(session, cls, doc_id, for_update=True)


def editable(session: Session, actor: User, cls: type[DocT], doc_id: int) -> DocT:
    """Load a draft for editing: the edit permission, a draft, an open period (else 403/409)."""
    doc = lock(session, cls, doc_id)
    documents.check_editable(session, actor, doc)
    return doc


def require_edit(actor: User, cls: type[Document]) -> None:
    require(actor, cls.permission("edit"))


def submit(session: Session, actor: User, cls: type[DocT], doc_id: int) -> DocT:
    doc = lock(session, cls, doc_id)
    documents.submit(session, actor, doc)
    return doc


def reject(session: Session, actor: User, cls: type[DocT], doc_id: int, reason: str | None = None) -> DocT:
    doc = lock(session, cls, doc_id)
    documents.reject(session, actor, doc, reason)
    return doc


def delete(session: Session, actor: User, cls: type[DocT], doc_id: int) -> None:
    doc = lock(session, cls, doc_id)
    documents.delete_draft(session, actor, doc)


def document_date(session: Session, data: dict) -> dt.date:
    """The date of a new document (today unless given), in an open period."""
    doc_date = data.get("doc_date") or clock.today()
    check_period_open(session, doc_date)
    return doc_date


def check_upstream_approved(doc: Document, action: str) -> None:
    """A document is made only from an approved upstream one (not a draft, closed or cancelled)."""
    if doc.state != DocState.APPROVED:
        raise Conflict(N_("Cannot %(action)s from %(document)s: it is %(state)s; it must be approved."),
                       code="upstream_not_approved", action=action, document=str(doc), state=state_term(doc.state))


def check_products_active(doc: Document) -> None:
    """A product deactivated since the draft was made is refused (409)."""
    inactive = [line.product for line in doc.lines if not line.product.active]
    if inactive:
        raise Conflict(N_("Product %(product)s is inactive."), code="product_inactive", product=str(inactive[0]))
