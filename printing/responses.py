"""Streaming a rendered PDF: the one helper every package's ``…/pdf`` endpoint returns with.

    @endpoint(bp, "/invoices/<int:invoice_id>/pdf", permission=INVOICE_VIEW,
              content_type="application/pdf", tags=["invoices"])
    def invoice_pdf(session, actor, invoice_id):
        pdf, number = services.invoice_pdf(session, actor, invoice_id, lang=request_lang())
        return pdf_response(pdf, f"invoice-{number}.pdf")
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from flask import Response

from erp import clock

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, default: str = "document.pdf") -> str:
    """An ASCII file name (letters, digits, ``._-``) for the plain ``filename=`` parameter."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, "pdf"
    stem = _UNSAFE.sub("-", stem).strip("-.") or default.rpartition(".")[0]
    return f"{stem}.{_UNSAFE.sub('', ext) or 'pdf'}"


def pdf_response(pdf: bytes, filename: str, *, download: bool = False) -> Response:
    """Answer with ``pdf`` as ``application/pdf``. ``inline`` by default (the browser's
    viewer opens it, ready to print); ``download=True`` saves it instead. A Chinese
    ``filename`` is kept in ``filename*`` (RFC 6266) with an ASCII fallback; the PDF is
    not cached (documents change state and may be confidential)."""
    disposition = "attachment" if download else "inline"
    ascii_name = safe_filename(filename)
    header = f'{disposition}; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    response = Response(pdf, status=200, mimetype="application/pdf")
    response.headers["Content-Disposition"] = header
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def request_lang(explicit: str | None = None) -> str:
    """The printout language: ``explicit`` (``zh``/``en``) when given, else the language of
    the request's UI (English when the user reads English, Chinese otherwise)."""
    if explicit:
        return explicit
    try:
        from flask_babel import get_locale

        return "en" if str(get_locale() or "").startswith("en") else "zh"
    except (RuntimeError, KeyError):  # outside a request
        return "zh"


def printed_now() -> dt.datetime:
    """Now as the users' wall clock reads it (``ERP_TIMEZONE``), for "打印时间"."""
    return clock.local(dt.datetime.now(dt.UTC).replace(tzinfo=None))
