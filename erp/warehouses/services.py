"""Warehouses: create, change, deactivate; delete only while nothing uses them."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.permissions import WAREHOUSE_EDIT
from erp.auth.services import require, visible_warehouse_ids
from erp.errors import N_, NotFound, ValidationFailed
from erp.masterdata.records import get_record
from erp.masterdata.references import delete_unless_referenced
from erp.warehouses.models import Warehouse

FIELDS = ("code", "name", "address", "contact", "phone", "allow_negative_stock", "active")


def get_warehouse(session: Session, warehouse_id: int) -> Warehouse:
    warehouse = get_record(session, Warehouse, warehouse_id)
    if warehouse is None:
        raise NotFound(N_("Warehouse not found."))
    return warehouse


def query_warehouses(actor: User, *, q: str | None = None, active: bool | None = None):
    """Warehouses this user may see, by code."""
    stmt = select(Warehouse).order_by(Warehouse.code)
    cond = search_filter([Warehouse.code, Warehouse.name], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if active is not None:
        stmt = stmt.where(Warehouse.active.is_(active))
    allowed = visible_warehouse_ids(actor)
    if allowed is not None:
        stmt = stmt.where(Warehouse.id.in_(allowed))
    return stmt


def _check_unique_code(session: Session, code: str, exclude_id: int | None = None) -> None:
    stmt = select(Warehouse.id).where(func.lower(Warehouse.code) == code.lower())
    if exclude_id:
        stmt = stmt.where(Warehouse.id != exclude_id)
    if session.scalar(stmt):
        raise ValidationFailed(N_("This code is already used."), fields={"code": [N_("This code is already used.")]})


def create_warehouse(session: Session, actor: User, data: dict) -> Warehouse:
    require(actor, WAREHOUSE_EDIT)
    _check_unique_code(session, data["code"])
    warehouse = Warehouse(**{k: data[k] for k in FIELDS if k in data})
    session.add(warehouse)
    session.flush()
    return warehouse


def update_warehouse(session: Session, actor: User, warehouse_id: int, data: dict) -> Warehouse:
    require(actor, WAREHOUSE_EDIT)
    warehouse = get_warehouse(session, warehouse_id)
    if "code" in data and data["code"] != warehouse.code:
        _check_unique_code(session, data["code"], warehouse.id)
    for key in FIELDS:
        if key in data:
            setattr(warehouse, key, data[key])
    session.flush()
    return warehouse


def delete_warehouse(session: Session, actor: User, warehouse_id: int) -> None:
    """Delete a warehouse nothing references — no stock, no document, no user restricted to it
    (409 naming what does: deactivate it instead)."""
    require(actor, WAREHOUSE_EDIT)
    warehouse = get_warehouse(session, warehouse_id)
    delete_unless_referenced(session, warehouse, f"{warehouse.code} {warehouse.name}")


def active_warehouse(session: Session, warehouse_id: int, field: str = "warehouse_id") -> Warehouse:
    """For documents: the warehouse must exist and be active (a field error otherwise)."""
    warehouse = get_record(session, Warehouse, warehouse_id) if warehouse_id else None
    if warehouse is None:
        raise ValidationFailed(N_("Unknown warehouse."), fields={field: [N_("Unknown warehouse.")]})
    if not warehouse.active:
        raise ValidationFailed(N_("This warehouse is inactive."), fields={field: [N_("This warehouse is inactive.")]})
    return warehouse
