"""What the import and export endpoints of every table share: their query schemas,
reading the uploaded file and streaming the export."""
from __future__ import annotations

from flask import Response, request
from marshmallow import fields, validate
from sqlalchemy.orm import Session

from erp.api.schemas import InputSchema, ListQuery, OutputSchema
from erp.auth.models import User
from erp.errors import N_, ValidationFailed
from erp.imports import services
from erp.imports.files import CONTENT_TYPES, FileFormat, read_table, write_csv, write_xlsx
from erp.imports.spec import TableSpec
from erp.masterdata.schemas import Id


class ExportQuery(ListQuery):
    format = fields.String(load_default="xlsx", validate=validate.OneOf(["csv", "xlsx"]))
    #: Header language: zh (default) or en; the import reads both.
    headers = fields.String(load_default="zh", validate=validate.OneOf(["zh", "en"]))
    active = fields.Boolean(allow_none=True)
    category_id = Id(allow_none=True)


class ImportQuery(InputSchema):
    #: Check the file and report what would happen, writing nothing.
    dry_run = fields.Boolean(load_default=False)


class ImportRowOut(OutputSchema):
    row = fields.Integer()
    key = fields.String()
    action = fields.String()


class ImportResultOut(OutputSchema):
    dry_run = fields.Boolean()
    created = fields.Integer()
    updated = fields.Integer()
    rows = fields.List(fields.Nested(ImportRowOut))


def uploaded_file() -> bytes:
    """The bytes of the multipart field ``file`` (a 422 naming the field when missing)."""
    upload = request.files.get("file")
    if upload is None:
        raise ValidationFailed(N_("Choose a CSV or XLSX file."), fields={"file": [N_("Choose a CSV or XLSX file.")]})
    return upload.read()


def run_upload(session: Session, actor: User, spec: TableSpec, *, dry_run: bool) -> services.ImportResult:
    return services.run_import(session, actor, spec, read_table(uploaded_file()), dry_run=dry_run)


def export_file(session: Session, spec: TableSpec, stmt, file_format: str, language: str = "zh") -> Response:
    """The records of ``stmt`` as a CSV or XLSX download."""
    headers, rows = services.export_rows(session, spec, stmt, language)
    fmt = FileFormat(file_format)
    content = write_csv(headers, rows) if fmt == FileFormat.CSV else write_xlsx(headers, rows, spec.title)
    response = Response(content, mimetype=CONTENT_TYPES[fmt].split(";")[0])
    if fmt == FileFormat.CSV:
        response.headers["Content-Type"] = CONTENT_TYPES[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{spec.name}.{fmt.value}"'
    return response

