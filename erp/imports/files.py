"""Reading and writing tables as CSV or XLSX.

CSV is read as UTF-8 (with or without BOM) or, failing that, GB18030 (what Excel on
a Chinese Windows saves); it is written as UTF-8 with a BOM so that Excel opens it
in the right encoding. Cells that a spreadsheet would run as a formula (starting
with ``= + - @``) are written with a leading apostrophe, which reading removes again,
so an export re-imports unchanged.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from erp.errors import N_, ValidationFailed

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20000
FORMULA_START = ("=", "+", "-", "@")


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES = {
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    headers: list[str]
    #: (row number in the file, cells) — the header is row 1.
    rows: list[tuple[int, list[str | None]]]


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"file": [message]})


def read_table(content: bytes) -> Table:
    """The first sheet of an XLSX file or a CSV file, as text cells (blank cells None)."""
    if not content:
        raise _refuse(N_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise _refuse(N_("The file is too large (at most 10 MB)."))
    raw_rows = _xlsx_rows(content) if content[:4] == b"PK\x03\x04" else _csv_rows(content)
    numbered = []
    headers: list[str] | None = None
    for number, cells in raw_rows:
        if headers is None:
            if any(cells):
                headers = [(c or "").strip() for c in cells]
            continue
        if not any(c not in (None, "") for c in cells):
            continue
        numbered.append((number, cells))
        if len(numbered) > MAX_ROWS:
            raise _refuse(N_("The file has too many rows (at most 20,000)."))
    if headers is None:
        raise _refuse(N_("The file is empty."))
    return Table(headers, numbered)


def _unescape(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        return text[1:]
    return text


def _csv_rows(content: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _refuse(N_("The file cannot be read: save it as CSV (UTF-8) or XLSX."))
    if "\x00" in text:
        raise _refuse(N_("The file cannot be read: save it as CSV (UTF-8) or XLSX."))
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            yield number, [_unescape(c.strip()) if c.strip() else None for c in cells]
    except csv.Error:
        raise _refuse(N_("The file cannot be read: save it as CSV (UTF-8) or XLSX.")) from None


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return _unescape(text) if text else None


def _xlsx_rows(content: bytes):
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError):
        raise _refuse(N_("The file cannot be read: save it as CSV (UTF-8) or XLSX.")) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _escape(value) -> str:
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_START and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def write_csv(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_escape(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(headers: list[str], rows: list[list], title: str) -> bytes:
    """One sheet; numbers stay numbers, everything else is text (barcodes keep their digits)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
    for column, header in zip(sheet.columns, headers, strict=False):
        width = max([len(header) * 2] + [len(str(c.value or "")) for c in list(column)[:200]])
        sheet.column_dimensions[column[0].column_letter].width = min(40, max(8, width + 2))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return value
    return str(value)
