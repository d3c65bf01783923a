"""Checks and verbs the sales documents share: the customer and warehouse of a header,
the state an upstream document must be in, and the plain verbs (submit, reject, delete)
that have no effects of their own."""
from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.customers.models import Customer
from erp.documents import services as documents
from erp.documents.base import DocState, Document
from erp.errors import N_, Conflict, ValidationFailed
from erp.periods.services import check_period_open
from erp.warehouses.models import Warehouse
from erp.warehouses.services import active_warehouse

DocT = TypeVar("DocT", bound=Document)


def read(session: Session, stmt, params: dict | None = None):
    """Run a prepared (built once) Core query on the session's connection: the ORM's
    execution costs more Python than the database spends on a small query. The ORM's
    autoflush runs first, so what waits in the session counts."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(stmt, params or {})


def active_customer(session: Session, customer_id: int | None) -> Customer:
    """The customer of a new or changed document: it must exist and be active (422)."""
    customer = session.get(Customer, customer_id) if customer_id else None
    if customer is None or not customer.active:
        raise ValidationFailed(N_("Unknown or inactive customer."),
                               fields={"customer_id": [N_("Unknown or inactive customer.")]})
    return customer


def check_customer_active(customer: Customer) -> None:
    """At approval: a customer deactivated since the draft was made is refused (409)."""
    if not customer.active:
        raise Conflict(N_("Customer %(customer)s is inactive."), code="customer_inactive", customer=str(customer))


def check_products_active(doc: Document) -> None:
    inactive = [line.product for line in doc.lines if not line.product.active]
    if inactive:
        raise Conflict(N_("Product %(product)s is inactive."), code="product_inactive", product=str(inactive[0]))


def warehouse_for(session: Session, warehouse_id: int | None) -> Warehouse:
    """The warehouse given, or the only active one when there is just one."""
    if not warehouse_id:
        only = list(session.scalars(select(Warehouse).where(Warehouse.active.is_(True)).limit(2)))
        if len(only) == 1:
            return only[0]
    return active_warehouse(session, warehouse_id)


def document_date(session: Session, data: dict) -> dt.date:
    doc_date = data.get("doc_date") or dt.date.today()
    check_period_open(session, doc_date)
    return doc_date


def check_upstream_approved(doc: Document, action: str) -> None:
    """A document is made only from an approved upstream one (not a draft, closed or cancelled)."""
    if doc.state != DocState.APPROVED:
        raise Conflict(N_("Cannot %(action)s from %(document)s: it is %(state)s; it must be approved."),
                       code="upstream_not_approved", action=action, document=str(doc), state=doc.state.value)


def check_same_customer(doc: Document, customer_id: int, what: Document) -> None:
    if doc.customer_id != customer_id:
        raise Conflict(N_("%(document)s belongs to another customer (%(customer)s)."), code="other_customer",
                       document=str(what), customer=str(what.customer) if getattr(what, "customer", None) else "—")


def lock(session: Session, cls: type[DocT], doc_id: int) -> DocT:
    return documents.get_document(session, cls, doc_id, for_update=True)


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


def editable(session: Session, actor: User, cls: type[DocT], doc_id: int) -> DocT:
    """Load a draft for editing: the edit permission, a draft, an open period (else 403/409)."""
    doc = lock(session, cls, doc_id)
    documents.check_editable(session, actor, doc)
    return doc


def require_edit(actor: User, cls: type[Document]) -> None:
    require(actor, cls.permission("edit"))
