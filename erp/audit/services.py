"""Audit log writing: automatic for every create, change and delete, explicit for transitions.

Changes are collected in the session's ``after_flush`` hook (the attribute
history is still there) and written with one core INSERT, so the audit rows
are in the same transaction as the change they describe: both commit or
neither does. The table refuses UPDATE and DELETE (triggers in the migration).
"""
from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, event, func, insert, inspect, select, true
from sqlalchemy.orm import Session

from erp.audit.models import AuditEntry
from erp.db import utcnow

#: Column names never written into the log (secrets, noise).
SECRET_FIELDS = frozenset({"password_hash", "token_hash"})
NOISE_FIELDS = frozenset({"version", "updated_at"})


def actor_id(session: Session) -> int | None:
    return session.info.get("actor_id")


def set_actor(session: Session, user) -> None:
    """Record who acts in this unit of work (used by the automatic audit rows)."""
    session.info["actor_id"] = user.id if user is not None else None


_AS_IS = frozenset({type(None), bool, int, str})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return str(value)


def _entity_type(obj) -> str:
    return getattr(obj, "__doc_type__", None) or obj.__tablename__


def _label(obj) -> str | None:
    for name in ("number", "code", "sku", "username"):
        value = getattr(obj, name, None)
        if value:
            return str(value)[:120]
    return None


def _parent(obj) -> tuple[str | None, str | None]:
    spec = getattr(obj, "__audit_parent__", None)
    if not spec:
        return None, None
    parent_type, attr = spec
    value = getattr(obj, attr, None)
    return parent_type, (str(value) if value is not None else None)


_COLUMNS: dict[type, tuple[str, ...]] = {}


def _columns(obj) -> tuple[str, ...]:
    """The column attributes of the object's class, secrets left out (once per class)."""
    cls = type(obj)
    keys = _COLUMNS.get(cls)
    if keys is None:
        keys = _COLUMNS[cls] = tuple(attr.key for attr in inspect(obj).mapper.column_attrs
                                     if attr.key not in SECRET_FIELDS)
    return keys


def _snapshot(obj) -> dict:
    loaded = obj.__dict__
    return {key: _plain(loaded[key] if key in loaded else getattr(obj, key, None)) for key in _columns(obj)}


def _created(obj) -> dict:
    """The "create" row's changes: every column that has a value, as ``[None, value]``."""
    loaded = obj.__dict__
    changes = {}
    for key in _columns(obj):
        value = loaded[key] if key in loaded else getattr(obj, key, None)
        if value is not None:
            changes[key] = [None, _plain(value)]
    return changes


def _diff(obj) -> dict:
    state = inspect(obj)
    # Only attributes changed since the last flush have their old value kept here.
    touched = state.committed_state
    changes = {}
    if not touched:
        return changes
    for key in _columns(obj):
        if key not in touched or key in NOISE_FIELDS:
            continue
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        before = hist.deleted[0] if hist.deleted else None
        after = hist.added[0] if hist.added else None
        if before == after:
            continue
        changes[key] = [_plain(before), _plain(after)]
    for key in SECRET_FIELDS:
        if key in touched and key in state.mapper.column_attrs and state.attrs[key].history.has_changes():
            changes[key] = ["***", "***"]
    return changes


def _audited(obj) -> bool:
    return getattr(obj, "__audit__", True) and hasattr(obj, "__tablename__")


def _row(session: Session, obj, action: str, changes: dict | None, at: dt.datetime | None = None) -> dict:
    parent_type, parent_id = _parent(obj)
    identity = inspect(obj).identity
    entity_id = "-".join(str(i) for i in identity) if identity else str(getattr(obj, "id", ""))
    return {
        "at": at or utcnow(),
        "user_id": actor_id(session),
        "action": action,
        "entity_type": _entity_type(obj),
        "entity_id": entity_id,
        "entity_label": _label(obj),
        "parent_type": parent_type,
        "parent_id": parent_id,
        "changes": changes,
    }


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _flush_context) -> None:
    rows = []
    at = utcnow()  # one flush, one moment
    for obj in session.new:
        if _audited(obj):
            rows.append(_row(session, obj, "create", _created(obj), at))
    for obj in session.dirty:
        if obj.__dict__.get("_audit_skip"):
            continue
        if _audited(obj):
            changes = _diff(obj)
            if changes:
                rows.append(_row(session, obj, "update", changes, at))
    for obj in session.deleted:
        if _audited(obj):
            rows.append(_row(session, obj, "delete", {k: [v, None] for k, v in _snapshot(obj).items() if v is not None},
                             at))
    if rows:
        session.connection().execute(_INSERT, rows)


def write_created(session: Session, objects) -> None:
    """The "create" rows of objects written without a flush (see
    :mod:`erp.documents.writer`), as the flush would have written them."""
    at = utcnow()
    rows = [_row(session, obj, "create", _created(obj), at) for obj in objects if _audited(obj)]
    if rows:
        session.connection().execute(_INSERT, rows)


#: Built once: every flush and transition writes through it.
_INSERT = insert(AuditEntry.__table__)


def record(
    session: Session,
    obj,
    action: str,
    changes: dict | None = None,
    note: str | None = None,
) -> None:
    """Write one explicit audit row (state transitions, logins, …) in this transaction."""
    row = _row(session, obj, action, {k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()})
    row["note"] = note
    session.connection().execute(_INSERT, [row])


def record_event(session: Session, *, action: str, entity_type: str, entity_id: str,
                 label: str | None = None, user_id: int | None = None,
                 note: str | None = None, changes: dict | None = None) -> None:
    """Audit something that is not an ORM object (a login attempt, an import)."""
    session.connection().execute(_INSERT, [{
        "at": utcnow(), "user_id": user_id if user_id is not None else actor_id(session),
        "action": action, "entity_type": entity_type, "entity_id": entity_id,
        "entity_label": label, "parent_type": None, "parent_id": None,
        "changes": changes, "note": note,
    }])


def history_of(session: Session, entity_type: str, entity_id) -> list[AuditEntry]:
    """The audit rows of one entity and of its children (document lines), oldest first."""
    entity_id = str(entity_id)
    stmt = select(AuditEntry).where(
        ((AuditEntry.entity_type == entity_type) & (AuditEntry.entity_id == entity_id))
        | ((AuditEntry.parent_type == entity_type) & (AuditEntry.parent_id == entity_id))
    ).order_by(AuditEntry.id)
    return list(session.scalars(stmt))


def search_audit(session: Session, *, user_id=None, entity_type=None, entity_id=None,
                 action=None, date_from=None, date_to=None, text=None):
    """A filtered query of the log, newest first (the caller pages it)."""
    conds = []
    if user_id:
        conds.append(AuditEntry.user_id == user_id)
    if entity_type:
        conds.append(AuditEntry.entity_type == entity_type)
    if entity_id:
        conds.append(AuditEntry.entity_id == str(entity_id))
    if action:
        conds.append(AuditEntry.action == action)
    if date_from:
        conds.append(AuditEntry.at >= dt.datetime.combine(date_from, dt.time.min))
    if date_to:
        conds.append(AuditEntry.at < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    if text:
        conds.append(func.lower(AuditEntry.entity_label).contains(text.lower()))
    return select(AuditEntry).where(and_(true(), *conds)).order_by(AuditEntry.id.desc())


__all__ = ["history_of", "record", "record_event", "search_audit", "set_actor"]
