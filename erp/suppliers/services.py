"""Suppliers (供应商档案): create, change, deactivate; delete only while nothing uses them."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.permissions import SUPPLIER_EDIT
from erp.auth.services import require
from erp.errors import N_, NotFound, ValidationFailed
from erp.masterdata.problems import Problems
from erp.masterdata.records import get_record
from erp.masterdata.references import delete_unless_referenced
from erp.suppliers.models import Supplier

FIELDS = ("code", "name", "uscc", "contact", "phone", "email", "address", "bank_name", "bank_account",
          "payment_terms_days", "note", "active")


def get_supplier(session: Session, supplier_id: int) -> Supplier:
    supplier = get_record(session, Supplier, supplier_id)
    if supplier is None:
        raise NotFound(N_("Supplier not found."))
    return supplier


def active_supplier(session: Session, supplier_id: int | None, field: str = "supplier_id") -> Supplier:
    """For documents: the supplier must exist and be active (a field error otherwise)."""
    supplier = get_record(session, Supplier, supplier_id) if supplier_id else None
    if supplier is None:
        raise ValidationFailed(N_("Unknown supplier."), fields={field: [N_("Unknown supplier.")]})
    if not supplier.active:
        raise ValidationFailed(N_("This supplier is inactive."), fields={field: [N_("This supplier is inactive.")]})
    return supplier


def query_suppliers(*, q: str | None = None, active: bool | None = None):
    """Suppliers by code; ``q`` searches code, name, contact, phone and USCC."""
    stmt = select(Supplier).order_by(Supplier.code)
    cond = search_filter([Supplier.code, Supplier.name, Supplier.contact, Supplier.phone, Supplier.uscc], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if active is not None:
        stmt = stmt.where(Supplier.active.is_(active))
    return stmt


def _check(session: Session, data: dict, exclude_id: int | None = None) -> None:
    problems = Problems()
    checks = (("code", func.lower(Supplier.code), (data.get("code") or "").lower(), N_("This code is already used.")),
              ("uscc", Supplier.uscc, data.get("uscc"), N_("Another supplier has this unified social credit code.")))
    for field, column, value, message in checks:
        if not value:
            continue
        stmt = select(Supplier.id).where(column == value)
        if exclude_id:
            stmt = stmt.where(Supplier.id != exclude_id)
        if session.scalar(stmt.limit(1)):
            problems.add(field, message)
    problems.raise_if_any()


def create_supplier(session: Session, actor: User, data: dict) -> Supplier:
    require(actor, SUPPLIER_EDIT)
    _check(session, data)
    supplier = Supplier(**{k: data[k] for k in FIELDS if k in data})
    session.add(supplier)
    session.flush()
    return supplier


def update_supplier(session: Session, actor: User, supplier_id: int, data: dict) -> Supplier:
    require(actor, SUPPLIER_EDIT)
    supplier = get_supplier(session, supplier_id)
    _check(session, data, supplier.id)
    for key in FIELDS:
        if key in data:
            setattr(supplier, key, data[key])
    session.flush()
    return supplier


def delete_supplier(session: Session, actor: User, supplier_id: int) -> None:
    """Delete a supplier nothing references (409 otherwise: deactivate it instead)."""
    require(actor, SUPPLIER_EDIT)
    supplier = get_supplier(session, supplier_id)
    delete_unless_referenced(session, supplier, f"{supplier.code} {supplier.name}")
