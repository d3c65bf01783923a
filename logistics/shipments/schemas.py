"""Input and output of the shipment API and pages."""
from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import MAX_ID, InputSchema, ListQuery, OutputSchema, Qty, Str
from erp.errors import N_
from logistics.shipments.models import ShipmentStatus
from printing.schemas import IdList

WEIGHT = Qty(positive=True, maximum=10000)


def RecordId(**kwargs) -> fields.Integer:  # noqa: N802
    """A record id from JSON or a form ("12"): a positive 32-bit integer."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class ShipmentIn(InputSchema):
    #: Checked by the service ("choose at least one outbound" beside the list).
    outbound_ids = fields.List(RecordId(), load_default=list, validate=validate.Length(max=100))
    carrier_id = RecordId(allow_none=True)
    waybill_number = Str(40, validate=[validate.Regexp(r"^[\x21-\x7e]+$", error=N_("Letters, digits and signs only."))])
    #: Weights per package (kg), or a package count (weights shared), or neither (one per case).
    weights = fields.List(WEIGHT, validate=validate.Length(min=1, max=999))
    package_count = fields.Integer(allow_none=True, validate=validate.Range(1, 999))
    address_id = RecordId(allow_none=True)
    ship_to_name = Str(60)
    ship_to_phone = Str(40)
    ship_to_address = Str(300)
    ship_date = fields.Date(allow_none=True)
    note = Str(1000)


class ShipmentUpdateIn(InputSchema):
    carrier_id = RecordId(allow_none=True)
    waybill_number = Str(40, validate=[validate.Regexp(r"^[\x21-\x7e]+$", error=N_("Letters, digits and signs only."))])
    weights = fields.List(WEIGHT, validate=validate.Length(min=1, max=999))
    package_count = fields.Integer(allow_none=True, validate=validate.Range(1, 999))
    ship_to_name = Str(60)
    ship_to_phone = Str(40)
    ship_to_address = Str(300)
    note = Str(1000)


class DeliveryIn(InputSchema):
    """签收: who received the goods, when (now by default), a remark."""

    received_by = Str(60, required=True)
    delivered_at = fields.DateTime(allow_none=True)
    remark = Str(300)


class PackageOut(OutputSchema):
    package_no = fields.Integer()
    weight_kg = Qty()


class OutboundRefOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()


class ShipmentOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    status = fields.String()
    ship_date = fields.Date()
    warehouse_id = fields.Integer()
    customer_id = fields.Integer()
    carrier_id = fields.Integer(allow_none=True)
    carrier = fields.Function(lambda s: s.carrier.name if s.carrier else None)
    waybill_number = fields.String(allow_none=True)
    ship_to_name = fields.String()
    ship_to_phone = fields.String()
    ship_to_address = fields.String()
    outbounds = fields.List(fields.Nested(OutboundRefOut))
    packages = fields.List(fields.Nested(PackageOut))
    package_count = fields.Function(lambda s: len(s.packages))
    total_weight = Qty(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    received_by = fields.String(allow_none=True)
    delivery_remark = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ShipmentQuery(ListQuery):
    status = fields.String(allow_none=True, validate=validate.OneOf([s.value for s in ShipmentStatus]))
    customer_id = RecordId(allow_none=True)
    outbound_id = RecordId(allow_none=True)


class LabelsQuery(InputSchema):
    """``?ids=1,2,3`` (shipments or outbounds) and the language."""

    ids = IdList(required=True)
    lang = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["zh", "en"]))


class OneLabelsQuery(InputSchema):
    lang = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["zh", "en"]))
