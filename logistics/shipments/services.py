"""Shipments: ship approved outbounds (发运), change the carrier, waybill or packages
while on the way, confirm delivery (签收), delete a shipment made by mistake.

Services take ``(session, actor, …)``, flush but never commit, and raise ``erp.errors.*``.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require, visible_warehouse_ids
from erp.db import utcnow
from erp.documents.base import DocState, state_term
from erp.documents.services import get_document
from erp.errors import N_, Conflict, NotFound, ValidationFailed
from erp.masterdata.records import get_record
from erp.numbering.services import next_number
from inventory.outbounds.models import Outbound
from logistics.carriers.services import active_carrier, next_waybill_number
from logistics.permissions import SHIPMENT_DELIVER, SHIPMENT_EDIT, SHIPMENT_VIEW
from logistics.shipments.models import Shipment, ShipmentOutbound, ShipmentPackage, ShipmentStatus
from logistics.shipments.packages import default_packages, split_weight

#: A shipment holds at most this many packages (a label run of a truck, not of a warehouse).
MAX_PACKAGES = 999


def get_shipment(session: Session, actor: User, shipment_id: int, *, for_update: bool = False) -> Shipment:
    """A shipment the actor may see (``NotFound``; ``Forbidden`` for another warehouse's)."""
    require(actor, SHIPMENT_VIEW)
    shipment = get_record(session, Shipment, shipment_id)
    if shipment is None:
        raise NotFound(N_("%(document)s not found."), document=Shipment.__doc_label__[1])
    if for_update and session.get_bind().dialect.name != "sqlite":
        session.execute(select(Shipment.id).where(Shipment.id == shipment.id).with_for_update())
        session.refresh(shipment)
    check_warehouse_access(actor, shipment.warehouse_id)
    return shipment


def query_shipments(actor: User, args: dict):
    """Shipments newest first, filtered by status, customer, outbound, number or waybill,
    in the warehouses the actor sees."""
    stmt = select(Shipment).order_by(Shipment.ship_date.desc(), Shipment.id.desc())
    if args.get("status"):
        stmt = stmt.where(Shipment.status == args["status"])
    if args.get("customer_id"):
        stmt = stmt.where(Shipment.customer_id == args["customer_id"])
    if args.get("outbound_id"):
        stmt = stmt.where(Shipment.links.any(ShipmentOutbound.outbound_id == args["outbound_id"]))
    if args.get("q"):
        stmt = stmt.where(Shipment.number.contains(args["q"]) | Shipment.waybill_number.contains(args["q"]))
    allowed = visible_warehouse_ids(actor)
    if allowed is not None:
        stmt = stmt.where(Shipment.warehouse_id.in_(allowed))
    return stmt


def unshipped_outbounds(session: Session, actor: User, *, customer_id: int | None = None, limit: int = 200):
    """Approved outbounds not in any shipment yet, newest first (the "to ship" list)."""
    stmt = (select(Outbound).where(Outbound.state == DocState.APPROVED,
                                   ~select(ShipmentOutbound.id).where(
                                       ShipmentOutbound.outbound_id == Outbound.id).exists())
            .order_by(Outbound.doc_date.desc(), Outbound.id.desc()).limit(limit))
    if customer_id:
        stmt = stmt.where(Outbound.customer_id == customer_id)
    allowed = visible_warehouse_ids(actor)
    if allowed is not None:
        stmt = stmt.where(Outbound.warehouse_id.in_(allowed))
    return list(session.scalars(stmt))


# --- checks ----------------------------------------------------------------------------

def load_outbounds(session: Session, actor: User, ids: list[int]) -> list[Outbound]:
    """The outbounds to ship, row-locked in id order (two clerks shipping one outbound at
    once: the second waits and then finds it shipped)."""
    if not ids:
        raise ValidationFailed(N_("Choose at least one outbound."), fields={"outbound_ids": [N_("Required.")]})
    outbounds = []
    for outbound_id in sorted(set(ids)):
        outbound = get_document(session, Outbound, outbound_id, for_update=True)
        check_warehouse_access(actor, outbound.warehouse_id)
        outbounds.append(outbound)
    return outbounds


def check_outbounds_shippable(session: Session, outbounds: list[Outbound], exclude_shipment_id: int | None = None) -> None:
    """Approved (the goods are issued), of one customer, from one warehouse, not shipped yet."""
    for outbound in outbounds:
        if outbound.state != DocState.APPROVED:
            raise Conflict(N_("%(outbound)s is %(state)s: only approved outbounds are shipped."),
                           code="outbound_not_approved", outbound=outbound.label, state=state_term(outbound.state))
    if len({o.customer_id for o in outbounds}) > 1:
        raise Conflict(N_("One shipment goes to one customer: these outbounds are for several."),
                       code="other_customer")
    if len({o.warehouse_id for o in outbounds}) > 1:
        raise Conflict(N_("One shipment leaves one warehouse: these outbounds are from several."),
                       code="other_warehouse")
    stmt = select(ShipmentOutbound).where(ShipmentOutbound.outbound_id.in_([o.id for o in outbounds]))
    if exclude_shipment_id:
        stmt = stmt.where(ShipmentOutbound.shipment_id != exclude_shipment_id)
    taken = list(session.scalars(stmt))
    if taken:
        link = taken[0]
        raise Conflict(N_("%(outbound)s is already in shipment %(shipment)s."), code="outbound_shipped",
                       outbound=link.outbound.label, shipment=link.shipment.number)


def check_status(shipment: Shipment, *allowed: ShipmentStatus) -> None:
    if shipment.status not in allowed:
        raise Conflict(N_("Shipment %(number)s is %(status)s; this needs it %(allowed)s."), code="invalid_state",
                       number=shipment.number, status=shipment.status.value,
                       allowed=" / ".join(s.value for s in allowed))


def ship_to(session: Session, customer, data: dict) -> tuple[str, str, str]:
    """The recipient, phone and address: typed ones win, else the chosen address of the
    customer (``address_id``), else its default address; all three are required."""
    address = None
    if data.get("address_id"):
        address = next((a for a in customer.addresses if a.id == data["address_id"]), None)
        if address is None:
            raise ValidationFailed(N_("Not an address of this customer."),
                                   fields={"address_id": [N_("Not an address of this customer.")]})
    address = address or customer.default_address
    name = data.get("ship_to_name") or (address.recipient if address else customer.name)
    phone = data.get("ship_to_phone") or (address.phone if address else customer.phone)
    text = data.get("ship_to_address") or (address.full if address else None)
    missing = {k: [N_("Required.")] for k, v in (("ship_to_name", name), ("ship_to_phone", phone),
                                                  ("ship_to_address", text)) if not v}
    if missing:
        raise ValidationFailed(N_("The customer has no ship-to address: enter one."), fields=missing)
    return name, phone, text


def package_weights(data: dict, outbounds: list[Outbound]) -> list[Decimal | None]:
    """Weights per package: as given (``weights``), else ``package_count`` packages sharing
    the goods' weight, else one package per case plus one for the loose pieces."""
    if data.get("weights"):
        weights = list(data["weights"])
    else:
        goods = default_packages(outbounds)
        count = data.get("package_count")
        if count and count != len(goods):
            known = None if None in goods else sum(goods, Decimal(0))
            weights = split_weight(known, count)
        else:
            weights = goods
    if len(weights) > MAX_PACKAGES:
        raise ValidationFailed(N_("At most %(max)s packages in one shipment."),
                               fields={"package_count": [N_("Too many.")]}, max=MAX_PACKAGES)
    return weights


def set_waybill(session: Session, shipment: Shipment, carrier, number: str | None, on: dt.date) -> None:
    """The waybill entered, else one of the carrier's own numbering; unique per carrier."""
    if carrier is None:
        if number:
            raise ValidationFailed(N_("Choose the carrier of this waybill."),
                                   fields={"carrier_id": [N_("Required with a waybill number.")]})
        shipment.carrier_id, shipment.waybill_number = None, None
        return
    number = number or next_waybill_number(session, carrier, on)
    clash = session.scalar(select(Shipment.number).where(
        Shipment.carrier_id == carrier.id, Shipment.waybill_number == number, Shipment.id != shipment.id))
    if clash:
        raise ValidationFailed(N_("Waybill %(waybill)s of this carrier is already on shipment %(shipment)s."),
                               fields={"waybill_number": [N_("Already used.")]}, waybill=number, shipment=clash)
    shipment.carrier_id, shipment.waybill_number = carrier.id, number


def set_packages(shipment: Shipment, weights: list[Decimal | None]) -> None:
    shipment.packages = [ShipmentPackage(package_no=i, weight_kg=w) for i, w in enumerate(weights, start=1)]


# --- verbs -----------------------------------------------------------------------------

def create_shipment(session: Session, actor: User, data: dict) -> Shipment:
    """Ship ``outbound_ids`` (approved, one customer, one warehouse, not shipped yet) to one
    address, with a carrier and waybill (entered, or generated from the carrier's prefix)
    and packages (``weights``, or ``package_count``, or one per case + one for loose pieces).
    Numbered at once (``FY…``). Raises ``ValidationFailed``, ``NotFound``, ``Forbidden`` (a
    warehouse of another), ``Conflict`` (``outbound_not_approved``, ``other_customer``,
    ``other_warehouse``, ``outbound_shipped``)."""
    require(actor, SHIPMENT_EDIT)
    outbounds = load_outbounds(session, actor, data.get("outbound_ids") or [])
    check_outbounds_shippable(session, outbounds)
    first = outbounds[0]
    if first.customer is None:
        raise Conflict(N_("%(outbound)s has no customer to ship to."), code="no_customer", outbound=first.label)
    ship_date = data.get("ship_date") or clock.today()
    name, phone, address = ship_to(session, first.customer, data)
    shipment = Shipment(ship_date=ship_date, warehouse_id=first.warehouse_id, customer_id=first.customer_id,
                        ship_to_name=name, ship_to_phone=phone, ship_to_address=address, note=data.get("note"),
                        status=ShipmentStatus.SHIPPED, created_by_id=actor.id)
    set_waybill(session, shipment, active_carrier(session, data.get("carrier_id")), data.get("waybill_number"),
                ship_date)
    set_packages(shipment, package_weights(data, outbounds))
    shipment.links = [ShipmentOutbound(outbound_id=o.id) for o in outbounds]
    shipment.number = next_number(session, "shipment", ship_date)
    session.add(shipment)
    session.flush()
    return shipment


def update_shipment(session: Session, actor: User, shipment_id: int, data: dict) -> Shipment:
    """Change a shipment on its way (not delivered): carrier and waybill, the address,
    packages (``weights`` or ``package_count``), the note."""
    require(actor, SHIPMENT_EDIT)
    shipment = get_shipment(session, actor, shipment_id, for_update=True)
    check_status(shipment, ShipmentStatus.SHIPPED)
    if "carrier_id" in data or "waybill_number" in data:
        carrier_id = data.get("carrier_id", shipment.carrier_id)
        set_waybill(session, shipment, active_carrier(session, carrier_id), data.get("waybill_number"),
                    shipment.ship_date)
    for key in ("ship_to_name", "ship_to_phone", "ship_to_address"):
        if data.get(key):
            setattr(shipment, key, data[key])
    if "note" in data:
        shipment.note = data["note"]
    if data.get("weights") or data.get("package_count") not in (None, len(shipment.packages)):
        weights = package_weights(data, shipment.outbounds)
        shipment.packages.clear()
        session.flush()  # package numbers are unique per shipment: the old ones go first
        set_packages(shipment, weights)
    session.flush()
    return shipment


def confirm_delivery(session: Session, actor: User, shipment_id: int, data: dict) -> Shipment:
    """签收: the customer received the goods — who signed (``received_by``), when
    (``delivered_at``: the wall-clock time written on the signed paper, now by default;
    not before the ship date), a remark. Only a shipped
    shipment (409 ``invalid_state`` otherwise)."""
    require(actor, SHIPMENT_DELIVER)
    shipment = get_shipment(session, actor, shipment_id, for_update=True)
    check_status(shipment, ShipmentStatus.SHIPPED)
    delivered_at = data.get("delivered_at") or clock.local(utcnow())
    if delivered_at.tzinfo is not None:  # "…T10:00+08:00": the same moment on the users' wall clock
        delivered_at = delivered_at.astimezone(clock.zone()).replace(tzinfo=None)
    if delivered_at.date() < shipment.ship_date:
        raise ValidationFailed(N_("Delivered before it was shipped?"),
                               fields={"delivered_at": [N_("Not before the ship date.")]})
    shipment.status = ShipmentStatus.DELIVERED
    shipment.delivered_at = delivered_at
    shipment.received_by = data["received_by"]
    shipment.delivery_remark = data.get("remark")
    shipment.confirmed_by_id = actor.id
    session.flush()
    return shipment


def delete_shipment(session: Session, actor: User, shipment_id: int) -> None:
    """Delete a shipment made by mistake (not once delivered): its outbounds may be shipped again."""
    require(actor, SHIPMENT_EDIT)
    shipment = get_shipment(session, actor, shipment_id, for_update=True)
    check_status(shipment, ShipmentStatus.SHIPPED)
    session.delete(shipment)
    session.flush()
