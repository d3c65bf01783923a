"""Progress quantities on upstream lines (an order line's delivered/invoiced/returned, an
outbound line's invoiced/returned, an invoice line's credited), changed by the approvals
of downstream documents.

Each change is one conditional ``UPDATE … SET x = x + :delta WHERE … RETURNING x``: two
documents approved at the same moment can neither lose each other's change nor take a
figure below zero or past its limit (the line's quantity) — the loser gets a 409.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from erp.errors import N_, Conflict


def add_progress(session: Session, line, field: str, delta: Decimal, *, limit: str | None = None) -> Decimal:
    """``line.<field> += delta``, never below 0 nor above ``line.<limit>``; returns the new value."""
    cls = type(line)
    column = getattr(cls, field)
    stmt = update(cls).where(cls.id == line.id)
    if delta < 0:
        stmt = stmt.where(column >= -delta)
    elif limit is not None:
        stmt = stmt.where(getattr(cls, limit) - column >= delta)
    value = session.execute(stmt.values({field: column + delta}).returning(column)
                            .execution_options(synchronize_session=False)).scalar_one_or_none()
    if value is None:
        header = line.header() if hasattr(line, "header") else None
        raise Conflict(N_("The quantities of %(document)s changed at the same time or would go out of range; "
                          "reload and try again."), code="progress_conflict",
                       document=str(header) if header is not None else cls.__tablename__)
    set_committed_value(line, field, value)
    return value
