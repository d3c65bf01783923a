"""The one way inventory reports become tables: columns declared once, shown on a page,
exported to CSV or XLSX, with the amount columns only for users holding ``stock.cost``.

Cells keep exact values: quantities and amounts are ``Decimal`` (numbers in XLSX, plain
text in CSV without thousands separators), dates ISO text. CSV is UTF-8 with a BOM and
cells a spreadsheet would run as formulas are escaped (see :mod:`erp.imports.files`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import quote

from flask import Response
from flask_babel import gettext

from erp import clock
from erp.imports.files import CONTENT_TYPES, FileFormat, write_csv, write_xlsx
from inventory.permissions import STOCK_COST

FORMATS = ("csv", "xlsx")
TOTAL = "Total"


@dataclass(frozen=True)
class Column:
    key: str
    #: English label (marked with ``N_``), translated where it is shown.
    label: str
    #: text | qty | money | price | int | date
    kind: str = "text"
    #: An amount at cost: shown to users holding ``stock.cost`` only.
    cost: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind in ("qty", "money", "price", "int")


def value_of(row, key: str):
    return row.get(key) if isinstance(row, dict) else getattr(row, key, None)


@dataclass
class ReportTable:
    #: File name stem, e.g. ``stock-balance``.
    name: str
    title: str
    columns: list[Column]
    rows: list = field(default_factory=list)
    #: Values of the totals row (only numeric keys), or None for no totals row.
    totals: dict | None = None

    def for_actor(self, actor) -> ReportTable:
        """The table without the amount columns when the actor may not see costs."""
        if actor is None or actor.can(STOCK_COST):
            return self
        return replace(self, columns=[c for c in self.columns if not c.cost])


def cell_text(column: Column, value) -> str:
    """A cell as CSV text: exact, no thousands separators, quantities without trailing zeros."""
    if value is None:
        return ""
    if column.kind == "qty" and isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if column.kind == "money" and isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell_value(column: Column, value):
    if value is None:
        return None
    if isinstance(value, Decimal) and column.kind == "qty":
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return value
    return cell_text(column, value)


def table_rows(table: ReportTable, *, as_text: bool) -> list[list]:
    convert = cell_text if as_text else _cell_value
    rows = [[convert(c, value_of(row, c.key)) for c in table.columns] for row in table.rows]
    if table.totals is not None:
        first = gettext(TOTAL)
        rows.append([first if i == 0 else convert(c, table.totals.get(c.key)) if c.numeric else ""
                     for i, c in enumerate(table.columns)])
    return rows


def export_table(table: ReportTable, file_format: str) -> Response:
    """Stream the table as a CSV or XLSX download (headers in the user's language)."""
    fmt = FileFormat(file_format)
    headers = [gettext(c.label) for c in table.columns]
    if fmt == FileFormat.CSV:
        content = write_csv(headers, table_rows(table, as_text=True))
    else:
        content = write_xlsx(headers, table_rows(table, as_text=False), gettext(table.title))
    filename = f"{table.name}-{clock.today():%Y%m%d}.{fmt.value}"
    response = Response(content, mimetype=CONTENT_TYPES[fmt].split(";")[0])
    if fmt == FileFormat.CSV:
        response.headers["Content-Type"] = CONTENT_TYPES[fmt]
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
