"""The shipment (发运单) on the A4 frame: the handover sheet a driver carries — outbounds,
packages with their weights, carrier and waybill, and the delivery confirmation (签收)."""
from __future__ import annotations

import datetime as dt

from printing.company import Company
from printing.document_parts import join, person, renderer
from printing.documents import Column, DocumentSpec, Field, Signature, Total
from printing.text import Bi, fmt_qty

STATUS = {"shipped": Bi("已发运", "Shipped"), "delivered": Bi("已签收", "Delivered")}


def shipment_spec(shipment, company: Company, lang: str = "zh", *,
                  printed_at: dt.datetime | None = None) -> DocumentSpec:
    outbounds = ", ".join(o.label for o in shipment.outbounds)
    fields = [Field(Bi("客户", "Customer"), shipment.customer.name, span=2),
              Field(Bi("发运日期", "Ship date"), shipment.ship_date, "date"),
              Field(Bi("承运商", "Carrier"), shipment.carrier.name if shipment.carrier else Bi("自送", "Own delivery")),
              Field(Bi("运单号", "Waybill"), shipment.waybill_number or ""),
              Field(Bi("状态", "Status"), STATUS.get(str(shipment.status), str(shipment.status))),
              Field(Bi("收货人", "Recipient"), join(shipment.ship_to_name, shipment.ship_to_phone)),
              Field(Bi("收货地址", "Ship to"), shipment.ship_to_address, span=2),
              Field(Bi("销售出库单", "Outbounds"), outbounds, span=3)]
    if shipment.delivered_at:
        fields.append(Field(Bi("签收", "Delivered"), join(shipment.received_by, shipment.delivered_at.strftime(
            "%Y-%m-%d %H:%M"), shipment.delivery_remark), span=3))
    weight = shipment.total_weight
    return DocumentSpec(
        title=Bi("发运单", "Shipment"), number=shipment.number, company=company, fields=fields,
        columns=[Column(Bi("件号", "Package"), lambda p: f"{p.package_no} / {len(shipment.packages)}", 1.0),
                 Column(Bi("重量（kg）", "Weight (kg)"), lambda p: fmt_qty(p.weight_kg) if p.weight_kg else "", 1.0,
                        align="right"),
                 Column(Bi("件码", "Package code"), lambda p: shipment.package_code(p.package_no), 2.0),
                 Column(Bi("备注", "Note"), lambda p: "", 2.0)],
        rows=shipment.packages,
        totals=[Total(Bi("件数", "Packages"), len(shipment.packages), "int"),
                *([Total(Bi("总重量（kg）", "Total weight (kg)"), weight, "qty")] if weight else [])],
        notes=shipment.note, line_numbers=False,
        signatures=[Signature(Bi("发货人", "Shipped by"), person(shipment, shipment.created_by_id)),
                    Signature(Bi("承运人", "Carrier")), Signature(Bi("收货人签收", "Received by"), stamp=True)],
        printed_at=printed_at,
    )


render_shipment = renderer(shipment_spec)
