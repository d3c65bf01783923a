from __future__ import annotations

import datetime as dt

from marshmallow import fields, validate

from erp import clock
from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Price, Qty, Str


def batch_attr(name):
    """A field reading one attribute of the row's batch (dates as ISO text; None without a batch)."""
    def get(obj):
        batch = obj.batch
        value = getattr(batch, name) if batch is not None else None
        return value.isoformat() if isinstance(value, dt.date) else value
    return get


class BalanceOut(OutputSchema):
    id = fields.Integer()
    product_id = fields.Integer()
    sku = fields.Function(lambda b: b.product.sku)
    product_name = fields.Function(lambda b: b.product.name)
    base_unit = fields.Function(lambda b: b.product.base_unit.name)
    warehouse_id = fields.Integer()
    warehouse_code = fields.Function(lambda b: b.warehouse.code)
    batch_id = fields.Integer()
    batch_no = fields.Function(batch_attr("batch_no"))
    expiry_date = fields.Function(batch_attr("expiry_date"))
    expired = fields.Function(lambda b: b.batch.is_expired(clock.today()) if b.batch else False)
    blocked = fields.Function(lambda b: b.batch is not None and b.batch.status == "blocked")
    on_hand = Qty()
    reserved = Qty()
    available = Qty()


class BalanceQuery(ListQuery):
    product_id = fields.Integer()
    warehouse_id = fields.Integer()
    batch_id = fields.Integer()
    include_empty = fields.Boolean(load_default=False)
    available_only = fields.Boolean(load_default=False)


class LevelsQuery(InputSchema):
    product_id = fields.List(fields.Integer(), required=True, validate=validate.Length(min=1, max=200))
    warehouse_id = fields.List(fields.Integer())
    on_date = fields.Date()


class WarehouseLevelOut(OutputSchema):
    warehouse_id = fields.Integer()
    on_hand = Qty()
    reserved = Qty()
    available = Qty()
    sellable = Qty()


class ProductStockOut(OutputSchema):
    product_id = fields.Integer()
    on_hand = Qty(attribute="total.on_hand")
    reserved = Qty(attribute="total.reserved")
    available = Qty(attribute="total.available")
    sellable = Qty(attribute="total.sellable")
    warehouses = fields.List(fields.Nested(WarehouseLevelOut))


class MoveOut(OutputSchema):
    id = fields.Integer()
    product_id = fields.Integer()
    sku = fields.Function(lambda m: m.product.sku)
    warehouse_id = fields.Integer()
    batch_id = fields.Integer()
    batch_no = fields.Function(batch_attr("batch_no"))
    qty = Qty()
    unit_cost = Price()
    value = Money()
    posting_date = fields.Date()
    posted_at = fields.DateTime()
    user_id = fields.Integer()
    source_type = fields.String()
    source_id = fields.Integer()
    source_line_id = fields.Integer()
    source_number = fields.String()
    reverses_id = fields.Integer()


class MoveQuery(ListQuery):
    product_id = fields.Integer()
    warehouse_id = fields.Integer()
    batch_id = fields.Integer()
    source_type = Str(30)
    source_id = fields.Integer()
    date_from = fields.Date()
    date_to = fields.Date()


class CostOut(OutputSchema):
    product_id = fields.Integer()
    sku = fields.Function(lambda c: c.product.sku)
    product_name = fields.Function(lambda c: c.product.name)
    warehouse_id = fields.Integer()
    qty = Qty()
    unit_cost = Price()
    value = Money()


class CostQuery(ListQuery):
    product_id = fields.Integer()
    warehouse_id = fields.Integer()


class FefoQuery(InputSchema):
    product_id = fields.Integer(required=True)
    warehouse_id = fields.Integer(required=True)
    qty = Qty(required=True, positive=True)
    customer_id = fields.Integer()
    min_remaining_days = fields.Integer(validate=validate.Range(min=0, max=100000))
    on_date = fields.Date()


class PickOut(OutputSchema):
    batch_id = fields.Integer()
    batch_no = fields.String()
    expiry_date = fields.Date()
    qty = Qty()


class FefoAllocationOut(OutputSchema):
    product_id = fields.Integer()
    warehouse_id = fields.Integer()
    requested = Qty()
    allocated = Qty()
    short = Qty()
    picks = fields.List(fields.Nested(PickOut))


class ReservationOut(OutputSchema):
    id = fields.Integer()
    product_id = fields.Integer()
    warehouse_id = fields.Integer()
    batch_id = fields.Integer()
    batch_no = fields.Function(batch_attr("batch_no"))
    qty = Qty()
    source_type = fields.String()
    source_id = fields.Integer()
    source_line_id = fields.Integer()
    source_number = fields.String()
    created_at = fields.DateTime()


class ReservationQuery(ListQuery):
    product_id = fields.Integer()
    warehouse_id = fields.Integer()
    source_type = Str(30)
    source_id = fields.Integer()
