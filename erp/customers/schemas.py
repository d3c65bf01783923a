"""Input and output shapes of customers (客户档案) with their contacts and ship-to addresses."""
from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Str
from erp.errors import N_
from erp.masterdata.identifiers import Uscc
from erp.masterdata.schemas import CODE, CategoryBrief, CodeNameBrief, Id, MoneyOut, UserBrief

CARD = validate.Regexp(r"^[A-Za-z0-9_\-]+$", error="Letters, digits, _ and - only.")
DAYS = validate.Range(min=0, max=3650, error=N_("Between 0 and 3650 days."))


class ContactIn(InputSchema):
    id = Id(allow_none=True)
    name = Str(60, required=True)
    position = Str(60)
    phone = Str(40)
    email = fields.Email(allow_none=True, validate=validate.Length(max=200))


class AddressIn(InputSchema):
    id = Id(allow_none=True)
    label = Str(60)
    recipient = Str(60, required=True)
    phone = Str(40, required=True)
    province = Str(40)
    city = Str(40)
    district = Str(40)
    address = Str(300, required=True)
    is_default = fields.Boolean(load_default=False)


class CustomerIn(InputSchema):
    code = Str(20, required=True, validate=[CODE])
    name = Str(120, required=True)
    short_name = Str(40)
    category_id = Id(required=True)
    uscc = Uscc()
    phone = Str(40)
    email = fields.Email(allow_none=True, validate=validate.Length(max=200))
    #: Blank: no limit is enforced; 0: cash only. Changing it needs customer.credit_edit.
    credit_limit = Money(minimum=0, allow_none=True)
    payment_terms_days = fields.Integer(load_default=0, validate=DAYS)
    price_list_id = Id(allow_none=True)
    member_card_no = Str(30, validate=[CARD])
    salesperson_id = Id(allow_none=True)
    min_remaining_shelf_days = fields.Integer(allow_none=True, validate=DAYS)
    invoice_title = Str(120)
    bank_name = Str(120)
    bank_account = Str(40)
    note = Str(2000)
    active = fields.Boolean(load_default=True)
    contacts = fields.List(fields.Nested(ContactIn), load_default=list)
    addresses = fields.List(fields.Nested(AddressIn), load_default=list)


class CustomerUpdateIn(CustomerIn):
    """PATCH: every field optional; ``contacts``/``addresses`` given replace the lists
    (rows with an ``id`` are kept and changed, rows without are added, the others removed)."""

    code = Str(20, validate=[CODE], allow_none=False)
    name = Str(120, allow_none=False)
    category_id = Id(allow_none=False)
    payment_terms_days = fields.Integer(validate=DAYS)
    active = fields.Boolean()
    contacts = fields.List(fields.Nested(ContactIn))
    addresses = fields.List(fields.Nested(AddressIn))


class ContactOut(OutputSchema):
    id = Id()
    name = fields.String()
    position = fields.String()
    phone = fields.String()
    email = fields.String()


class AddressOut(OutputSchema):
    id = Id()
    label = fields.String()
    recipient = fields.String()
    phone = fields.String()
    province = fields.String()
    city = fields.String()
    district = fields.String()
    address = fields.String()
    full = fields.String()
    is_default = fields.Boolean()


class CustomerOut(OutputSchema):
    id = Id()
    code = fields.String()
    name = fields.String()
    short_name = fields.String()
    category = fields.Nested(CategoryBrief)
    uscc = fields.String()
    phone = fields.String()
    email = fields.String()
    credit_limit = MoneyOut()
    payment_terms_days = fields.Integer()
    price_list = fields.Nested(CodeNameBrief, allow_none=True)
    member_card_no = fields.String()
    salesperson = fields.Nested(UserBrief, allow_none=True)
    min_remaining_shelf_days = fields.Integer()
    invoice_title = fields.String()
    bank_name = fields.String()
    bank_account = fields.String()
    note = fields.String()
    active = fields.Boolean()
    contacts = fields.List(fields.Nested(ContactOut))
    addresses = fields.List(fields.Nested(AddressOut))
    created_at = fields.DateTime()


class CustomerQuery(ListQuery):
    category_id = Id(allow_none=True)
    active = fields.Boolean(allow_none=True)
    salesperson_id = Id(allow_none=True)
    price_list_id = Id(allow_none=True)


class CustomerLookupQuery(InputSchema):
    code = Str(40, required=True)
