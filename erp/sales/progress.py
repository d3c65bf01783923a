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
        header = line.header() if hasattr(line, "header") else None
        raise Conflict(N_("The quantities of %(document)s changed at the same time or would go out of range; "
                          "reload and try again."), code="progress_conflict",
                       document=str(header) if header is not None else cls.__tablename__)
    set_committed_value(line, field, value)
    return value


_STATEMENTS: dict[tuple, object] = {}


def _statement(cls, field: str, limit: str | None, decrease: bool):
    key = (cls, field, limit, decrease)
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
        stmt = _STATEMENTS[key] = stmt.values({field: column + delta}).returning(column)
    return stmt
