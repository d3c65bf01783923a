"""Units of measure (计量单位): create, change, delete unless used."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.permissions import UNIT_EDIT
from erp.auth.services import require
from erp.errors import N_, NotFound
from erp.masterdata.problems import Problems
from erp.masterdata.records import get_record
from erp.masterdata.references import delete_unless_referenced
from erp.products.models import Unit

FIELDS = ("code", "name", "name_en", "decimals", "active")


def get_unit(session: Session, unit_id: int) -> Unit:
    unit = get_record(session, Unit, unit_id)
    if unit is None:
        raise NotFound(N_("Unit not found."))
    return unit


def query_units(*, q: str | None = None, active: bool | None = None):
    stmt = select(Unit).order_by(Unit.code)
    cond = search_filter([Unit.code, Unit.name, Unit.name_en], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if active is not None:
        stmt = stmt.where(Unit.active.is_(active))
    return stmt


def _check(session: Session, data: dict, exclude_id: int | None = None) -> None:
    problems = Problems()
    if data.get("code"):
        stmt = select(Unit.id).where(func.lower(Unit.code) == data["code"].lower())
        if exclude_id:
            stmt = stmt.where(Unit.id != exclude_id)
        if session.scalar(stmt):
            problems.add("code", N_("This code is already used."))
    problems.raise_if_any()


def create_unit(session: Session, actor: User, data: dict) -> Unit:
    require(actor, UNIT_EDIT)
    _check(session, data)
    unit = Unit(**{k: data[k] for k in FIELDS if k in data})
    session.add(unit)
    session.flush()
    return unit


def update_unit(session: Session, actor: User, unit_id: int, data: dict) -> Unit:
    require(actor, UNIT_EDIT)
    unit = get_unit(session, unit_id)
    _check(session, data, unit.id)
    for key in FIELDS:
        if key in data:
            setattr(unit, key, data[key])
    session.flush()
    return unit


def delete_unit(session: Session, actor: User, unit_id: int) -> None:
    """Delete a unit no product (or packing) uses (409 otherwise: deactivate it)."""
    require(actor, UNIT_EDIT)
    unit = get_unit(session, unit_id)
    delete_unless_referenced(session, unit, f"{unit.code} {unit.name}")


def unit_options(session: Session) -> list[tuple[int, str]]:
    return [(u.id, f"{u.name} ({u.code})") for u in session.scalars(
        select(Unit).where(Unit.active.is_(True)).order_by(Unit.code))]
