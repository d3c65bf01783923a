"""Input and output shapes of units, products and their packing units."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Price, Qty, Rate, Str
from erp.errors import N_
from erp.masterdata.identifiers import Barcode
from erp.masterdata.schemas import CODE, CategoryBrief, CodeNameBrief, Id, PriceOut, QtyOut, RateOut

TAX_CODE = validate.Regexp(r"^[0-9]{19}$", error=N_("A tax classification code has 19 digits."))
DAYS = validate.Range(min=1, max=36500, error=N_("Between 1 and 36500 days."))


class UnitIn(InputSchema):
    code = Str(20, required=True, validate=[CODE])
    name = Str(40, required=True)
    name_en = Str(40)
    decimals = fields.Integer(load_default=0, validate=validate.Range(min=0, max=4, error=N_("Between 0 and 4.")))
    active = fields.Boolean(load_default=True)


class UnitUpdateIn(UnitIn):
    code = Str(20, validate=[CODE], allow_none=False)
    name = Str(40, allow_none=False)
    decimals = fields.Integer(validate=validate.Range(min=0, max=4, error=N_("Between 0 and 4.")))
    active = fields.Boolean()


class UnitOut(OutputSchema):
    id = Id()
    code = fields.String()
    name = fields.String()
    name_en = fields.String()
    decimals = fields.Integer()
    active = fields.Boolean()


class UnitQuery(ListQuery):
    active = fields.Boolean(allow_none=True)


class PackingIn(InputSchema):
    id = Id(allow_none=True)
    unit_id = Id(required=True)
    #: Base units in one of this unit (1 箱 = 24 瓶 → 24).
    factor = Qty(required=True, positive=True)
    barcode = Barcode()
    weight_kg = Qty(minimum=0, allow_none=True)
    is_sales_default = fields.Boolean(load_default=False)
    is_purchase_default = fields.Boolean(load_default=False)


class ProductIn(InputSchema):
    sku = Str(40, required=True, validate=[CODE])
    name = Str(120, required=True)
    spec = Str(120)
    category_id = Id(allow_none=True)
    brand = Str(60)
    base_unit_id = Id(required=True)
    #: The piece barcode (EAN-13, EAN-8 or UPC-A).
    barcode = Barcode()
    vat_rate = Rate(required=True)
    tax_code = Str(19, validate=[TAX_CODE])
    #: Per base unit, VAT included.
    list_price = Price(minimum=0, load_default=Decimal("0"))
    min_price = Price(minimum=0, allow_none=True)
    batch_tracked = fields.Boolean(load_default=False)
    shelf_life_days = fields.Integer(allow_none=True, validate=DAYS)
    reorder_point = Qty(minimum=0, allow_none=True)
    max_stock = Qty(minimum=0, allow_none=True)
    preferred_supplier_id = Id(allow_none=True)
    weight_kg = Qty(minimum=0, allow_none=True)
    location = Str(30)
    note = Str(2000)
    active = fields.Boolean(load_default=True)
    packings = fields.List(fields.Nested(PackingIn), load_default=list)


class ProductUpdateIn(ProductIn):
    """PATCH: every field optional; ``packings`` given replace the list (rows with an ``id``
    are kept and changed, rows without are added, the others removed)."""

    sku = Str(40, validate=[CODE], allow_none=False)
    name = Str(120, allow_none=False)
    base_unit_id = Id(allow_none=False)
    vat_rate = Rate()
    list_price = Price(minimum=0)
    batch_tracked = fields.Boolean()
    active = fields.Boolean()
    packings = fields.List(fields.Nested(PackingIn))


class UnitBrief(OutputSchema):
    id = Id()
    code = fields.String()
    name = fields.String()


class PackingOut(OutputSchema):
    id = Id()
    unit = fields.Nested(UnitBrief)
    factor = QtyOut()
    barcode = fields.String()
    weight_kg = QtyOut()
    is_sales_default = fields.Boolean()
    is_purchase_default = fields.Boolean()


class ProductOut(OutputSchema):
    id = Id()
    sku = fields.String()
    name = fields.String()
    spec = fields.String()
    category = fields.Nested(CategoryBrief, allow_none=True)
    brand = fields.String()
    base_unit = fields.Nested(UnitBrief)
    barcode = fields.String()
    vat_rate = RateOut()
    tax_code = fields.String()
    list_price = PriceOut()
    min_price = PriceOut()
    batch_tracked = fields.Boolean()
    shelf_life_days = fields.Integer()
    reorder_point = QtyOut()
    max_stock = QtyOut()
    preferred_supplier = fields.Nested(CodeNameBrief, allow_none=True)
    weight_kg = QtyOut()
    location = fields.String()
    note = fields.String()
    active = fields.Boolean()
    packings = fields.List(fields.Nested(PackingOut))


class ProductQuery(ListQuery):
    category_id = Id(allow_none=True)
    brand = Str(60)
    active = fields.Boolean(allow_none=True)
    batch_tracked = fields.Boolean(allow_none=True)
    supplier_id = Id(allow_none=True)


class ProductLookupQuery(InputSchema):
    code = Str(120, required=True)


class ProductMatchOut(OutputSchema):
    """A scanned or typed code: the product, the unit the code stands for and its factor."""

    product = fields.Nested(ProductOut)
    unit = fields.Nested(UnitBrief)
    factor = QtyOut()
    matched_by = fields.String()
