"""Data layer: declarative base, naming conventions, engine and sessions.

One unit of work per request, CLI command, job or test: services receive the
session, flush but never commit; the entry point commits once or rolls back.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, MetaData, String, Table, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.schema import Column

from erp.db.types import EnumString, Money, Price, Qty, Rate, ScaledDecimal


def _check_name(constraint, _table) -> str:
    """Named CHECKs keep their name; a Boolean's own CHECK (SQLite only) is named after its column."""
    name = constraint.name
    if isinstance(name, str) and name and type(name).__name__ != "_NoneName":
        return name
    left = getattr(constraint.sqltext, "left", None)
    column = getattr(left, "clause", left)
    return f"{getattr(column, 'name', 'value')}_bool"


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    # The token's name must contain "constraint_name" for SQLAlchemy to apply the
    # convention to explicitly named constraints too.
    "constraint_name_or_column": _check_name,
    "ck": "ck_%(table_name)s_%(constraint_name_or_column)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        Decimal: Money(),
        str: String(200),
        bool: Boolean(create_constraint=True),
        dt.datetime: DateTime(),
    }


@event.listens_for(Column, "after_parent_attach")
def _enum_check_constraint(column: Column, table) -> None:
    """Every EnumString column gets a CHECK constraint listing its values."""
    # Only on our own metadata: Alembic copies columns into other tables while it works.
    if isinstance(table, Table) and isinstance(column.type, EnumString) and table.metadata is Base.metadata:
        table.append_constraint(column.type.check_constraint(column.name))


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Hand transaction control to SQLAlchemy's "begin" event below: pysqlite's own
    # handling starts transactions lazily, which lets a SELECT-then-UPDATE race.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_on_begin(connection) -> None:
    # Take the write lock at BEGIN so two writers never interleave.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, echo: bool = False, **kwargs) -> Engine:
    from sqlalchemy import create_engine

    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {}).setdefault("check_same_thread", False)
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, echo=echo, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


__all__ = [
    "Base",
    "EnumString",
    "Money",
    "Price",
    "Qty",
    "Rate",
    "ScaledDecimal",
    "make_engine",
    "make_session_factory",
    "utcnow",
]
