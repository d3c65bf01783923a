"""Logistics API: /api/v1/carriers, /api/v1/shipments (+ /deliver, labels) and the
shipping labels of outbounds."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from logistics.carriers import services as carriers
from logistics.carriers.schemas import CarrierIn, CarrierOut, CarrierQuery, CarrierUpdateIn
from logistics.permissions import (
    CARRIER_EDIT,
    CARRIER_VIEW,
    SHIPMENT_DELIVER,
    SHIPMENT_EDIT,
    SHIPMENT_VIEW,
)
from logistics.shipments import labels, services
from logistics.shipments.schemas import (
    DeliveryIn,
    LabelsQuery,
    OneLabelsQuery,
    ShipmentIn,
    ShipmentOut,
    ShipmentQuery,
    ShipmentUpdateIn,
)
from printing.responses import pdf_response, request_lang

bp = Blueprint("logistics_api", __name__, url_prefix="/api/v1")


@endpoint(bp, "/carriers", permission=CARRIER_VIEW, query=CarrierQuery, response=CarrierOut, paged=True,
          tags=["carriers"])
def list_carriers(session, actor, args):
    """Carriers by code, searchable by code or name."""
    return paginate(session, carriers.query_carriers(q=args.get("q"), active=args.get("active")), args)


@endpoint(bp, "/carriers", "POST", permission=CARRIER_EDIT, body=CarrierIn, response=CarrierOut, status=201,
          tags=["carriers"])
def create_carrier(session, actor, data):
    return carriers.create_carrier(session, actor, data)


@endpoint(bp, "/carriers/<int:carrier_id>", permission=CARRIER_VIEW, response=CarrierOut, tags=["carriers"])
def get_carrier(session, actor, carrier_id):
    return carriers.get_carrier(session, carrier_id)


@endpoint(bp, "/carriers/<int:carrier_id>", "PATCH", permission=CARRIER_EDIT, body=CarrierUpdateIn,
          response=CarrierOut, tags=["carriers"])
def update_carrier(session, actor, carrier_id, data):
    return carriers.update_carrier(session, actor, carrier_id, data)


@endpoint(bp, "/shipments", permission=SHIPMENT_VIEW, query=ShipmentQuery, response=ShipmentOut, paged=True,
          tags=["shipments"])
def list_shipments(session, actor, args):
    """Shipments, newest first (status, customer, outbound, number or waybill)."""
    return paginate(session, services.query_shipments(actor, args), args)


@endpoint(bp, "/shipments", "POST", permission=SHIPMENT_EDIT, body=ShipmentIn, response=ShipmentOut, status=201,
          tags=["shipments"])
def create_shipment(session, actor, data):
    """Ship approved outbounds of one customer: carrier, waybill (or generated), packages."""
    return services.create_shipment(session, actor, data)


@endpoint(bp, "/shipments/<int:shipment_id>", permission=SHIPMENT_VIEW, response=ShipmentOut, tags=["shipments"])
def get_shipment(session, actor, shipment_id):
    return services.get_shipment(session, actor, shipment_id)


@endpoint(bp, "/shipments/<int:shipment_id>", "PATCH", permission=SHIPMENT_EDIT, body=ShipmentUpdateIn,
          response=ShipmentOut, tags=["shipments"])
def update_shipment(session, actor, shipment_id, data):
    """Change carrier, waybill, address, packages or note before delivery."""
    return services.update_shipment(session, actor, shipment_id, data)


@endpoint(bp, "/shipments/<int:shipment_id>", "DELETE", permission=SHIPMENT_EDIT, tags=["shipments"])
def delete_shipment(session, actor, shipment_id):
    """Delete a shipment not delivered yet (its outbounds may be shipped again)."""
    services.delete_shipment(session, actor, shipment_id)
    return {}


@endpoint(bp, "/shipments/<int:shipment_id>/deliver", "POST", permission=SHIPMENT_DELIVER, body=DeliveryIn,
          response=ShipmentOut, tags=["shipments"])
def deliver_shipment(session, actor, shipment_id, data):
    """签收: who received the goods, when, a remark."""
    return services.confirm_delivery(session, actor, shipment_id, data)


@endpoint(bp, "/shipments/<int:shipment_id>/labels/pdf", permission=SHIPMENT_VIEW, query=OneLabelsQuery,
          content_type="application/pdf", tags=["shipments"])
def shipment_labels_pdf(session, actor, shipment_id, args):
    """The 100×150 mm label of every package of a shipment."""
    pdf, shipments = labels.shipment_labels_pdf(session, actor, [shipment_id], lang=request_lang(args["lang"]))
    return pdf_response(pdf, f"shipping-labels-{shipments[0].number}.pdf")


@endpoint(bp, "/shipments/labels/pdf", permission=SHIPMENT_VIEW, query=LabelsQuery, content_type="application/pdf",
          tags=["shipments"])
def shipments_labels_pdf(session, actor, args):
    """Every package label of the shipments ``ids`` in one PDF."""
    pdf, shipments = labels.shipment_labels_pdf(session, actor, args["ids"], lang=request_lang(args["lang"]))
    return pdf_response(pdf, f"shipping-labels-{len(shipments)}-shipments.pdf")


@endpoint(bp, "/outbounds/shipping-labels/pdf", permission=SHIPMENT_VIEW, query=LabelsQuery,
          content_type="application/pdf", tags=["outbounds", "shipments"])
def outbounds_labels_pdf(session, actor, args):
    """Every package label of the shipments of the outbounds ``ids`` in one PDF (409 for one not shipped yet)."""
    pdf = labels.outbound_labels_pdf(session, actor, args["ids"], lang=request_lang(args["lang"]))
    return pdf_response(pdf, f"shipping-labels-{len(args['ids'])}-outbounds.pdf")
