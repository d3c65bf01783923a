from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import ListQuery, OutputSchema, Str


class AuditQuery(ListQuery):
    user_id = fields.Integer(allow_none=True)
    entity_type = Str(60)
    entity_id = Str(40)
    action = Str(40)
    date_from = fields.Date(allow_none=True)
    date_to = fields.Date(allow_none=True)


class AuditOut(OutputSchema):
    id = fields.Integer()
    at = fields.DateTime()
    user_id = fields.Integer()
    action = fields.String()
    entity_type = fields.String()
    entity_id = fields.String()
    entity_label = fields.String()
    parent_type = fields.String()
    parent_id = fields.String()
    changes = fields.Raw()
    note = fields.String()
