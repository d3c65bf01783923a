from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, OutputSchema, Qty, Str


class PurchaseSuggestionQuery(InputSchema):
    warehouse_id = fields.Integer(allow_none=True)
    supplier_id = fields.Integer(allow_none=True)


class PurchaseSuggestionOut(OutputSchema):
    product_id = fields.Function(lambda s: s.product.id)
    sku = fields.Function(lambda s: s.product.sku)
    product_name = fields.Function(lambda s: s.product.name)
    supplier_id = fields.Function(lambda s: s.supplier.id if s.supplier else None)
    supplier_name = fields.Function(lambda s: s.supplier.name if s.supplier else None)
    base_unit = fields.Function(lambda s: s.product.base_unit.name)
    reorder_point = Qty()
    max_stock = Qty()
    on_hand = Qty()
    reserved = Qty()
    on_order = Qty()
    projected = Qty()
    qty_base = Qty()
    unit_id = fields.Function(lambda s: s.unit.id)
    unit = fields.Function(lambda s: s.unit.name)
    factor = Qty()
    qty = Qty()


class PurchaseSuggestionOrdersIn(InputSchema):
    """``warehouse_id``: where the orders deliver to, and whose stock counts unless
    ``all_warehouses`` (as the suggestion was shown)."""

    warehouse_id = fields.Integer(required=True)
    all_warehouses = fields.Boolean(load_default=False)
    supplier_ids = fields.List(fields.Integer(), validate=validate.Length(max=500))
    product_ids = fields.List(fields.Integer(), validate=validate.Length(max=5000))
    doc_date = fields.Date(allow_none=True)
    expected_date = fields.Date(allow_none=True)
    note = Str(2000)
