"""Carriers: create, change, deactivate; their waybill numbers."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.services import require
from erp.errors import N_, NotFound, ValidationFailed
from erp.masterdata.records import get_record
from erp.numbering.services import next_number, register_doc_type
from logistics.carriers.models import Carrier
from logistics.permissions import CARRIER_EDIT

FIELDS = ("code", "name", "waybill_prefix", "phone", "active")


def get_carrier(session: Session, carrier_id: int) -> Carrier:
    carrier = get_record(session, Carrier, carrier_id)
    if carrier is None:
        raise NotFound(N_("Carrier not found."))
    return carrier


def query_carriers(*, q: str | None = None, active: bool | None = None):
    stmt = select(Carrier).order_by(Carrier.code)
    cond = search_filter([Carrier.code, Carrier.name], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if active is not None:
        stmt = stmt.where(Carrier.active.is_(active))
    return stmt


def check_unique(session: Session, column, value: str | None, field: str, exclude_id: int | None = None) -> None:
    """A code or waybill prefix no other carrier has (case-insensitive)."""
    if not value:
        return
    stmt = select(Carrier.id).where(func.lower(column) == value.lower())
    if exclude_id:
        stmt = stmt.where(Carrier.id != exclude_id)
    if session.scalar(stmt):
        raise ValidationFailed(N_("This code is already used."), fields={field: [N_("This code is already used.")]})


def create_carrier(session: Session, actor: User, data: dict) -> Carrier:
    """A new carrier; code and waybill prefix unique (422 naming the field)."""
    require(actor, CARRIER_EDIT)
    check_unique(session, Carrier.code, data["code"], "code")
    check_unique(session, Carrier.waybill_prefix, data.get("waybill_prefix"), "waybill_prefix")
    carrier = Carrier(**{k: data[k] for k in FIELDS if k in data})
    session.add(carrier)
    session.flush()
    return carrier


def update_carrier(session: Session, actor: User, carrier_id: int, data: dict) -> Carrier:
    require(actor, CARRIER_EDIT)
    carrier = get_carrier(session, carrier_id)
    check_unique(session, Carrier.code, data.get("code"), "code", carrier.id)
    check_unique(session, Carrier.waybill_prefix, data.get("waybill_prefix"), "waybill_prefix", carrier.id)
    for key in FIELDS:
        if key in data:
            setattr(carrier, key, data[key])
    session.flush()
    return carrier


def active_carrier(session: Session, carrier_id: int | None, field: str = "carrier_id") -> Carrier | None:
    """For shipments: None, or an existing active carrier (a field error otherwise)."""
    if carrier_id is None:
        return None
    carrier = get_record(session, Carrier, carrier_id)
    if carrier is None:
        raise ValidationFailed(N_("Unknown carrier."), fields={field: [N_("Unknown carrier.")]})
    if not carrier.active:
        raise ValidationFailed(N_("This carrier is inactive."), fields={field: [N_("This carrier is inactive.")]})
    return carrier


def next_waybill_number(session: Session, carrier: Carrier, on: dt.date) -> str:
    """The carrier's next waybill number of our own: its prefix, the date and a daily
    sequence (``SF20261126-0001``), from ``erp.numbering`` (no two shipments get one number,
    even at the same moment)."""
    if not carrier.waybill_prefix:
        raise ValidationFailed(N_("This carrier gives no waybill numbers of ours: enter the carrier's number."),
                               fields={"waybill_number": [N_("Enter the waybill number.")]})
    register_doc_type(carrier.waybill_doc_type, carrier.waybill_prefix)
    return next_number(session, carrier.waybill_doc_type, on)
