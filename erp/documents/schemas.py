from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, OutputSchema, Str


class ApprovalRequestOut(OutputSchema):
    id = fields.Integer()
    doc_type = fields.String()
    doc_id = fields.Integer()
    doc_label = fields.String()
    amount = Money()
    status = fields.String()
    next_level = fields.Integer()
    next_permission = fields.String()
    next_name = fields.String()
    reasons = fields.String()
    requested_by_id = fields.Integer()
    requested_at = fields.DateTime()


class ApprovalStepOut(OutputSchema):
    level = fields.Integer()
    name = fields.String()
    permission = fields.String()
    approved_by = fields.Function(lambda s: s.approved_by.display_name if s.approved_by else None)
    approved_at = fields.DateTime()
    amount = Money()
    void = fields.Boolean()
    void_reason = fields.String()


class ApprovalRuleIn(InputSchema):
    doc_type = Str(40, required=True)
    level = fields.Integer(load_default=2, validate=validate.Range(min=2, max=9))
    name = Str(120, required=True)
    min_amount = Money(allow_none=True)
    flag = Str(40)
    permission = Str(80, required=True)
    active = fields.Boolean(load_default=True)


class ApprovalRuleOut(OutputSchema):
    id = fields.Integer()
    doc_type = fields.String()
    level = fields.Integer()
    name = fields.String()
    min_amount = Money()
    flag = fields.String()
    permission = fields.String()
    active = fields.Boolean()
