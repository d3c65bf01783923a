"""Is a record still referenced? Found by walking the foreign keys in ``Base.metadata``.

Master data that anything points to (a customer on a sales order, a product on a
price list, a warehouse a user is restricted to) may not be deleted, only
deactivated. Because the check walks every foreign key that points to the
record's table, tables added later (orders, stock moves, invoices) are covered
without touching this code.

Rows that *belong* to the record — its contacts, addresses, packing units, price
list items: the targets of a ``delete-orphan`` relationship whose foreign key
cascades — go with it and do not count.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, func, inspect, select
from sqlalchemy.orm import Session

from erp.db import Base
from erp.errors import N_, Conflict

#: Names of tables that are not documents (documents name themselves by ``__doc_label__``).
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "customers": ("客户", "customers"),
    "customer_categories": ("客户分类", "customer categories"),
    "products": ("商品", "products"),
    "product_categories": ("存货分类", "product categories"),
    "product_units": ("商品包装单位", "product packing units"),
    "units": ("计量单位", "units"),
    "price_lists": ("价格政策", "price lists"),
    "price_list_items": ("价格政策明细", "price list items"),
    "suppliers": ("供应商", "suppliers"),
    "warehouses": ("仓库", "warehouses"),
    "users": ("用户", "users"),
    "user_warehouses": ("用户的仓库权限", "users' warehouse restrictions"),
    "credit_limit_change_lines": ("信用额度调整单", "credit limit changes"),
}


@dataclass(frozen=True)
class Reference:
    table: str
    column: str
    count: int

    def label(self, chinese: bool) -> str:
        names = _table_label(self.table)
        if names is None:
            return self.table
        return names[0] if chinese else names[1]


def _table_label(table: str) -> tuple[str, str] | None:
    if table in TABLE_LABELS:
        return TABLE_LABELS[table]
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            cls = mapper.class_
            # A document's lines name the document; a table may name itself with __label__.
            for attr in ("__label__", "__doc_label__"):
                if getattr(cls, attr, None):
                    return tuple(getattr(cls, attr))
            header = getattr(cls, "__audit_parent__", None)
            if header:
                parent = _table_label(header[0])
                if parent:
                    return parent
    return None


def owned_tables(model: type) -> set[str]:
    """Tables whose rows belong to a ``model`` row (delete-orphan relationships)."""
    mapper = inspect(model)
    return {rel.mapper.local_table.name for rel in mapper.relationships
            if rel.cascade.delete_orphan and isinstance(rel.mapper.local_table, Table)}


def find_references(session: Session, obj, *, ignore: set[str] | frozenset[str] = frozenset()) -> list[Reference]:
    """Every (table, column) whose rows point to ``obj``, with how many rows do."""
    model = type(obj)
    table = inspect(model).local_table
    owned = owned_tables(model) | set(ignore)
    session.flush()
    found = []
    for other in Base.metadata.sorted_tables:
        if other.name in owned:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            value = getattr(obj, inspect(model).get_property_by_column(fk.column).key)
            count = session.scalar(select(func.count()).select_from(other).where(fk.parent == value))
            if count:
                found.append(Reference(other.name, fk.parent.name, count))
    return found


class InUse(Conflict):
    """409: the record is still referenced; it can only be deactivated."""

    code = "in_use"

    def __init__(self, record: str, references: list[Reference], message: str | None = None):
        super().__init__(message or N_("%(record)s is still used (%(uses)s); it cannot be deleted, "
                                       "only deactivated."),
                         record=record, uses=_uses(references, chinese=False))
        self.references = references
        self.record = record

    def render(self, translate=lambda s: s) -> str:
        text = translate(self.message)
        chinese = text != self.message or _chinese_locale()
        params = {"record": self.record, "uses": _uses(self.references, chinese)}
        try:
            return text % params
        except (KeyError, ValueError, TypeError):
            return self.message % params


def _uses(references: list[Reference], chinese: bool) -> str:
    sep = "、" if chinese else ", "
    merged: dict[str, int] = {}
    for ref in references:
        label = ref.label(chinese)
        merged[label] = merged.get(label, 0) + ref.count
    return sep.join(f"{label} {count}" for label, count in merged.items())


def _chinese_locale() -> bool:
    try:
        from flask_babel import get_locale

        locale = get_locale()
        return locale is not None and locale.language == "zh"
    except (RuntimeError, ImportError):
        return False


def check_not_referenced(session: Session, obj, record: str, *, ignore=frozenset(), message: str | None = None) -> None:
    """Raise :class:`InUse` if any row outside ``obj``'s own parts points to it."""
    references = find_references(session, obj, ignore=ignore)
    if references:
        raise InUse(record, references, message)


def delete_unless_referenced(session: Session, obj, record: str) -> None:
    """Delete ``obj`` (with its own parts), or raise :class:`InUse` naming what still uses it."""
    check_not_referenced(session, obj, record)
    session.delete(obj)
    session.flush()
