from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import InputSchema, Str
from erp.sales.schemas import EnteredLineIn, SalesDocumentOut, SalesLineOut, lines_of


class QuoteIn(InputSchema):
    customer_id = fields.Integer(required=True)
    doc_date = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    price_includes_vat = fields.Boolean(load_default=True)
    note = Str(2000)
    lines = lines_of(EnteredLineIn, required=True)


class QuoteUpdateIn(InputSchema):
    customer_id = fields.Integer(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    price_includes_vat = fields.Boolean(allow_none=True)
    note = Str(2000)
    lines = lines_of(EnteredLineIn)


class QuoteOut(SalesDocumentOut):
    valid_until = fields.Date()
    lines = fields.List(fields.Nested(SalesLineOut))



