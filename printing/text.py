"""Words and numbers on paper: bilingual captions and the formats of printed values.

Printouts choose their language per call (``lang`` = ``"zh"`` or ``"en"``), not from the
request, so a Chinese clerk can print an English document for a foreign customer. A
caption is a :class:`Bi` (both languages) or a plain ``str`` (data, printed as it is).
Money is never a float: values are ``Decimal`` formatted with :mod:`erp.money`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from erp.errors import N_
from erp.money import FEN, QTY_QUANTUM, format_money, round_fen, to_decimal
from printing.exceptions import PrintingError

LANGS = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Bi:
    """A caption in Chinese and English: ``Bi("制单", "Prepared by")``."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


Text = str | Bi


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise PrintingError(N_("Printouts are in Chinese (zh) or English (en), not %(lang)s."),
                            fields={"lang": [N_("Must be zh or en.")]}, lang=repr(lang))
    return lang


def tr(text: Text | None, lang: str) -> str:
    """The text in ``lang``: a :class:`Bi` picks its language, anything else is printed as is."""
    if text is None:
        return ""
    if isinstance(text, Bi):
        return text(lang)
    return str(text)


def fmt_amount(value: Decimal | int | str | None) -> str:
    """``1234.5`` → ``'1,234.50'`` (to the fen, half-up, thousands separated)."""
    if value is None or value == "":
        return ""
    return f"{round_fen(value):,.2f}"


def fmt_money(value: Decimal | int | str | None, symbol: str = "¥") -> str:
    """``1234.5`` → ``'¥1,234.50'``."""
    if value is None or value == "":
        return ""
    return format_money(to_decimal(value), symbol)


def fmt_price(value: Decimal | int | str | None) -> str:
    """A unit price: at least 2 decimals, up to 6, no trailing zeros beyond the fen
    (``12.5`` → ``'12.50'``, ``0.123400`` → ``'0.1234'``)."""
    if value is None or value == "":
        return ""
    d = to_decimal(value)
    if d == d.quantize(FEN):
        return f"{d.quantize(FEN):,.2f}"
    return f"{d.normalize():,f}"


def fmt_qty(value: Decimal | int | str | None, decimals: int | None = None) -> str:
    """A quantity without the padding zeros of storage (``Decimal('24.0000')`` → ``'24'``,
    ``1.5000`` → ``'1.5'``); with ``decimals`` exactly that many."""
    if value is None or value == "":
        return ""
    d = to_decimal(value)
    if decimals is not None:
        return f"{d:,.{decimals}f}"
    d = d.quantize(QTY_QUANTUM).normalize()
    text = f"{d:,f}"
    return text


def fmt_rate(value: Decimal | str | None) -> str:
    """``Decimal('0.13')`` → ``'13%'``."""
    if value is None or value == "":
        return ""
    pct = (to_decimal(value) * 100).normalize()
    return f"{pct:f}%"


def fmt_date(value: dt.date | dt.datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: Value kinds understood by :func:`fmt` (document columns, fields and totals use them).
KINDS = ("text", "money", "amount", "price", "qty", "int", "rate", "date")


def fmt(value, kind: str = "text", lang: str = "zh") -> str:
    """Format ``value`` as a printed ``kind``: ``money`` with ¥, ``amount`` without,
    ``price``, ``qty``, ``int``, ``rate`` (13%), ``date``; ``text`` prints ``str(value)``
    (a :class:`Bi` in its language)."""
    if value is None:
        return ""
    if kind == "money":
        return fmt_money(value)
    if kind == "amount":
        return fmt_amount(value)
    if kind == "price":
        return fmt_price(value)
    if kind == "qty":
        return fmt_qty(value)
    if kind == "int":
        return f"{int(value):,}" if not isinstance(value, str) else value
    if kind == "rate":
        return fmt_rate(value)
    if kind == "date":
        return fmt_date(value)
    if isinstance(value, Decimal):
        return fmt_qty(value)
    if isinstance(value, dt.date):
        return fmt_date(value)
    return tr(value, lang)
