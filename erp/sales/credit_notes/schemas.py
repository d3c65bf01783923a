from __future__ import annotations

from decimal import Decimal

from marshmallow import fields

from erp.api.schemas import InputSchema, Price, Str
from erp.money import amount_in_words
from erp.sales.schemas import OriginLineOut, SalesDocumentOut, TakenLineIn, lines_of


class CreditNoteLineIn(TakenLineIn):
    #: A lower price than the invoice's makes an allowance (折让).
    unit_price = Price(allow_none=True, minimum=Decimal(0))


class CreditNoteFromInvoiceIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    reason = Str(300)
    note = Str(2000)
    lines = lines_of(CreditNoteLineIn)


class CreditNoteFromReturnIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    reason = Str(300)
    note = Str(2000)


class CreditNoteUpdateIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    reason = Str(300)
    note = Str(2000)


class CreditNoteLineOut(OriginLineOut):
    return_line_id = fields.Integer()


class CreditNoteOut(SalesDocumentOut):
    invoice_id = fields.Integer()
    invoice_number = fields.Function(lambda d: d.invoice.number)
    invoice_amount_open = fields.Function(lambda d: format(d.invoice.amount_open, "f"))
    sales_return_id = fields.Integer()
    reason = fields.String()
    amount_in_words = fields.Function(lambda d: amount_in_words(d.total_gross))
    lines = fields.List(fields.Nested(CreditNoteLineOut))



