"""The logistics pages' blueprint (``/logistics``), the menu entries and the printouts
logistics adds to other pages (the outbound's shipping labels and "ship" button)."""
from __future__ import annotations

from flask import Blueprint, url_for
from sqlalchemy import select
from sqlalchemy.orm import object_session

from erp.errors import N_
from erp.web.nav import nav_item
from logistics.permissions import CARRIER_VIEW, SHIPMENT_EDIT, SHIPMENT_VIEW
from logistics.shipments.models import ShipmentOutbound
from printing.web import register_doc_action, register_list_action

bp = Blueprint("logistics", __name__, url_prefix="/logistics", template_folder="templates")

nav_item("warehouse", N_("Shipments"), "logistics.shipments", SHIPMENT_VIEW, 65)
nav_item("warehouse", N_("Carriers"), "logistics.carriers", CARRIER_VIEW, 90)


def _shipped(outbound) -> bool:
    return object_session(outbound).scalar(
        select(ShipmentOutbound.id).where(ShipmentOutbound.outbound_id == outbound.id)) is not None


def _outbound_labels_url(outbound) -> str | None:
    """The labels of the outbound's shipment (offered once it is shipped)."""
    if outbound.state.value != "approved" or not _shipped(outbound):
        return None
    return url_for("logistics_api.outbounds_labels_pdf", ids=outbound.id)


def _ship_url(outbound) -> str | None:
    """Ship an approved outbound not shipped yet."""
    if outbound.state.value != "approved" or _shipped(outbound):
        return None
    return url_for("logistics.shipment_new", outbound_ids=outbound.id)


register_doc_action("outbound", N_("Shipping labels"), _outbound_labels_url, permission=SHIPMENT_VIEW, icon="🚚")
register_doc_action("outbound", N_("Ship"), _ship_url, permission=SHIPMENT_EDIT, icon="📦")
register_list_action("outbound", N_("Shipping labels"), "logistics_api.outbounds_labels_pdf",
                     permission=SHIPMENT_VIEW, icon="🚚")
register_list_action("shipments", N_("Shipping labels"), "logistics_api.shipments_labels_pdf",
                     permission=SHIPMENT_VIEW, icon="🚚")
