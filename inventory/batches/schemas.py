from __future__ import annotations

from marshmallow import fields, validate

from erp import clock
from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Str
from inventory.batches.models import BatchStatus

STATUS = validate.OneOf([s.value for s in BatchStatus])


class BatchIn(InputSchema):
    product_id = fields.Integer(required=True)
    batch_no = Str(40, required=True)
    production_date = fields.Date(allow_none=True)
    expiry_date = fields.Date(allow_none=True)
    supplier_id = fields.Integer(allow_none=True)
    status = Str(12, validate=[STATUS])
    note = Str(300)


class BatchUpdateIn(InputSchema):
    batch_no = Str(40)
    production_date = fields.Date(allow_none=True)
    expiry_date = fields.Date(allow_none=True)
    supplier_id = fields.Integer(allow_none=True)
    status = Str(12, validate=[STATUS])
    note = Str(300)


class BatchOut(OutputSchema):
    id = fields.Integer()
    product_id = fields.Integer()
    sku = fields.Function(lambda b: b.product.sku)
    product_name = fields.Function(lambda b: b.product.name)
    batch_no = fields.String()
    production_date = fields.Date()
    expiry_date = fields.Date()
    days_left = fields.Function(lambda b: b.days_left(clock.today()))
    expired = fields.Function(lambda b: b.is_expired(clock.today()))
    supplier_id = fields.Integer()
    status = fields.String()
    note = fields.String()


class BatchQuery(ListQuery):
    product_id = fields.Integer()
    status = Str(12, validate=[STATUS])
    expired = fields.Boolean(allow_none=True)
    expiring_by = fields.Date()
