"""Describing a table that can be imported and exported: its columns and how a row
becomes the input of the concept's own create/update services."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import Schema

from erp.errors import N_

TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "on", "启用", "t"}
FALSE = {"否", "n", "no", "false", "0", "×", "off", "停用", "f"}


class CellError(ValueError):
    """A cell that cannot be read; ``args[0]`` is a constant message."""


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    #: How a record's value is written (the same text the import reads back).
    export: Callable[[Any], Any]
    kind: str = "text"  # text | bool | int | decimal | rate

    def header(self, language: str) -> str:
        return self.zh if language == "zh" else self.en

    def parse(self, text: str | None) -> Any:
        """The cell as schema input: text stays text (the schema checks it), yes/no become
        booleans, a rate may be written 13% or 0.13."""
        if text is None or text == "":
            return None
        if self.kind == "bool":
            lowered = text.strip().lower()
            if lowered in TRUE:
                return True
            if lowered in FALSE:
                return False
            raise CellError(N_("Write 是 or 否 (yes or no)."))
        if self.kind == "rate":
            return parse_rate(text)
        return text


def parse_rate(text: str) -> str:
    raw = text.strip().rstrip("%").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise CellError(N_("Not a valid number.")) from None
    if text.strip().endswith("%") or value > 1:
        value = value / 100
    return format(value.normalize(), "f")


def normalize_header(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip().lower()).strip("_")


@dataclass(frozen=True)
class TableSpec:
    """One importable table (customers, products)."""

    name: str
    #: Sheet title and download name.
    title: str
    columns: list[Column]
    #: The column that identifies a record (code, SKU): existing ones are updated.
    key: str
    permission: str
    create_schema: type[Schema]
    update_schema: type[Schema]
    #: (session, key) → the existing record or None.
    find: Callable
    #: (session, cells by column key — only the columns in the file —, existing or None)
    #: → schema input; raises CellError-carrying dict via ``RowErrors``.
    to_input: Callable
    create: Callable
    update: Callable
    #: Service/schema field → column key, where they differ (``category_id`` → ``category_code``).
    field_columns: dict[str, str] = field(default_factory=dict)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def headers_map(self) -> dict[str, str]:
        """Accepted header (normalized) → column key: Chinese and English names."""
        out = {}
        for column in self.columns:
            for name in (column.zh, column.en, column.key):
                out[normalize_header(name)] = column.key
        return out

    def column_for_field(self, name: str) -> str:
        return self.field_columns.get(name, name)


class RowErrors(Exception):
    """Raised by ``to_input`` with ``{column key: [messages]}``."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors
