"""Input and output shapes of price lists (价格政策) and price quotes."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Price, Qty, Str
from erp.errors import N_
from erp.masterdata.schemas import CODE, CategoryBrief, CodeNameBrief, Id, PriceOut, QtyOut

SCOPES = ("customer", "category", "general")


class PriceItemIn(InputSchema):
    product_id = Id(required=True)
    #: From this quantity (in the product's base unit) upward.
    min_qty = Qty(minimum=0, load_default=Decimal("0"))
    #: Per base unit; VAT included or not as the list says.
    price = Price(required=True, minimum=0)


class PriceListIn(InputSchema):
    code = Str(20, required=True, validate=[CODE])
    name = Str(80, required=True)
    customer_id = Id(allow_none=True)
    customer_category_id = Id(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)
    price_includes_vat = fields.Boolean(load_default=True)
    priority = fields.Integer(load_default=0, validate=validate.Range(min=-1000, max=1000, error=N_("Between -1000 and 1000.")))
    active = fields.Boolean(load_default=True)
    items = fields.List(fields.Nested(PriceItemIn), load_default=list)


class PriceListUpdateIn(PriceListIn):
    """PATCH: every field optional; ``items`` given replace the list's items."""

    code = Str(20, validate=[CODE], allow_none=False)
    name = Str(80, allow_none=False)
    price_includes_vat = fields.Boolean()
    priority = fields.Integer(validate=validate.Range(min=-1000, max=1000, error=N_("Between -1000 and 1000.")))
    active = fields.Boolean()
    items = fields.List(fields.Nested(PriceItemIn))


class ProductBrief(OutputSchema):
    id = Id()
    sku = fields.String()
    name = fields.String()
    spec = fields.String()


class PriceItemOut(OutputSchema):
    id = Id()
    product = fields.Nested(ProductBrief)
    min_qty = QtyOut()
    price = PriceOut()


class PriceListOut(OutputSchema):
    id = Id()
    code = fields.String()
    name = fields.String()
    scope = fields.String()
    customer = fields.Nested(CodeNameBrief, allow_none=True)
    customer_category = fields.Nested(CategoryBrief, allow_none=True)
    valid_from = fields.Date()
    valid_to = fields.Date()
    price_includes_vat = fields.Boolean()
    priority = fields.Integer()
    active = fields.Boolean()
    items = fields.List(fields.Nested(PriceItemOut))


class PriceListQuery(ListQuery):
    scope = fields.String(allow_none=True, validate=validate.OneOf(SCOPES))
    customer_id = Id(allow_none=True)
    customer_category_id = Id(allow_none=True)
    product_id = Id(allow_none=True)
    active = fields.Boolean(allow_none=True)
    valid_on = fields.Date(allow_none=True)


class PriceQuoteQuery(InputSchema):
    customer_id = Id(allow_none=True)
    product_id = Id(required=True)
    qty = Qty(load_default=Decimal("1"), minimum=0)
    on_date = fields.Date(allow_none=True)


class PriceQuoteOut(OutputSchema):
    unit_price = PriceOut()
    unit_price_excl_vat = PriceOut()
    price_includes_vat = fields.Boolean()
    source = fields.Method("_source")
    source_kind = fields.String()
    price_list = fields.Nested(CodeNameBrief, allow_none=True)
    min_qty = QtyOut()

    def _source(self, quote) -> str:
        from flask_babel import gettext

        return quote.describe(gettext)
