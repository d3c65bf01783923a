"""Schemas every purchasing document shares: priced line and header output, list queries,
and the input of a line taken from an upstream document."""
from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Price, Qty, Rate, Str
from erp.documents.base import DocState
from inventory.schemas import LineOut


def lines_of(schema, *, required: bool = False) -> fields.List:
    return fields.List(fields.Nested(schema), required=required, allow_none=not required,
                       validate=validate.Length(min=1, max=500))


class PurchaseTakenLineIn(InputSchema):
    """Part of an upstream line: ``qty`` in ``unit_id`` (default: the upstream line's unit)."""

    origin_line_id = fields.Integer(required=True)
    qty = Qty(required=True, positive=True)
    unit_id = fields.Integer(allow_none=True)


class PurchaseLineOut(LineOut):
    """A line: product, unit and quantities (inventory's ``LineOut``), priced."""

    unit_price = Price()
    vat_rate = Rate()
    amount_net = Money()
    amount_tax = Money()
    amount_gross = Money()


class PurchaseDocumentOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    doc_date = fields.Date()
    state = fields.Function(lambda d: d.state.value)
    supplier_id = fields.Integer()
    supplier_name = fields.Function(lambda d: d.supplier.name)
    warehouse_id = fields.Integer()
    price_includes_vat = fields.Boolean()
    total_net = Money()
    total_tax = Money()
    total_gross = Money()
    note = fields.String()
    version = fields.Integer()
    created_by_id = fields.Integer()
    created_at = fields.DateTime()
    approved_by_id = fields.Integer()
    approved_at = fields.DateTime()


class PurchaseQuery(ListQuery):
    state = Str(12, validate=[validate.OneOf([s.value for s in DocState])])
    supplier_id = fields.Integer()
    warehouse_id = fields.Integer()
    date_from = fields.Date()
    date_to = fields.Date()

