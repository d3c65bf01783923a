"""Checks and verbs the purchasing documents share: the supplier (master data's
``active_supplier``) and warehouse of a header, the products of the lines, the state an
upstream document must be in, and the plain verbs (submit, reject, delete) that have no
effects of their own."""
from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.documents import services as documents
from erp.documents.base import DocState, Document
from erp.errors import N_, Conflict, ValidationFailed
from erp.periods.services import check_period_open
from erp.suppliers.models import Supplier
from erp.suppliers.services import active_supplier  # noqa: F401  (the supplier of a new or changed document: 422)
from inventory.stock.lines import LineErrors

DocT = TypeVar("DocT", bound=Document)

#: States of a downstream document that count against what remains upstream.
LIVE = (DocState.DRAFT, DocState.PENDING, DocState.APPROVED, DocState.CLOSED)


class PurchaseLineErrors(LineErrors):
    """Line errors whose exception message names the first problem with its parameters
    (field messages stay plain so that they can be translated)."""

    def __init__(self) -> None:
        super().__init__()
        self.headline: tuple[str, dict] | None = None

    def first(self, message: str, **params) -> None:
        if self.headline is None:
            self.headline = (message, params)

    def raise_if_any(self) -> None:
        if self.by_index:
            message, params = self.headline or (N_("Some lines are not valid."), {})
            raise ValidationFailed(message, fields={"lines": self.by_index}, **params)


def check_supplier_active(supplier: Supplier) -> None:
    """At approval or when making a document: a supplier deactivated since is refused (409)."""
    if not supplier.active:
        raise Conflict(N_("Supplier %(supplier)s is inactive."), code="supplier_inactive", supplier=str(supplier))


def check_products_active(doc: Document) -> None:
    """A product deactivated since the draft was made is refused (409)."""
    inactive = [line.product for line in doc.lines if not line.product.active]
    if inactive:
        raise Conflict(N_("Product %(product)s is inactive."), code="product_inactive", product=str(inactive[0]))


def check_same_supplier(upstream: Document, supplier_id: int | None) -> None:
    """A document made from ``upstream`` belongs to its supplier (409 for another one)."""
    if supplier_id is not None and supplier_id != upstream.supplier_id:
        raise Conflict(N_("%(document)s belongs to another supplier (%(supplier)s)."), code="other_supplier",
                       document=str(upstream), supplier=str(upstream.supplier))


def check_upstream_approved(doc: Document, action: str) -> None:
    """A document is made only from an approved upstream one (not a draft, closed or cancelled)."""
    if doc.state != DocState.APPROVED:
        raise Conflict(N_("Cannot %(action)s from %(document)s: it is %(state)s; it must be approved."),
                       code="upstream_not_approved", action=action, document=str(doc), state=doc.state.value)


def document_date(session: Session, data: dict) -> dt.date:
    doc_date = data.get("doc_date") or dt.date.today()
    check_period_open(session, doc_date)
    return doc_date


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
