"""Schemas every sales document shares: entered lines, lines taken from an upstream
document, the priced line and header output, list queries."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, post_load, validate

from erp.api.schemas import (
    ExactDecimal,
    InputSchema,
    ListQuery,
    Money,
    OutputSchema,
    Price,
    Qty,
    Rate,
    Str,
    related_value,
)
from erp.documents.base import DocState
from inventory.schemas import LineOut


class EnteredLineIn(InputSchema):
    """A line typed by a clerk: a product, a quantity in any of its units (default the
    base unit), and optionally a price per that unit and a discount (``discount_rate``
    0.05, or ``discount_pct`` 5)."""

    product_id = fields.Integer(required=True)
    unit_id = fields.Integer(allow_none=True)
    qty = Qty(required=True, positive=True)
    unit_price = Price(allow_none=True, minimum=Decimal(0))
    discount_rate = Rate(allow_none=True, minimum=Decimal(0), maximum=Decimal(1))
    discount_pct = ExactDecimal(2, allow_none=True, minimum=Decimal(0), maximum=Decimal(100))

    @post_load
    def _percent(self, data, **_kwargs):
        pct = data.pop("discount_pct", None)
        if pct is not None and data.get("discount_rate") is None:
            data["discount_rate"] = pct / 100  # two decimals of a percent: exact at four
        return data


class TakenLineIn(InputSchema):
    """Part of an upstream line: ``qty`` in ``unit_id`` (default: the upstream line's unit)."""

    origin_line_id = fields.Integer(required=True)
    qty = Qty(required=True, positive=True)
    unit_id = fields.Integer(allow_none=True)


def lines_of(schema, *, required: bool = False) -> fields.List:
    return fields.List(fields.Nested(schema), required=required, allow_none=not required,
                       validate=validate.Length(min=1, max=500))


class MakeIn(InputSchema):
    """Body of ``POST /<upstream>/<id>/<downstream>``: nothing (all that remains) or some lines."""

    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_of(TakenLineIn)


class SalesLineOut(LineOut):
    """A line: product, unit and quantities (inventory's ``LineOut``), priced."""

    unit_price = Price()
    discount_rate = Rate()
    vat_rate = Rate()
    amount_net = Money()
    amount_tax = Money()
    amount_gross = Money()
    discount_amount = Money()
    price_source = fields.String()


class OriginLineOut(SalesLineOut):
    origin_line_id = fields.Integer()


class SalesDocumentOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    doc_date = fields.Date()
    state = fields.Function(lambda d: d.state.value)
    version = fields.Integer()
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda d: related_value(d, "customer", "name"))
    price_includes_vat = fields.Boolean()
    total_net = Money()
    total_tax = Money()
    total_gross = Money()
    total_discount = Money()
    note = fields.String()
    created_by_id = fields.Integer()
    created_at = fields.DateTime()
    approved_by_id = fields.Integer()
    approved_at = fields.DateTime()
    close_reason = fields.String()
    cancel_reason = fields.String()


class SalesQuery(ListQuery):
    state = Str(12, validate=[validate.OneOf([s.value for s in DocState])])
    customer_id = fields.Integer()
    date_from = fields.Date()
    date_to = fields.Date()

