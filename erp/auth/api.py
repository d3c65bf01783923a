"""Auth API: tokens, the current user, users and roles (admin)."""
from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from erp.api.framework import LOGIN, PUBLIC, endpoint, paginate, search_filter
from erp.auth import schemas as s
from erp.auth import services
from erp.auth.models import Role, TokenKind, User
from erp.auth.permissions import REGISTRY, USER_MANAGE
from erp.errors import ErpError

bp = Blueprint("auth_api", __name__, url_prefix="/api/v1")


@endpoint(bp, "/auth/token", "POST", permission=PUBLIC, body=s.TokenIn, response=s.TokenOut, status=200,
          tags=["auth"])
def create_token(session, actor, data):
    """Log in with user name and password; returns a bearer token for the API."""
    try:
        user = services.authenticate(session, data["username"], data["password"], source=request.remote_addr)
    except ErpError:
        session.commit()  # the failed attempt counts towards the lock
        raise
    secret, token = services.issue_token(session, user, TokenKind.API, label=data.get("label"))
    return {"token": secret, "token_type": "Bearer", "expires_at": token.expires_at}


@endpoint(bp, "/auth/token", "DELETE", permission=LOGIN, tags=["auth"])
def revoke_token(session, actor):
    """Revoke the bearer token used for this request."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        services.revoke_token(session, header[7:].strip())
    return {}


@endpoint(bp, "/auth/me", permission=LOGIN, response=s.MeOut, tags=["auth"])
def me(session, actor):
    """The logged-in user, with roles and permissions."""
    return actor


@endpoint(bp, "/auth/password", "POST", permission=LOGIN, body=s.PasswordChangeIn, tags=["auth"])
def change_password(session, actor, data):
    """Change one's own password; other logins of this user end."""
    header = request.headers.get("Authorization", "")
    keep = header[7:].strip() if header.lower().startswith("bearer ") else None
    services.change_own_password(session, actor, data["current_password"], data["password"], keep_token=keep)
    return {}


@endpoint(bp, "/users", permission=USER_MANAGE, query=s.UserQuery, response=s.UserOut, paged=True, tags=["users"])
def list_users(session, actor, args):
    """Users, searchable by user name or name."""
    stmt = select(User).order_by(User.username).options(selectinload(User.roles), selectinload(User.warehouses))
    cond = search_filter([User.username, User.display_name], args.get("q"))
    if cond is not None:
        stmt = stmt.where(cond)
    if args.get("role"):
        stmt = stmt.where(User.roles.any(Role.code == args["role"]))
    if args.get("active") is not None:
        stmt = stmt.where(User.active.is_(args["active"]))
    return paginate(session, stmt, args)


@endpoint(bp, "/users", "POST", permission=USER_MANAGE, body=s.UserCreateIn, response=s.UserOut, status=201,
          tags=["users"])
def create_user(session, actor, data):
    """Create a user with roles and optional warehouse restriction."""
    return services.create_user(session, actor, **data)


@endpoint(bp, "/users/<int:user_id>", permission=USER_MANAGE, response=s.UserOut, tags=["users"])
def get_user(session, actor, user_id):
    return services.get_user(session, user_id)


@endpoint(bp, "/users/<int:user_id>", "PATCH", permission=USER_MANAGE, body=s.UserUpdateIn, response=s.UserOut,
          tags=["users"])
def update_user(session, actor, user_id, data):
    """Change a user: roles, warehouses, active flag, password reset, unlock."""
    return services.update_user(session, actor, user_id, data)


@endpoint(bp, "/roles", permission=USER_MANAGE, response=s.RoleOut, many=True, tags=["users"])
def list_roles(session, actor):
    return list(session.scalars(select(Role).order_by(Role.id)))


@endpoint(bp, "/roles/<int:role_id>/permissions", "PUT", permission=USER_MANAGE, body=s.RolePermissionsIn,
          response=s.RoleOut, tags=["users"])
def set_role_permissions(session, actor, role_id, data):
    """Replace the permissions granted to a role."""
    return services.set_role_permissions(session, actor, role_id, data["permissions"])


@endpoint(bp, "/permissions", permission=USER_MANAGE, response=s.PermissionOut, many=True, tags=["users"])
def list_permissions(session, actor):
    return sorted(REGISTRY.values(), key=lambda p: p.code)
