"""Authentication and authorisation services: passwords, logins, tokens, users and roles."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, joinedload

from erp.audit.services import record_event
from erp.auth.models import AuthToken, KnownPermission, Role, RolePermission, TokenKind, User
from erp.auth.permissions import ADMIN, REGISTRY, ROLES, USER_MANAGE
from erp.db import utcnow
from erp.errors import N_, Conflict, Forbidden, NotFound, Term, Unauthorized, ValidationFailed

MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class AuthSettings:
    max_failures: int = 5
    lock_minutes: int = 15
    session_hours: int = 12
    token_days: int = 30
    time_cost: int = 3
    memory_kib: int = 65536


_settings = AuthSettings()
_hasher = PasswordHasher(time_cost=_settings.time_cost, memory_cost=_settings.memory_kib)


def configure(settings: AuthSettings) -> None:
    """Set the login policy and KDF cost (called by the app factory from the config)."""
    global _settings, _hasher
    _settings = settings
    _hasher = PasswordHasher(time_cost=settings.time_cost, memory_cost=settings.memory_kib)


def hash_password(password: str) -> str:
    """Argon2id hash (salted, memory-hard)."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str, username: str = "") -> None:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(N_("At least 8 characters."))
    if username and password.lower() == username.lower():
        problems.append(N_("Must not be the user name."))
    if password.isdigit() or password.isalpha():
        problems.append(N_("Mix letters with digits or symbols."))
    if problems:
        raise ValidationFailed(N_("The password is too weak."), fields={"password": problems})


# --- authorisation -----------------------------------------------------------------

def require(actor: User | None, permission: str) -> None:
    """Raise ``Unauthorized`` without an actor, ``Forbidden`` without the permission."""
    if permission not in REGISTRY:
        raise KeyError(f"unknown permission {permission}")
    if actor is None:
        raise Unauthorized(N_("Please log in."))
    if not actor.can(permission):
        raise Forbidden(N_("You do not have the permission %(permission)s (%(permission_code)s)."),
                        permission=Term(REGISTRY[permission].label), permission_code=permission)


def check_warehouse_access(actor: User, warehouse_id: int | None) -> None:
    """A user restricted to some warehouses may not touch the others."""
    allowed = actor.warehouse_ids
    if allowed is not None and warehouse_id is not None and warehouse_id not in allowed:
        raise Forbidden(N_("You may not work in this warehouse."), code="warehouse_forbidden")


def visible_warehouse_ids(actor: User) -> frozenset[int] | None:
    return actor.warehouse_ids


# --- login -------------------------------------------------------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(session: Session, username: str, password: str, *, now: dt.datetime | None = None,
                 source: str | None = None) -> User:
    """Check a user name and password.

    After ``max_failures`` wrong passwords in a row the account locks for
    ``lock_minutes``, doubling each further time; a locked account refuses even
    the right password until the lock ends. Every attempt is audited. The same
    message is given for an unknown user and a wrong password.
    """
    now = now or utcnow()
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        # Spend the same time as a real check, so timing tells nothing.
        verify_password(_DUMMY_HASH(), password)
        record_event(session, action="login_failed", entity_type="users", entity_id="?",
                     label=username[:120], note=source)
        raise Unauthorized(N_("Wrong user name or password."), code="bad_credentials")
    if user.locked_until and user.locked_until > now:
        record_event(session, action="login_locked", entity_type="users", entity_id=str(user.id),
                     label=user.username, user_id=user.id, note=source)
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise Unauthorized(N_("Too many failed logins. Try again in %(minutes)s minutes."),
                           code="account_locked", minutes=minutes)
    if not verify_password(user.password_hash, password) or not user.active:
        user.failed_logins += 1
        if user.failed_logins >= _settings.max_failures:
            extra = user.failed_logins - _settings.max_failures
            user.locked_until = now + dt.timedelta(minutes=_settings.lock_minutes * (2 ** min(extra, 6)))
        record_event(session, action="login_failed", entity_type="users", entity_id=str(user.id),
                     label=user.username, user_id=user.id, note=source)
        raise Unauthorized(N_("Wrong user name or password."), code="bad_credentials")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    record_event(session, action="login", entity_type="users", entity_id=str(user.id),
                 label=user.username, user_id=user.id, note=source)
    return user


_dummy: list[str] = []


def _DUMMY_HASH() -> str:  # noqa: N802
    if not _dummy:
        _dummy.append(hash_password(secrets.token_hex(8)))
    return _dummy[0]


def issue_token(session: Session, user: User, kind: TokenKind, *, label: str | None = None,
                now: dt.datetime | None = None) -> tuple[str, AuthToken]:
    """Create a session or API token; returns the secret (shown once) and its row."""
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    lifetime = (dt.timedelta(hours=_settings.session_hours) if kind == TokenKind.SESSION
                else dt.timedelta(days=_settings.token_days))
    token = AuthToken(token_hash=_token_hash(secret), kind=kind, user=user, label=label,
                      created_at=now, expires_at=now + lifetime)
    session.add(token)
    session.flush()
    return secret, token


def user_for_token(session: Session, secret: str, kind: TokenKind, *,
                   now: dt.datetime | None = None) -> User | None:
    """The active user behind a live token, or None."""
    if not secret:
        return None
    now = now or utcnow()
    token = session.scalars(_token_lookup(), {"token_hash": _token_hash(secret)}).unique().first()
    if token is None or token.kind != kind or token.revoked_at or token.expires_at <= now:
        return None
    if not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        token.last_used_at = now  # written at most every 5 minutes: reads stay cheap
    return token.user


@functools.cache
def _token_lookup():
    """The token, its user and the user's approval limits in one query (an approval would
    otherwise read the limits with one more). Built on first use: loader options need
    every mapper configured."""
    return (select(AuthToken).where(AuthToken.token_hash == bindparam("token_hash"))
            .options(joinedload(AuthToken.user).joinedload(User.approval_limits)))


def revoke_token(session: Session, secret: str) -> None:
    token = session.scalar(select(AuthToken).where(AuthToken.token_hash == _token_hash(secret)))
    if token is not None and token.revoked_at is None:
        token.revoked_at = utcnow()


def revoke_all_tokens(session: Session, user: User, *, except_hash: str | None = None) -> None:
    for token in session.scalars(select(AuthToken).where(AuthToken.user_id == user.id,
                                                         AuthToken.revoked_at.is_(None))):
        if token.token_hash != except_hash:
            token.revoked_at = utcnow()


def change_own_password(session: Session, user: User, current: str, new: str,
                        keep_token: str | None = None) -> None:
    """A user changes their own password; every other login of theirs ends."""
    if not verify_password(user.password_hash, current):
        raise ValidationFailed(N_("The current password is wrong."),
                               fields={"current_password": [N_("The current password is wrong.")]})
    check_password_strength(new, user.username)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    revoke_all_tokens(session, user, except_hash=_token_hash(keep_token) if keep_token else None)


# --- users and roles (admin) -------------------------------------------------------------

def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(N_("User not found."))
    return user


def roles_by_code(session: Session, codes: Iterable[str]) -> list[Role]:
    codes = list(dict.fromkeys(codes))
    roles = list(session.scalars(select(Role).where(Role.code.in_(codes))))
    missing = set(codes) - {r.code for r in roles}
    if missing:
        raise ValidationFailed(N_("Unknown role."), fields={"roles": [N_("Unknown role: %s") % ", ".join(sorted(missing))]})
    return roles


def create_user(session: Session, actor: User | None, *, username: str, display_name: str,
                password: str, roles: Iterable[str] = (), email: str | None = None,
                phone: str | None = None, warehouse_ids: Iterable[int] = (),
                active: bool = True, locale: str | None = None) -> User:
    """Create a user (admin only, or the CLI with no actor)."""
    if actor is not None:
        require(actor, USER_MANAGE)
    username = username.strip()
    if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise ValidationFailed(N_("This user name is taken."), fields={"username": [N_("This user name is taken.")]})
    check_password_strength(password, username)
    user = User(username=username, display_name=display_name, email=email, phone=phone,
                password_hash=hash_password(password), active=active, locale=locale)
    user.roles = roles_by_code(session, roles)
    user.warehouses = _warehouses(session, warehouse_ids)
    session.add(user)
    session.flush()
    return user


def _warehouses(session: Session, ids: Iterable[int]):
    from erp.warehouses.models import Warehouse

    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    found = list(session.scalars(select(Warehouse).where(Warehouse.id.in_(ids))))
    if len(found) != len(ids):
        raise ValidationFailed(N_("Unknown warehouse."), fields={"warehouse_ids": [N_("Unknown warehouse.")]})
    return found


def update_user(session: Session, actor: User, user_id: int, data: dict) -> User:
    """Admin edits a user: name, contact, active flag, roles, warehouses, password reset."""
    require(actor, USER_MANAGE)
    user = get_user(session, user_id)
    for key in ("display_name", "email", "phone", "locale"):
        if key in data:
            setattr(user, key, data[key])
    if "active" in data:
        if user.id == actor.id and not data["active"]:
            raise Conflict(N_("You cannot deactivate yourself."))
        user.active = data["active"]
        if not user.active:
            revoke_all_tokens(session, user)
    if "roles" in data:
        new_roles = roles_by_code(session, data["roles"])
        if user.id == actor.id and actor.is_admin and ADMIN not in {r.code for r in new_roles}:
            raise Conflict(N_("You cannot remove your own admin role."))
        user.roles = new_roles
        user.forget_permissions()
    if "warehouse_ids" in data:
        user.warehouses = _warehouses(session, data["warehouse_ids"])
    if data.get("password"):
        check_password_strength(data["password"], user.username)
        user.password_hash = hash_password(data["password"])
        user.password_changed_at = utcnow()
        revoke_all_tokens(session, user)
    if data.get("unlock"):
        user.failed_logins = 0
        user.locked_until = None
    session.flush()
    return user


def set_role_permissions(session: Session, actor: User, role_id: int, permissions: Iterable[str]) -> Role:
    require(actor, USER_MANAGE)
    role = session.get(Role, role_id)
    if role is None:
        raise NotFound(N_("Role not found."))
    if role.code == ADMIN:
        raise Conflict(N_("The admin role always has every permission."))
    wanted = set(permissions)
    unknown = wanted - set(REGISTRY)
    if unknown:
        raise ValidationFailed(N_("Unknown permission."), fields={"permissions": sorted(unknown)})
    current = {g.permission: g for g in role.grants}
    for code in set(current) - wanted:
        role.grants.remove(current[code])
    for code in sorted(wanted - set(current)):
        role.grants.append(RolePermission(permission=code))
    session.flush()
    return role


def sync_roles(session: Session) -> None:
    """Create the built-in roles and grant newly declared permissions to their default roles."""
    roles = {r.code: r for r in session.scalars(select(Role))}
    for code, (name_zh, _name_en) in ROLES.items():
        if code not in roles:
            role = Role(code=code, name=name_zh, builtin=True)
            session.add(role)
            roles[code] = role
    session.flush()
    known = set(session.scalars(select(KnownPermission.code)))
    for perm in REGISTRY.values():
        if perm.code in known:
            continue
        session.add(KnownPermission(code=perm.code))
        for role_code in perm.default_roles:
            role = roles[role_code]
            if perm.code not in {g.permission for g in role.grants}:
                role.grants.append(RolePermission(permission=perm.code))
    session.flush()
