"""Barcode symbols: validated values turned into module strings, ready to draw.

Each function checks its input first and raises :class:`~printing.exceptions.InvalidBarcode`
with a clear message, because python-barcode does not: its EAN-13 silently replaces a
wrong check digit, its ITF adds none, and its GS1-128 prints the FNC1 separator as "ñ".
The module string (``'1'`` bar, ``'0'`` space, one character per module) comes from a new
python-barcode object per call (they keep state between ``build()`` calls); drawing is
:mod:`printing.draw`'s job.

* :func:`code128` — document numbers, SKUs, waybill numbers (printable ASCII).
* :func:`ean13` / :func:`ean8` / :func:`retail` — the piece barcode of a product.
* :func:`itf14` — the case barcode (GTIN-14); python-barcode's ``ean14`` is never used
  (it draws a symbol no decoder reads).
* :func:`gs1_128` — application identifiers (01 GTIN, 10 batch, 17 expiry, 00 SSCC …).
* :func:`qr` — a QR code matrix (links a phone should open).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import qrcode
from barcode.codex import Code128 as _Code128
from barcode.codex import Gs1_128 as _Gs1_128
from barcode.ean import EuropeanArticleNumber8 as _Ean8
from barcode.ean import EuropeanArticleNumber13 as _Ean13
from barcode.itf import ITF as _Itf
from qrcode.constants import ERROR_CORRECT_M

from erp.errors import N_
from printing.exceptions import InvalidBarcode

FNC1 = "\xf1"


@dataclass(frozen=True)
class Symbol:
    """A linear barcode ready to draw.

    ``modules`` is the bar pattern, ``quiet`` the quiet zone on each side in modules,
    ``text`` the human-readable line printed under it and ``value`` what a scanner
    returns (for GS1-128 the bracketed element string, as zxing's HRI mode reports it).
    ``guards`` are module indexes drawn longer (EAN guard bars).
    """

    symbology: str
    value: str
    text: str
    modules: str
    quiet: tuple[int, int]
    guards: frozenset[int] = field(default_factory=frozenset)
    #: How many modules make the narrowest bar (2 for our ITF: narrow 2, wide 5).
    narrow: int = 1

    @property
    def width_modules(self) -> int:
        return len(self.modules) + self.quiet[0] + self.quiet[1]


@dataclass(frozen=True)
class QRSymbol:
    value: str
    matrix: tuple[tuple[bool, ...], ...]
    quiet: int = 4

    @property
    def size(self) -> int:
        return len(self.matrix)


# --- check digits -----------------------------------------------------------------------

def gtin_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit of ``body`` (GTIN-8/12/13/14 and SSCC without their
    last digit): weights 3, 1, 3 … from the right."""
    if not body.isdigit():
        raise InvalidBarcode(N_("A GS1 number has digits only: %(value)s"),
                             fields={"barcode": [N_("Wrong number of digits.")]}, value=repr(body))
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def check_gtin(value: str, length: int, name: str, field_: str = "barcode") -> str:
    """Return ``value`` if it has ``length`` digits and a right check digit, else raise."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) != length:
        raise InvalidBarcode(
            N_("%(name)s needs exactly %(length)s digits; got %(value)s."),
            fields={field_: [N_("Wrong number of digits.")]}, name=name, length=length, value=repr(value))
    expected = gtin_check_digit(value[:-1])
    if value[-1] != expected:
        raise InvalidBarcode(
            N_("%(name)s %(value)s has a wrong check digit: the last digit should be %(expected)s."),
            fields={field_: [N_("Wrong check digit.")]}, name=name, value=value, expected=expected)
    return value


def to_gtin14(value: str, field_: str = "barcode") -> str:
    """A GTIN-8, -12, -13 or -14 as 14 digits (left-padded with zeros), check digit verified."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise InvalidBarcode(N_("A GTIN has 8, 12, 13 or 14 digits; got %(value)s."),
                             fields={field_: [N_("Wrong number of digits.")]}, value=repr(value))
    return check_gtin(value.zfill(14), 14, "GTIN-14", field_)


# --- linear symbologies -----------------------------------------------------------------

_PRINTABLE = re.compile(r"^[\x20-\x7e]+$")


def code128(value: str) -> Symbol:
    """Code 128 of printable ASCII (document numbers, SKUs, waybills), at most 80 characters."""
    value = value if isinstance(value, str) else str(value)
    if not value or len(value) > 80 or not _PRINTABLE.match(value):
        raise InvalidBarcode(
            N_("Code 128 takes 1 to 80 printable ASCII characters (no Chinese); got %(value)s."),
            fields={"barcode": [N_("Not a valid barcode for this symbology.")]}, value=repr(value))
    modules = _Code128(value).build()[0]
    return Symbol("code128", value, value, modules, (10, 10))


def ean13(value: str) -> Symbol:
    """EAN-13 of a 13-digit code whose check digit is right (a wrong one is refused,
    never replaced)."""
    value = check_gtin(value, 13, "EAN-13")
    modules = _Ean13(value).build()[0]
    guards = frozenset([*range(0, 3), *range(45, 50), *range(92, 95)])
    return Symbol("ean13", value, value, modules, (11, 7), guards)


def ean8(value: str) -> Symbol:
    value = check_gtin(value, 8, "EAN-8")
    modules = _Ean8(value).build()[0]
    guards = frozenset([*range(0, 3), *range(31, 36), *range(64, 67)])
    return Symbol("ean8", value, value, modules, (7, 7), guards)


def retail(value: str) -> Symbol:
    """The piece barcode of a product: EAN-13 (13 digits) or EAN-8 (8 digits)."""
    value = (value or "").strip()
    if len(value) == 8:
        return ean8(value)
    return ean13(value)


def itf14(value: str) -> Symbol:
    """ITF-14 of a GTIN-14. Thirteen digits get their check digit computed; fourteen must
    carry the right one (python-barcode's ITF checks nothing)."""
    value = (value or "").strip()
    if value.isdigit() and len(value) == 13:
        value += gtin_check_digit(value)
    value = check_gtin(value, 14, "ITF-14")
    # narrow = 2 modules, wide = 5: a 2.5 wide/narrow ratio, inside ITF-14's 2.25–3.0.
    modules = _Itf(value, narrow=2, wide=5).build()[0]
    text = f"{value[0]} {value[1:3]} {value[3:8]} {value[8:13]} {value[13]}"
    return Symbol("itf14", value, text, modules, (20, 20), narrow=2)


# --- GS1-128 ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AI:
    code: str
    title: str
    length: int  # fixed length, or the maximum for variable ones
    variable: bool = False
    kind: str = "n"  # n digits, an GS1 character set 82, date YYMMDD
    check_digit: bool = False


#: The application identifiers a distributor prints on case and pallet labels.
AIS: dict[str, AI] = {ai.code: ai for ai in (
    AI("00", "SSCC", 18, check_digit=True),
    AI("01", "GTIN", 14, check_digit=True),
    AI("02", "CONTENT", 14, check_digit=True),
    AI("10", "BATCH/LOT", 20, variable=True, kind="an"),
    AI("11", "PROD DATE", 6, kind="date"),
    AI("13", "PACK DATE", 6, kind="date"),
    AI("15", "BEST BEFORE", 6, kind="date"),
    AI("17", "USE BY/EXPIRY", 6, kind="date"),
    AI("21", "SERIAL", 20, variable=True, kind="an"),
    AI("37", "COUNT", 8, variable=True),
    *(AI(f"310{d}", "NET WEIGHT (kg)", 6) for d in range(6)),
    AI("400", "ORDER NUMBER", 30, variable=True, kind="an"),
)}

# GS1 AI encodable character set 82.
_CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$")
#: GS1 limits a GS1-128 symbol to 48 data characters (FNC1 separators included).
GS1_128_MAX_DATA = 48


def gs1_date(value: dt.date | str) -> str:
    """A date as GS1's YYMMDD (day 00 means "end of the month", as GS1 allows)."""
    if isinstance(value, dt.date):
        return value.strftime("%y%m%d")
    text = str(value).strip()
    if not (len(text) == 6 and text.isdigit() and 1 <= int(text[2:4]) <= 12 and int(text[4:6]) <= 31):
        raise InvalidBarcode(N_("A GS1 date is YYMMDD; got %(value)s."),
                             fields={"date": [N_("Not a valid date.")]}, value=repr(text))
    return text


def _element(code: str, raw) -> str:
    ai = AIS.get(code)
    if ai is None:
        raise InvalidBarcode(N_("Application identifier (%(ai)s) is not supported."),
                             fields={"barcode": [N_("Not a valid barcode for this symbology.")]}, ai=code)
    if ai.kind == "date":
        return gs1_date(raw)
    value = str(raw).strip()
    if ai.check_digit:
        return check_gtin(value, ai.length, f"({code}) {ai.title}")
    if ai.variable:
        ok = 1 <= len(value) <= ai.length and (value.isdigit() if ai.kind == "n" else bool(_CSET82.match(value)))
    else:
        ok = len(value) == ai.length and value.isdigit()
    if not ok:
        limit = f"1-{ai.length}" if ai.variable else str(ai.length)
        message = (N_("(%(ai)s) %(title)s takes %(limit)s digits; got %(value)s.") if ai.kind == "n" else
                   N_("(%(ai)s) %(title)s takes %(limit)s characters of A-Z, a-z, 0-9 and -./_ etc. (no Chinese); got %(value)s."))
        raise InvalidBarcode(message, fields={"barcode": [N_("Not a valid barcode for this symbology.")]},
                             ai=code, title=ai.title, limit=limit, value=repr(value))
    return value


def gs1_128(elements: Iterable[tuple[str, object]] | dict[str, object]) -> Symbol:
    """GS1-128 of application identifiers, e.g. ``gs1_128([("01", gtin), ("17", expiry),
    ("10", batch)])``. Values are validated (check digits of 00/01/02, dates, lengths,
    character set). Fixed-length elements go first and variable-length ones last, so that
    FNC1 separators are needed only between variable-length elements; the human text is
    ``(01)…(17)…(10)…`` in that order."""
    pairs = list(elements.items() if isinstance(elements, dict) else elements)
    if not pairs:
        raise InvalidBarcode(N_("GS1-128 needs at least one application identifier."),
                             fields={"barcode": [N_("Not a valid barcode for this symbology.")]})
    seen = set()
    encoded: list[tuple[AI, str]] = []
    for code, raw in pairs:
        if code in seen:
            raise InvalidBarcode(N_("Application identifier (%(ai)s) appears twice."),
                                 fields={"barcode": [N_("Not a valid barcode for this symbology.")]}, ai=code)
        seen.add(code)
        encoded.append((AIS.get(code) or AI(code, "", 0), _element(code, raw)))
    encoded.sort(key=lambda pair: pair[0].variable)  # stable: fixed first, variable last
    data = ""
    for i, (ai, value) in enumerate(encoded):
        data += ai.code + value
        if ai.variable and i < len(encoded) - 1:
            data += FNC1
    if len(data) > GS1_128_MAX_DATA:
        raise InvalidBarcode(N_("GS1-128 holds at most 48 characters; these elements need %(count)s."),
                             fields={"barcode": [N_("Not a valid barcode for this symbology.")]},
                             count=len(data))
    text = "".join(f"({ai.code}){value}" for ai, value in encoded)
    modules = _Gs1_128(data).build()[0]
    return Symbol("gs1-128", text, text, modules, (10, 10))


def sscc(value: str) -> Symbol:
    """GS1-128 of an SSCC (AI 00), the number of a logistic unit (pallet, parcel)."""
    return gs1_128([("00", value)])


# --- QR ---------------------------------------------------------------------------------

def qr(value: str, error_correction: int = ERROR_CORRECT_M) -> QRSymbol:
    """A QR code of ``value`` (a link or any text up to about 2 KB)."""
    if not value or len(value.encode("utf-8")) > 2000:
        raise InvalidBarcode(N_("A QR code takes 1 to 2000 bytes of text."),
                             fields={"barcode": [N_("Not a valid barcode for this symbology.")]})
    code = qrcode.QRCode(error_correction=error_correction, border=0, box_size=1)
    code.add_data(value)
    code.make(fit=True)
    matrix = tuple(tuple(bool(cell) for cell in row) for row in code.modules)
    return QRSymbol(value, matrix)


def symbols_for(kind: str, value: str) -> Symbol:
    """Look a linear symbology up by name: ``code128``, ``ean13``, ``ean8``, ``retail``,
    ``itf14`` (for layouts that let their data choose)."""
    makers = {"code128": code128, "ean13": ean13, "ean8": ean8, "retail": retail, "itf14": itf14}
    if kind not in makers:
        raise ValueError(f"unknown symbology {kind!r}; expected one of {', '.join(makers)}")
    return makers[kind](value)


__all__: Sequence[str] = (
    "AIS", "FNC1", "QRSymbol", "Symbol", "check_gtin", "code128", "ean13", "ean8", "gs1_128",
    "gs1_date", "gtin_check_digit", "itf14", "qr", "retail", "sscc", "symbols_for", "to_gtin14",
)
