"""A report as a table — columns declared once, shown on its page and downloaded as XLSX or
CSV with exactly the same numbers.

Cells keep exact values: quantities, amounts and percentages are ``Decimal`` (numbers in
XLSX, plain text without thousands separators in CSV). CSV is UTF-8 with a BOM and cells
a spreadsheet would run as formulas are escaped (see :mod:`erp.imports.files`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from flask import Response
from flask_babel import gettext

from erp import clock
from erp.errors import N_
from erp.imports.files import CONTENT_TYPES, FileFormat, write_csv, write_xlsx

FORMATS = ("csv", "xlsx")
TOTAL = N_("Total")
NUMERIC = ("qty", "money", "percent", "int")


@dataclass(frozen=True)
class Column:
    key: str
    #: English label (marked with ``N_``), translated where it is shown.
    label: str
    #: text | qty | money | percent | int
    kind: str = "text"

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass
class Table:
    #: File name stem, e.g. ``sales-by-month``.
    name: str
    #: English title (``N_``).
    title: str
    columns: list[Column]
    #: One dict per row, ``{column key: value}``, labels already in the user's language.
    rows: list[dict] = field(default_factory=list)
    #: Values of the totals row (numeric keys only), or None for no totals row.
    totals: dict | None = None

    def headers(self) -> list[str]:
        """Column titles in the user's language (translated here rather than in a template,
        where a ``%`` in a title would be taken for a placeholder)."""
        return [gettext(c.label) for c in self.columns]


def cell_text(column: Column, value) -> str:
    """A cell as CSV text: exact, no thousands separators, quantities without trailing zeros."""
    if value is None:
        return ""
    if column.kind == "qty" and isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if column.kind in ("money", "percent") and isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell_value(column: Column, value):
    if value is None:
        return None
    if column.kind == "qty" and isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return value
    return cell_text(column, value)


def table_rows(table: Table, *, as_text: bool) -> list[list]:
    convert = cell_text if as_text else _cell_value
    rows = [[convert(c, row.get(c.key)) for c in table.columns] for row in table.rows]
    if table.totals is not None:
        rows.append([gettext(TOTAL) if i == 0 else convert(c, table.totals.get(c.key)) if c.numeric else ""
                     for i, c in enumerate(table.columns)])
    return rows


def export_table(table: Table, file_format: str) -> Response:
    """Stream the table as a CSV or XLSX download (headers in the user's language)."""
    fmt = FileFormat(file_format)
    headers = table.headers()
    if fmt == FileFormat.CSV:
        content = write_csv(headers, table_rows(table, as_text=True))
    else:
        content = write_xlsx(headers, table_rows(table, as_text=False), gettext(table.title))
    filename = f"{table.name}-{clock.today():%Y%m%d}.{fmt.value}"
    response = Response(content, mimetype=CONTENT_TYPES[fmt].split(";")[0])
    response.headers["Content-Type"] = CONTENT_TYPES[fmt]
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response.headers["Cache-Control"] = "private, no-store"
    return response
