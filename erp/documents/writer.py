"""Writing a new document with prepared Core INSERTs instead of the unit of work.

A document made by a service is a small, fixed graph: the header, its lines and, for an
outbound, the lines' batch allocations. The unit of work can write it, but finding out
what to write (cascades, dependency sort, attribute histories) costs several times the
INSERTs themselves, and a sales chain makes five documents. :func:`insert_new` writes
the same rows with one INSERT per table (the lines of a document in one statement), then
hands the objects to the session as if they had just been loaded, and writes the audit
rows the flush would have written. Nothing else changes for the caller: the objects are
persistent, have their ids and defaults, and later changes to them are flushed as usual.
"""
from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import MANYTOONE, ONETOMANY

from erp.audit.services import write_created

__all__ = ["insert_new"]


class _Plan:
    """What one mapped class needs: its columns (attribute key → column), the many-to-one
    links to copy ids from, the collections (children) written after it, and the
    prepared INSERTs."""

    def __init__(self, cls) -> None:
        mapper = inspect(cls)
        table = mapper.local_table
        self.table = table
        self.columns = [(attr.key, attr.columns[0]) for attr in mapper.column_attrs]
        self.links = []  # many-to-one: (relationship key, [(local attr, remote attr)])
        self.children = []  # one-to-many saved with the parent: (key, [(parent attr, child attr)])
        attr_of = {column: key for key, column in self.columns}
        for rel in mapper.relationships:
            if rel.viewonly or rel.secondary is not None:
                continue
            if rel.direction is MANYTOONE:
                remote_attr = {c: a.key for a in rel.mapper.column_attrs for c in a.columns}
                pairs = [(attr_of[local], remote_attr[remote]) for local, remote in rel.local_remote_pairs
                         if local in attr_of and remote in remote_attr]
                self.links.append((rel.key, pairs))
            elif rel.direction is ONETOMANY and "save-update" in rel.cascade:
                child_attr = {c: a.key for a in rel.mapper.column_attrs for c in a.columns}
                pairs = [(attr_of[local], child_attr[remote]) for local, remote in rel.local_remote_pairs
                         if local in attr_of and remote in child_attr]
                self.children.append((rel.key, pairs))
        self._inserts: dict[tuple, object] = {}

    def insert(self, returning: tuple[str, ...], many: bool):
        stmt = self._inserts.get((returning, many))
        if stmt is None:
            stmt = self.table.insert().returning(*(self.table.c[name] for name in returning),
                                                 sort_by_parameter_order=many)
            self._inserts[(returning, many)] = stmt
        return stmt


_PLANS: dict[type, _Plan] = {}


def _plan(cls) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _Plan(cls)
    return plan


class _Unsupported(Exception):
    """The graph has something only the unit of work handles (a new object it points to)."""


def _link(obj, plan: _Plan) -> None:
    """Copy the ids of the many-to-one objects set on ``obj`` into its foreign keys."""
    loaded = obj.__dict__
    for key, pairs in plan.links:
        if key not in loaded:
            continue
        target = loaded[key]
        if target is None:
            for local, _remote in pairs:
                loaded.setdefault(local, None)
            continue
        for local, remote in pairs:
            obj.__dict__[local] = getattr(target, remote)


def _row(obj, plan: _Plan) -> tuple[dict, tuple[str, ...]]:
    """The INSERT's parameters and the columns the database fills in (the key, server
    defaults). As in a flush, a column left None gets its default, which the object
    gets too."""
    loaded = obj.__dict__
    row = {}
    returning = []
    for key, column in plan.columns:
        value = loaded.get(key)
        default = column.default
        if value is None and default is not None and (default.is_scalar or default.is_callable):
            value = default.arg(None) if default.is_callable else default.arg
            loaded[key] = value
        if value is None and (column.primary_key or column.server_default is not None or default is not None):
            returning.append(column.key)
            continue
        if value is None and key not in loaded:
            loaded[key] = None
        row[column.key] = value
    return row, tuple(returning)


def _write(session: Session, objects: list, plan: _Plan, match: tuple[str, ...]) -> None:
    """INSERT ``objects`` (all of one class) and put the generated values on them.

    The rows of one shape (the same columns left to the database) go in one statement.
    The order of the rows a multi-row ``INSERT … RETURNING`` gives back is not defined
    (SQLite says so; SQLAlchemy then inserts row by row to keep the order), so they are
    matched to the objects by ``match`` (the parent's key and the line number) when that
    tells every row apart."""
    shapes: dict[tuple[str, ...], list] = {}
    for obj in objects:
        _link(obj, plan)
        row, returning = _row(obj, plan)
        shapes.setdefault(returning, []).append((obj, row))
    key_of = {column.key: key for key, column in plan.columns}
    connection = session.connection()
    for returning, pairs in shapes.items():
        objs = [obj for obj, _row_ in pairs]
        rows = [row for _obj, row in pairs]
        if len(rows) == 1:
            matched = [(objs[0], connection.execute(plan.insert(returning, False), rows[0]).one())]
        else:
            columns = tuple(plan.table.c[key].key for key in match if key in plan.table.c)
            keys = [tuple(row[name] for name in columns) for row in rows]
            if columns and len(set(keys)) == len(keys):
                by_key = dict(zip(keys, objs, strict=True))
                result = connection.execute(plan.insert(returning + columns, False), rows)
                matched = [(by_key[tuple(values[len(returning):])], values) for values in result.all()]
            else:
                result = connection.execute(plan.insert(returning, True), rows)
                matched = list(zip(objs, result.all(), strict=True))
        if len(matched) != len(objs):
            raise RuntimeError(f"{plan.table.name}: {len(objs)} rows inserted, {len(matched)} returned")
        for obj, values in matched:
            for name, value in zip(returning, values, strict=False):
                obj.__dict__[key_of[name]] = value


def _graph(doc) -> list[tuple[_Plan, list, tuple[str, ...]]]:
    """The levels to write, parents first: [(plan, objects, the columns telling a
    level's rows apart: the parent's key and the line number)]."""
    levels = []
    current, match = [doc], ()
    while current:
        plan = _plan(type(current[0]))
        if any(type(obj) is not type(current[0]) for obj in current):
            raise _Unsupported("mixed classes")
        levels.append((plan, current, match))
        following, match = [], ()
        for key, pairs in plan.children:
            children = [child for obj in current for child in obj.__dict__.get(key) or ()]
            if children:
                if following:
                    raise _Unsupported("two collections")
                following = children
                match = (*(child for _parent, child in pairs), "line_no")
        current = following
    return levels


def _set_parent_keys(plan: _Plan, objects: list) -> None:
    """Give the children of ``objects`` (written now) their parent's key."""
    for key, pairs in plan.children:
        for obj in objects:
            for child in obj.__dict__.get(key) or ():
                for parent_attr, child_attr in pairs:
                    child.__dict__[child_attr] = obj.__dict__[parent_attr]


def insert_new(session: Session, doc) -> None:
    """Add the new document ``doc`` to ``session`` and write it with its lines and their
    children at once: one INSERT per table and the audit's "create" rows. Afterwards
    the objects are persistent exactly as after a flush (a rollback of this transaction
    makes them transient again). What the session held pending before is flushed first;
    a graph the unit of work must sort out (a new object it points to, a second
    collection) is flushed by it instead."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    session.add(doc)
    try:
        levels = _graph(doc)
        written = [obj for _plan, objects, _match in levels for obj in objects]
        level_of = {id(obj): k for k, (_plan, objects, _match) in enumerate(levels) for obj in objects}
        if len(session.new) != len(written) or any(id(obj) not in level_of for obj in session.new):
            raise _Unsupported("other new objects")
        for k, (plan, objects, _match) in enumerate(levels):
            for obj in objects:
                for key, _pairs in plan.links:
                    target = obj.__dict__.get(key)
                    # an object it points to is stored already, or written before it
                    if target is not None and inspect(target).key is None and level_of.get(id(target), k) >= k:
                        raise _Unsupported(key)
    except _Unsupported:
        session.flush()
        return
    # Inside a subtransaction as the flush runs: when a statement fails, the session
    # must be rolled back before it is used again, as after a failed flush.
    transaction = session._autobegin_t()._begin()
    try:
        for plan, objects, match in levels:
            _write(session, objects, plan, match)
            _set_parent_keys(plan, objects)
        # What the flush does once its INSERTs ran: keys, identity map, history
        # committed, the objects recorded as new in this transaction (a rollback makes
        # them transient again).
        session._register_persistent({inspect(obj) for obj in written})
        write_created(session, written)
        transaction.commit()
    except BaseException:
        transaction.rollback(_capture_exception=True)
        raise
