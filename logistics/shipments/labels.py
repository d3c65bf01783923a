"""Shipping labels (面单) of shipments, 100×150 mm, one per package, through printing's
:func:`~printing.shipping.render_shipping_labels`: ship-to name, phone and address, the
order and outbound numbers, package n of m, its weight, the carrier with the waybill
number as a large Code 128, and a Code 128 per package (:meth:`Shipment.package_code`)."""
from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.errors import N_, Conflict, NotFound, ValidationFailed
from erp.sales.links import upstream_of
from inventory.documents import load_visible
from inventory.outbounds.models import Outbound
from logistics.permissions import SHIPMENT_VIEW
from logistics.shipments.models import Shipment, ShipmentOutbound
from logistics.shipments.services import get_shipment
from printing.company import company_from_settings
from printing.services import check_label_count
from printing.shipping import ShippingLabel, package_labels, render_shipping_labels


def order_numbers(session: Session, outbound: Outbound) -> list[str]:
    """The sales orders behind an outbound (through its delivery note)."""
    out = []
    for note in upstream_of(session, outbound):
        out += [order.label for order in upstream_of(session, note)]
    return out


def shipment_labels(session: Session, shipment: Shipment) -> list[ShippingLabel]:
    """The labels of every package of one shipment (1/m … m/m)."""
    outbounds = shipment.outbounds
    orders = list(dict.fromkeys(n for o in outbounds for n in order_numbers(session, o)))
    labels = package_labels(
        len(shipment.packages), weights=[p.weight_kg for p in shipment.packages],
        ship_to_name=shipment.ship_to_name, ship_to_phone=shipment.ship_to_phone,
        ship_to_address=shipment.ship_to_address,
        ship_to_company=shipment.customer.name if shipment.customer.name != shipment.ship_to_name else None,
        outbound_number=", ".join(o.label for o in outbounds), order_number=", ".join(orders) or None,
        carrier=shipment.carrier.name if shipment.carrier else None, waybill_number=shipment.waybill_number,
        ship_date=shipment.ship_date.isoformat(), note=shipment.note)
    return [dataclasses.replace(label, package_code=shipment.package_code(label.package_no)) for label in labels]


def render(session: Session, shipments: list[Shipment], lang: str) -> bytes:
    labels = [label for s in shipments for label in shipment_labels(session, s)]
    check_label_count(len(labels))
    return render_shipping_labels(labels, lang, sender=company_from_settings(session))


def shipment_labels_pdf(session: Session, actor: User, ids: list[int], *,
                        lang: str = "zh") -> tuple[bytes, list[Shipment]]:
    """Every package label of the shipments ``ids`` (in that order) in one PDF. Needs
    ``shipment.view``; ``NotFound`` naming missing ones; ``Forbidden`` for another warehouse's."""
    require(actor, SHIPMENT_VIEW)
    ids = list(dict.fromkeys(ids))
    found = {s.id for s in session.scalars(select(Shipment).where(Shipment.id.in_(ids)))}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise NotFound(N_("%(document)s not found: %(ids)s."), document=Shipment.__doc_label__[1],
                       ids=", ".join(missing))
    shipments = [get_shipment(session, actor, i) for i in ids]
    return render(session, shipments, lang), shipments


def outbound_labels_pdf(session: Session, actor: User, outbound_ids: list[int], *, lang: str = "zh") -> bytes:
    """Every package label of the shipments of the outbounds ``outbound_ids`` (a shipment of
    several of them printed once). 409 ``not_shipped`` naming outbounds without a shipment:
    create it first (carrier, waybill, packages)."""
    require(actor, SHIPMENT_VIEW)
    outbound_ids = list(dict.fromkeys(outbound_ids))
    for outbound_id in outbound_ids:
        load_visible(session, actor, Outbound, outbound_id)
    links = {link.outbound_id: link.shipment_id for link in session.scalars(
        select(ShipmentOutbound).where(ShipmentOutbound.outbound_id.in_(outbound_ids)))}
    missing = [session.get(Outbound, i).label for i in outbound_ids if i not in links]
    if missing:
        raise Conflict(N_("Not shipped yet (create the shipment first): %(outbounds)s."), code="not_shipped",
                       outbounds=", ".join(missing))
    shipment_ids = list(dict.fromkeys(links[i] for i in outbound_ids))
    if not shipment_ids:
        raise ValidationFailed(N_("Nothing to print."), fields={"ids": [N_("Nothing to print.")]})
    return render(session, [get_shipment(session, actor, i) for i in shipment_ids], lang)
