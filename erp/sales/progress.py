"""Progress quantities on upstream lines (an order line's delivered/invoiced/returned, an
outbound line's invoiced/returned, an invoice line's credited), changed by the approvals
of downstream documents.

Each change is one conditional ``UPDATE … SET x = x + :delta WHERE … RETURNING x``: two
documents approved at the same moment can neither lose each other's change nor take a
figure below zero or past its limit (the line's quantity) — the loser gets a 409.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, inspect, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from erp.errors import N_, Conflict


def add_progress(session: Session, line, field: str, delta: Decimal, *, limit: str | None = None) -> Decimal:
    """``line.<field> += delta``, never below 0 nor above ``line.<limit>``; returns the new value."""
    cls = type(line)
    if field in inspect(line).committed_state:
        session.flush()  # a change of the field itself waits in the session: write it first
    # The statement changes one column of one row that nothing else in the session writes,
    # so it needs no autoflush; it is built once per (table, field, limit, direction).
    stmt = _statement(cls, field, None if delta < 0 else limit, delta < 0)
    value = session.connection().execute(stmt, {"b_id": line.id, "b_delta": delta, "b_size": abs(delta)}
                                         ).scalar_one_or_none()
    if value is None:
        _raise_conflict(line)
    set_committed_value(line, field, value)
    return value


def add_progress_many(session: Session, changes: list[tuple[object, Decimal]], field: str, *,
                      limit: str | None = None) -> None:
    """:func:`add_progress` for several lines of one table, ``[(line, delta)]``, in one
    statement run for each line; the deltas all go the same way. Any line out of range
    raises the same 409 (the caller's transaction then rolls back). The changed field is
    read again when next used rather than returned (an UPDATE run for several rows
    returns nothing on SQLite)."""
    if not changes:
        return
    if len({delta < 0 for _line, delta in changes}) > 1:
        for line, delta in changes:
            add_progress(session, line, field, delta, limit=limit)
        return
    first = changes[0][0]
    if any(field in inspect(line).committed_state for line, _delta in changes):
        session.flush()  # a change of the field itself waits in the session: write it first
    decrease = changes[0][1] < 0
    stmt = _statement(type(first), field, None if decrease else limit, decrease, returning=False)
    result = session.connection().execute(stmt, [{"b_id": line.id, "b_delta": delta, "b_size": abs(delta)}
                                                 for line, delta in changes])
    if result.rowcount != len(changes):
        _raise_conflict(first)
    for line, _delta in changes:
        session.expire(line, [field])


def _raise_conflict(line) -> None:
    header = line.header() if hasattr(line, "header") else None
    raise Conflict(N_("The quantities of %(document)s changed at the same time or would go out of range; "
                      "reload and try again."), code="progress_conflict",
                   document=str(header) if header is not None else type(line).__tablename__)


_STATEMENTS: dict[tuple, object] = {}


def _statement(cls, field: str, limit: str | None, decrease: bool, *, returning: bool = True):
    key = (cls, field, limit, decrease, returning)
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        table = cls.__table__
        column = table.c[field]
        delta = bindparam("b_delta", type_=column.type)
        size = bindparam("b_size", type_=column.type)  # abs(delta)
        stmt = update(table).where(table.c.id == bindparam("b_id"))
        if decrease:
            stmt = stmt.where(column >= size)
        elif limit is not None:
            stmt = stmt.where(table.c[limit] - column >= size)
        stmt = stmt.values({field: column + delta})
        stmt = _STATEMENTS[key] = stmt.returning(column) if returning else stmt
    return stmt
