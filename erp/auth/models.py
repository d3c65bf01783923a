"""Users, roles, granted permissions, warehouse restrictions and login tokens."""
from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    bindparam,
    cast,
    inspect,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from erp.auth.permissions import ADMIN, REGISTRY, ROLES
from erp.db import Base, EnumString, Money, utcnow
from erp.web.i18n import bilingual


class TokenKind(StrEnum):
    SESSION = "session"  # web login, in a cookie
    API = "api"  # bearer token

user_roles = Table(
    "user_roles",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
)

user_warehouses = Table(
    "user_warehouses",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("warehouse_id", ForeignKey("warehouses.id", ondelete="CASCADE"), primary_key=True),
)


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str | None] = mapped_column(String(400))
    builtin: Mapped[bool] = mapped_column(default=False)
    grants: Mapped[list[RolePermission]] = relationship(
        back_populates="role", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def label(self) -> str:
        """The name to show: a built-in role's own name in the page's language (``name`` is
        stored in Chinese), unless it was renamed."""
        names = ROLES.get(self.code)
        if self.builtin and names is not None and self.name == names[0]:
            return bilingual(names)
        return self.name

    @property
    def permissions(self) -> frozenset[str]:
        if self.code == ADMIN:
            return frozenset(REGISTRY)
        return frozenset(g.permission for g in self.grants)


class RolePermission(Base):
    __tablename__ = "role_permissions"
    __audit_parent__ = ("roles", "role_id")

    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(80), primary_key=True)
    role: Mapped[Role] = relationship(back_populates="grants")


class KnownPermission(Base):
    """Permissions already seen, so a default grant is made once and admins' choices stay."""

    __tablename__ = "known_permissions"
    __audit__ = False

    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(20))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    password_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    # Loaded when used: every request loads its user, and most need only the permissions
    # (one query, see ``_access``), not the role objects, warehouses or approval limits.
    roles: Mapped[list[Role]] = relationship(secondary=user_roles, order_by=Role.id)
    warehouses = relationship("Warehouse", secondary=user_warehouses)
    approval_limits: Mapped[list[UserApprovalLimit]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def _access(self) -> tuple[frozenset[str], frozenset[str], frozenset[int] | None, dict | None]:
        """(role codes, permissions, warehouse ids, approval limits by document type),
        computed once per loaded user: from the role objects when they are loaded (or the
        user is not stored yet; the last two are None then, read from the relationships),
        else with one query over the roles and their grants, the user's warehouses and
        approval limits (which flushes pending changes first)."""
        cached = self.__dict__.get("_permissions_cache")
        if cached is None:
            session = object_session(self)
            if "roles" in self.__dict__ or session is None or self.id is None or inspect(self).pending:
                codes = frozenset(r.code for r in self.roles)
                permissions = frozenset().union(*(r.permissions for r in self.roles)) if self.roles else frozenset()
                warehouses = limits = None
            else:
                rows = session.execute(_access_query(), {"user_id": self.id}).all()
                codes = frozenset(row.name for row in rows if row.kind == "role")
                permissions = (frozenset(REGISTRY) if ADMIN in codes else frozenset(
                    row.permission for row in rows if row.kind == "role" and row.permission is not None))
                warehouses = frozenset(row.warehouse_id for row in rows if row.kind == "warehouse")
                limits = {row.name: row.amount for row in rows if row.kind == "limit"}
            cached = self.__dict__["_permissions_cache"] = (codes, permissions, warehouses, limits)
        return cached

    @property
    def permissions(self) -> frozenset[str]:
        return self._access()[1]

    def forget_permissions(self) -> None:
        self.__dict__.pop("_permissions_cache", None)

    def can(self, permission: str) -> bool:
        return self.active and permission in self.permissions

    @property
    def is_admin(self) -> bool:
        if "roles" in self.__dict__:
            return any(r.code == ADMIN for r in self.roles)
        return ADMIN in self._access()[0]

    @property
    def role_codes(self) -> list[str]:
        return [r.code for r in self.roles]

    @property
    def warehouse_ids(self) -> frozenset[int] | None:
        """The warehouses this user may work in, or None for all of them."""
        if "warehouses" not in self.__dict__:
            codes, _permissions, warehouses, _limits = self._access()
            if warehouses is not None:
                return None if not warehouses or ADMIN in codes else warehouses
        if not self.warehouses or self.is_admin:
            return None
        return frozenset(w.id for w in self.warehouses)

    def approval_limit(self, doc_type: str) -> Decimal | None:
        if "approval_limits" not in self.__dict__:
            limits = self._access()[3]
            if limits is not None:
                return limits.get(doc_type)
        for limit in self.approval_limits:
            if limit.doc_type == doc_type:
                return limit.max_amount
        return None

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserApprovalLimit(Base):
    """The highest document amount a user may approve for one document type."""

    __tablename__ = "user_approval_limits"
    __table_args__ = (UniqueConstraint("user_id", "doc_type"),)
    __audit_parent__ = ("users", "user_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    doc_type: Mapped[str] = mapped_column(String(40))
    max_amount: Mapped[Decimal] = mapped_column(Money())
    user: Mapped[User] = relationship(back_populates="approval_limits")


@functools.cache
def _access_query():
    """A user's roles with their grants, warehouses and approval limits in one statement
    (``kind``: role, warehouse or limit); built on first use, once every table is known."""
    user_id = bindparam("user_id")
    # Typed NULLs: PostgreSQL matches a UNION's column types branch by branch.
    text, number, amount = cast(null(), String()), cast(null(), Integer()), cast(null(), Money())
    roles = (select(literal("role").label("kind"), Role.code.label("name"),
                    RolePermission.permission.label("permission"), number.label("warehouse_id"),
                    amount.label("amount"))
             .select_from(user_roles)
             .join(Role, Role.id == user_roles.c.role_id)
             .outerjoin(RolePermission, RolePermission.role_id == Role.id)
             .where(user_roles.c.user_id == user_id))
    warehouses = select(literal("warehouse"), text, text, user_warehouses.c.warehouse_id, amount).where(
        user_warehouses.c.user_id == user_id)
    limits = select(literal("limit"), UserApprovalLimit.doc_type, text, number, UserApprovalLimit.max_amount).where(
        UserApprovalLimit.user_id == user_id)
    return union_all(roles, warehouses, limits)


class AuthToken(Base):
    """A login: a web session (cookie) or an API bearer token. Only a hash is stored."""

    __tablename__ = "auth_tokens"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[TokenKind] = mapped_column(EnumString(TokenKind, 10))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    user: Mapped[User] = relationship(lazy="joined")
