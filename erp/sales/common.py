"""Checks and verbs the sales documents share: the customer and warehouse of a header,
the state an upstream document must be in, and the plain verbs (submit, reject, delete)
that have no effects of their own."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.customers.models import Customer
from erp.customers.services import active_customer  # noqa: F401  (the customer of a new or changed document)
from erp.documents.base import Document

# The plain verbs by id and the checks every document package shares (``common.lock`` …).
from erp.documents.shared import (  # noqa: F401
    check_products_active,
    check_upstream_approved,
    delete,
    document_date,
    editable,
    lock,
    reject,
    require_edit,
    submit,
)
from erp.errors import N_, Conflict, ValidationFailed
from erp.warehouses.models import Warehouse
from erp.warehouses.services import active_warehouse


def read(session: Session, stmt, params: dict | None = None):
    """Run a prepared (built once) Core query on the session's connection: the ORM's
    execution costs more Python than the database spends on a small query. The ORM's
    autoflush runs first, so what waits in the session counts."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(stmt, params or {})


def check_customer_active(customer: Customer) -> None:
    """At approval: a customer deactivated since the draft was made is refused (409)."""
    if not customer.active:
        raise Conflict(N_("Customer %(customer)s is inactive."), code="customer_inactive", customer=str(customer))


def warehouse_for(session: Session, warehouse_id: int | None) -> Warehouse:
    """The warehouse given, or the only active one when there is just one."""
    if not warehouse_id:
        only = list(session.scalars(select(Warehouse).where(Warehouse.active.is_(True)).limit(2)))
        if len(only) == 1:
            return only[0]
        if only:
            message = N_("Choose the warehouse: there is more than one.")
            raise ValidationFailed(message, fields={"warehouse_id": [message]})
    return active_warehouse(session, warehouse_id)


def check_same_customer(doc: Document, customer_id: int, what: Document) -> None:
    if doc.customer_id != customer_id:
        raise Conflict(N_("%(document)s belongs to another customer (%(customer)s)."), code="other_customer",
                       document=str(what), customer=str(what.customer) if getattr(what, "customer", None) else "—")
