"""Jinja filters and globals shared by every page."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from flask import Flask, g
from flask_babel import gettext

from erp import clock
from erp.money import amount_in_words, format_money


def _number(value) -> Decimal | None:
    """``value`` as a Decimal; None for text that is no number (a form re-shown with what
    the user typed, which the filters then show as typed)."""
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None


def fmt_money(value) -> str:
    if value is None or value == "":
        return ""
    number = _number(value)
    return str(value) if number is None or not number.is_finite() else f"{number:,.2f}"


def fmt_qty(value) -> str:
    """Quantities without trailing zeros: 24, 1.5, 0.125."""
    if value is None or value == "":
        return ""
    d = _number(value)
    if d is None or not d.is_finite():
        return str(value)
    text = f"{d:,.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def fmt_price(value) -> str:
    """Unit prices (stored with 6 decimals): at least 2 decimals, at most 6, no trailing
    zeros beyond the fen: 52.50, 54.00, 9.583333."""
    if value is None or value == "":
        return ""
    d = _number(value)
    if d is None or not d.is_finite():
        return str(value)
    text = f"{d:,.6f}".rstrip("0")
    whole, _, frac = text.partition(".")
    text = f"{whole}.{frac.ljust(2, '0')}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def fmt_date(value) -> str:
    """Dates as ISO dates; times (stored in UTC, see ``erp.db.utcnow``) on the users' wall
    clock (``ERP_TIMEZONE``, Asia/Shanghai by default: :mod:`erp.clock`)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return clock.local(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def init_app(app: Flask) -> None:
    from erp.documents.base import STATE_LABELS, doc_type_label
    from erp.web.nav import menu_for

    app.jinja_env.filters.update(money=fmt_money, yuan=format_money, qty=fmt_qty, price=fmt_price, date=fmt_date,
                                 capitals=amount_in_words)
    app.jinja_env.add_extension("jinja2.ext.do")

    from erp.documents.presenters import VERB_LABELS

    def state_label(state):
        return gettext(STATE_LABELS.get(state, str(state)))

    def permission_label(code):
        """A permission's label (declared in English, ``N_``) in the page's language."""
        from erp.auth.permissions import REGISTRY

        return gettext(REGISTRY[code].label) if code in REGISTRY else (code or "")

    # Globals (unlike context variables) are visible inside imported macros too.
    from erp.web.pages import query_url

    app.jinja_env.globals.update(state_label=state_label, verb_labels=VERB_LABELS, doc_type_label=doc_type_label,
                                 permission_label=permission_label, query_url=query_url)

    @app.context_processor
    def _context():
        actor = g.get("actor")
        return {"actor": actor, "menu": menu_for(actor) if actor else []}
