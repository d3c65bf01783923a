"""Input and output shapes of users, roles and tokens."""
from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Str


class TokenIn(InputSchema):
    username = Str(60, required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    label = Str(200)


class TokenOut(OutputSchema):
    token = fields.String()
    token_type = fields.String()
    expires_at = fields.DateTime()


class RoleBrief(OutputSchema):
    code = fields.String()
    name = fields.String()


class UserOut(OutputSchema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    email = fields.String()
    phone = fields.String()
    active = fields.Boolean()
    locale = fields.String()
    roles = fields.Function(lambda u: u.role_codes)
    warehouse_ids = fields.Function(lambda u: sorted(w.id for w in u.warehouses))
    locked_until = fields.DateTime()
    last_login_at = fields.DateTime()


class MeOut(UserOut):
    permissions = fields.Function(lambda u: sorted(u.permissions))


class UserCreateIn(InputSchema):
    username = Str(60, required=True, validate=[validate.Regexp(r"^[A-Za-z0-9_.\-]+$", error="Letters, digits, _ . - only.")])
    display_name = Str(80, required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(allow_none=True, validate=validate.Length(max=200))
    phone = Str(40)
    roles = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    warehouse_ids = fields.List(fields.Integer(), load_default=list)
    active = fields.Boolean(load_default=True)
    locale = fields.String(allow_none=True, validate=validate.OneOf(["zh_Hans_CN", "en"]))


class UserUpdateIn(InputSchema):
    display_name = Str(80, allow_none=False)
    password = fields.String(allow_none=True, validate=validate.Length(max=200))
    email = fields.Email(allow_none=True, validate=validate.Length(max=200))
    phone = Str(40)
    roles = fields.List(fields.String(validate=validate.Length(max=40)))
    warehouse_ids = fields.List(fields.Integer())
    active = fields.Boolean()
    locale = fields.String(allow_none=True, validate=validate.OneOf(["zh_Hans_CN", "en"]))
    unlock = fields.Boolean()


class PasswordChangeIn(InputSchema):
    current_password = fields.String(required=True, validate=validate.Length(max=200))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class RoleOut(OutputSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    builtin = fields.Boolean()
    permissions = fields.Function(lambda r: sorted(r.permissions))


class RolePermissionsIn(InputSchema):
    permissions = fields.List(fields.String(validate=validate.Length(max=80)), required=True)


class PermissionOut(OutputSchema):
    code = fields.String()
    label = fields.String()
    default_roles = fields.List(fields.String())


class UserQuery(ListQuery):
    role = Str(40)
    active = fields.Boolean(allow_none=True)
