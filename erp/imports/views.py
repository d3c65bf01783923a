"""The import page every importable table shares: upload a file, see what was created and
updated, or the table of errors when the file was refused; and the export download."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_babel import gettext

from erp.errors import N_, ErpError, ValidationFailed
from erp.imports import services
from erp.imports.api import export_file
from erp.imports.files import read_table
from erp.imports.spec import TableSpec

#: Holds the shared templates (imports/…); it has no routes of its own.
bp = Blueprint("imports", __name__, template_folder="templates")


def import_page(session, actor, spec: TableSpec, *, title: str, back_endpoint: str):
    """GET: the upload form; POST: run the import (or a dry run) and show the outcome."""
    context = {"spec": spec, "title": title, "back_endpoint": back_endpoint, "result": None, "refused": None,
               "error": None, "message": None, "dry_run": False}
    if request.method == "GET":
        return render_template("imports/import.html", **context)
    dry_run = request.form.get("dry_run") in ("on", "true", "1")
    context["dry_run"] = dry_run
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ValidationFailed(N_("Choose a CSV or XLSX file."), fields={"file": [N_("Choose a CSV or XLSX file.")]})
        context["result"] = services.run_import(session, actor, spec, read_table(upload.read()), dry_run=dry_run)
    except services.ImportRefused as exc:
        g.db_rollback = True
        context["refused"], context["message"] = exc, exc.render(gettext)
        return render_template("imports/import.html", **context), exc.status
    except ErpError as exc:
        g.db_rollback = True
        context["error"], context["message"] = exc, exc.render(gettext)
        return render_template("imports/import.html", **context), exc.status
    return render_template("imports/import.html", **context)


def export_download(session, spec: TableSpec, stmt):
    """The list's records (its search and filters) as ``?format=csv|xlsx``."""
    file_format = request.args.get("format", "xlsx")
    if file_format not in ("csv", "xlsx"):
        file_format = "xlsx"
    language = "en" if request.args.get("headers") == "en" else "zh"
    return export_file(session, spec, stmt, file_format, language)
