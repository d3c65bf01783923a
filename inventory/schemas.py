"""Schemas every stock document shares: the header and line output, the list query."""
from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Qty, Str
from erp.documents.base import DocState


class LineIn(InputSchema):
    product_id = fields.Integer(required=True)
    unit_id = fields.Integer(allow_none=True)
    qty = Qty(required=True, positive=True)


class BatchLineIn(LineIn):
    batch_id = fields.Integer(allow_none=True)


class LineOut(OutputSchema):
    id = fields.Integer()
    line_no = fields.Integer()
    product_id = fields.Integer()
    sku = fields.Function(lambda line: line.product.sku)
    product_name = fields.Function(lambda line: line.product.name)
    unit_id = fields.Integer()
    unit = fields.Function(lambda line: line.unit.name)
    qty = Qty()
    qty_base = Qty()
    base_unit = fields.Function(lambda line: line.product.base_unit.name)


class BatchLineOut(LineOut):
    batch_id = fields.Integer()
    batch_no = fields.Function(lambda line: line.batch.batch_no if line.batch else None)
    expiry_date = fields.Function(lambda line: line.batch.expiry_date.isoformat()
                                  if line.batch and line.batch.expiry_date else None)


class DocumentOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    doc_date = fields.Date()
    state = fields.String()
    note = fields.String()
    version = fields.Integer()
    created_by_id = fields.Integer()
    created_at = fields.DateTime()
    approved_by_id = fields.Integer()
    approved_at = fields.DateTime()


class DocumentQuery(ListQuery):
    state = Str(12, validate=[validate.OneOf([s.value for s in DocState])])
    warehouse_id = fields.Integer()
    date_from = fields.Date()
    date_to = fields.Date()


def lines_field(schema, *, required: bool = True) -> fields.List:
    kwargs = {"required": True} if required else {}
    return fields.List(fields.Nested(schema), validate=validate.Length(min=1, max=500), **kwargs)
