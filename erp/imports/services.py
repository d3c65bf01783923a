"""Running an import (all rows or none) and producing an export.

Each row goes through the concept's own schema and create/update service, so an
import obeys exactly the rules of the form and the API. Rows run one by one in
savepoints so that every bad row is reported; the whole import runs in an outer
savepoint that is rolled back if any row failed (or for a dry run): a bad file is
refused whole and nothing is half-imported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.errors import N_, ErpError, ValidationFailed
from erp.imports.files import Table
from erp.imports.spec import CellError, RowErrors, TableSpec, normalize_header
from erp.masterdata.values import plain

HEADER_ROW = 1


@dataclass
class RowResult:
    row: int
    key: str
    action: str  # created | updated


@dataclass
class ImportResult:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.action == "created")

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.action == "updated")


class ImportRefused(ValidationFailed):
    """422: the file was refused whole. ``report`` is ``{row: {column header: [message, …]}}``;
    a message is a constant text or an :class:`ErpError` rendered where it is shown."""

    code = "import_refused"

    def __init__(self, report: dict[int, dict[str, list]]):
        super().__init__(N_("The file was refused: %(count)s rows have errors. Nothing was imported."),
                         count=len([r for r in report if r != HEADER_ROW]) or 1)
        self.report = report

    @property
    def fields(self):  # rendered when shown, so messages with parameters are translated too
        return {str(row): {column: [_render(m) for m in messages] for column, messages in columns.items()}
                for row, columns in sorted(self.report.items())}

    @fields.setter
    def fields(self, _value):
        pass

    def entries(self) -> list[tuple[int, str, str]]:
        """(row, column, message) for a table in the UI."""
        return [(int(row), column, message) for row, columns in self.fields.items()
                for column, messages in columns.items() for message in messages]


def _render(message) -> str:
    if isinstance(message, ErpError):
        try:
            from flask_babel import gettext

            return message.render(gettext)
        except (RuntimeError, KeyError):
            return message.render()
    return message


def _flatten(messages: Any) -> list[str]:
    if isinstance(messages, str):
        return [messages]
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flatten(value)]
    if isinstance(messages, (list, tuple)):
        return [m for value in messages for m in _flatten(value)]
    return [str(messages)]


def _map_headers(spec: TableSpec, headers: list[str]) -> tuple[dict[int, str], dict[str, list[str]]]:
    known = spec.headers_map()
    positions: dict[int, str] = {}
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    for index, header in enumerate(headers):
        if not header:
            continue
        key = known.get(normalize_header(header))
        if key is None:
            problems.setdefault(header, []).append(N_("Unknown column."))
        elif key in seen:
            problems.setdefault(header, []).append(N_("This column appears twice."))
        else:
            seen.add(key)
            positions[index] = key
    if spec.key not in seen:
        problems.setdefault(spec.column(spec.key).zh, []).append(N_("This column is required."))
    return positions, problems


def run_import(session: Session, actor: User, spec: TableSpec, table: Table, *, dry_run: bool = False) -> ImportResult:
    """Import every row of ``table`` or none. Raises :class:`ImportRefused` with the report."""
    require(actor, spec.permission)
    positions, header_problems = _map_headers(spec, table.headers)
    if header_problems:
        raise ImportRefused({HEADER_ROW: header_problems})
    header_of = {key: table.headers[index] for index, key in positions.items()}
    report: dict[int, dict[str, list]] = {}
    result = ImportResult(dry_run=dry_run)
    keys_seen: dict[str, int] = {}
    outer = session.begin_nested()
    try:
        for number, cells in table.rows:
            raw = {key: (cells[index] if index < len(cells) else None) for index, key in positions.items()}
            errors = _import_row(session, actor, spec, raw, keys_seen, number, result)
            if errors:
                report[number] = {_header(spec, header_of, k): v for k, v in errors.items()}
    finally:
        if report or dry_run:
            outer.rollback()
        else:
            outer.commit()
    if report:
        raise ImportRefused(report)
    return result


def _header(spec: TableSpec, header_of: dict[str, str], key: str) -> str:
    """The column's header as written in the file (or its Chinese name if the file lacks it)."""
    if key in header_of:
        return header_of[key]
    try:
        return spec.column(key).zh
    except KeyError:
        return key


def _import_row(session, actor, spec: TableSpec, raw: dict, keys_seen: dict, number: int,
                result: ImportResult) -> dict[str, list]:
    key_value = (raw.get(spec.key) or "").strip()
    if not key_value:
        return {spec.key: [N_("Missing data for required field.")]}
    folded = key_value.lower()
    if folded in keys_seen:
        return {spec.key: [N_("This code appears more than once in the file.")]}
    keys_seen[folded] = number
    cells, errors = {}, {}
    for key, text in raw.items():
        try:
            cells[key] = spec.column(key).parse(text)
        except CellError as exc:
            errors[key] = [exc.args[0]]
    if errors:
        return errors
    savepoint = session.begin_nested()
    try:
        existing = spec.find(session, key_value)
        data = spec.to_input(session, cells, existing)
        schema = spec.update_schema if existing is not None else spec.create_schema
        loaded = schema().load(data)
        if existing is not None:
            spec.update(session, actor, existing, loaded)
        else:
            spec.create(session, actor, loaded)
        session.flush()
    except RowErrors as exc:
        savepoint.rollback()
        return exc.errors
    except ValidationError as exc:
        savepoint.rollback()
        return _by_column(spec, exc.messages)
    except ErpError as exc:
        savepoint.rollback()
        if exc.fields:
            return _by_column(spec, exc.fields)
        return {spec.key: [exc]}
    except IntegrityError:
        savepoint.rollback()
        return {spec.key: [N_("This conflicts with existing data (a duplicate or a record still in use).")]}
    savepoint.commit()
    result.rows.append(RowResult(number, key_value, "updated" if existing is not None else "created"))
    return {}


def _by_column(spec: TableSpec, fields: dict) -> dict[str, list]:
    """Service/schema errors → columns; errors of nested rows (``packings.0.barcode``) go to
    the column named for ``packings.barcode`` when the spec has one."""
    out: dict[str, list] = {}
    for name, messages in fields.items():
        if isinstance(messages, dict):
            for sub in messages.values():
                if isinstance(sub, dict):
                    for sub_name, sub_messages in sub.items():
                        column = spec.field_columns.get(f"{name}.{sub_name}") or spec.column_for_field(str(name))
                        out.setdefault(column, []).extend(_flatten(sub_messages))
                else:
                    out.setdefault(spec.column_for_field(str(name)), []).extend(_flatten(sub))
            continue
        out.setdefault(spec.column_for_field(str(name)), []).extend(_flatten(messages))
    return out


def export_rows(session: Session, spec: TableSpec, stmt, language: str = "zh") -> tuple[list[str], list[list]]:
    """Headers and rows of every record ``stmt`` selects, in the import's columns."""
    headers = [c.header(language) for c in spec.columns]
    rows = []
    for record in session.scalars(stmt.limit(None).offset(None)).unique():
        rows.append([_export_value(c, record, language) for c in spec.columns])
    return headers, rows


def _export_value(column, record, language: str):
    value = column.export(record)
    if column.kind == "decimal" and value is not None:
        return Decimal(plain(value))  # 24, not 24.0000
    if column.kind == "bool" and value is not None:
        return ("是" if value else "否") if language == "zh" else ("yes" if value else "no")
    return value
