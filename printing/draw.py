"""Drawing barcodes as vector shapes snapped to a 203-dpi printer's dots.

A thermal label printer has 203 dots per inch. A bar whose edge falls between two dots
is printed one dot too wide or too narrow, at random along the symbol, which is what
makes cheap labels unscannable. So every bar here is a whole number of dots wide
(``module_dots``) and starts on a dot boundary of the *page* (the canvas's current
translation is taken into account, so flowables inside frames and tables snap too; the
page origin must be the label's corner, as it is for roll layouts; on A4 sheets printed by
a laser printer the grid is simply finer than needed). Bars are filled
rectangles in one path per symbol: sharp at any zoom and fast (no bitmaps).
"""
from __future__ import annotations

import math

from reportlab.platypus import Flowable

from erp.errors import N_
from printing.barcodes import QRSymbol, Symbol
from printing.exceptions import BarcodeTooWide
from printing.fonts import FONT, register_fonts, string_width

PRINTER_DPI = 203
DOT = 72.0 / PRINTER_DPI  # one printer dot in points (≈ 0.125 mm)
MM = 72.0 / 25.4
#: The thinnest bar we print: 2 dots ≈ 0.25 mm; one dot does not scan reliably.
MIN_BAR_DOTS = 2


def snap(value: float) -> float:
    """The nearest dot boundary (points)."""
    return round(value / DOT) * DOT


def _offset(canvas) -> tuple[float, float]:
    """Where the canvas's current origin lies on the page (flowables in tables and frames
    draw in translated coordinates); scaling is not expected on printouts."""
    matrix = getattr(canvas, "_currentMatrix", None) or (1, 0, 0, 1, 0, 0)
    return matrix[4], matrix[5]


def snap_on_page(canvas, x: float, y: float) -> tuple[float, float]:
    """``(x, y)`` in the canvas's coordinates moved to the nearest dot boundary of the page."""
    ox, oy = _offset(canvas)
    return snap(x + ox) - ox, snap(y + oy) - oy


def module_dots(symbol: Symbol, width: float, x_dots: int = 3, min_bar_dots: int = MIN_BAR_DOTS) -> int:
    """Dots per module so that the symbol with its quiet zones fits ``width`` points, at
    most the wanted narrow bar of ``x_dots`` and at least ``min_bar_dots`` per narrow bar.
    Raises :class:`BarcodeTooWide` when even the thinnest bars do not fit."""
    wanted = max(1, x_dots // symbol.narrow)
    least = max(1, math.ceil(min_bar_dots / symbol.narrow))
    fit = int((width + 1e-6) / DOT) // symbol.width_modules
    dots = min(wanted, fit)
    if dots < least:
        raise BarcodeTooWide(
            N_("Barcode %(value)s needs %(need)s mm but the layout leaves %(have)s mm."),
            fields={"barcode": [N_("Too long for this label.")]}, value=symbol.value,
            need=f"{symbol.width_modules * least * DOT / MM:.1f}", have=f"{width / MM:.1f}")
    return dots


def symbol_width(symbol: Symbol, dots: int) -> float:
    """Width in points of the symbol with its quiet zones at ``dots`` per module."""
    return symbol.width_modules * dots * DOT


def _runs(modules: str):
    """(start, length) of each bar."""
    start = None
    for i, m in enumerate(modules):
        if m == "1" and start is None:
            start = i
        elif m != "1" and start is not None:
            yield start, i - start
            start = None
    if start is not None:
        yield start, len(modules) - start


def draw_barcode(canvas, symbol: Symbol, x: float, y: float, width: float, height: float, *,
                 x_dots: int = 3, font_size: float | None = None, text: bool = True,
                 align: str = "center", bearer: bool = False, min_bar_dots: int = MIN_BAR_DOTS) -> float:
    """Draw ``symbol`` in the box ``(x, y, width, height)`` (points, bottom-left corner),
    human-readable text included, and return the width used.

    The narrow bar is ``x_dots`` printer dots wide, or fewer down to ``min_bar_dots`` if
    the box is narrower; the quiet zones are inside the box. EAN symbols get their guard
    bars lengthened and their digits under the two halves; ``bearer`` adds the ITF-14
    bearer bars above and below.
    """
    register_fonts()
    dots = module_dots(symbol, width, x_dots, min_bar_dots)
    module = dots * DOT
    total = symbol.width_modules * module
    if align == "center":
        left = x + (width - total) / 2
    elif align == "right":
        left = x + width - total
    else:
        left = x
    ox, oy = _offset(canvas)
    left = snap(left + ox) - ox
    if left < x - 1e-6:
        left += DOT
    bars_left = left + symbol.quiet[0] * module

    if font_size is None:
        font_size = max(5.0, min(10.0, module * (9 if symbol.guards else 7)))
    text_h = font_size * 1.15 if text else 0.0
    bearer_h = snap(max(2 * module * symbol.narrow, 2 * DOT)) if bearer else 0.0
    bottom = snap(y + oy + text_h + bearer_h) - oy
    top = snap(y + oy + height - bearer_h) - oy
    bar_h = top - bottom
    if bar_h <= 0:
        raise ValueError("no room for the bars: give the barcode more height")
    guard_extra = text_h * 0.55 if symbol.guards else 0.0

    rects = []
    for start, length in _runs(symbol.modules):
        extra = guard_extra if start in symbol.guards else 0.0
        rects.append((bars_left + start * module, bottom - extra, length * module, bar_h + extra))
    if bearer:
        rects.append((left, top, total, bearer_h))
        rects.append((left, bottom - bearer_h, total, bearer_h))
    canvas.saveState()
    _fill_rects(canvas, rects)
    if text:
        canvas.setFont(FONT, font_size)
        baseline = y + font_size * 0.2
        if bearer:
            baseline = bottom - bearer_h - font_size * 0.95
        if symbol.symbology == "ean13":
            v = symbol.value
            canvas.drawRightString(bars_left - module, baseline, v[0])
            canvas.drawCentredString(bars_left + 24 * module, baseline, v[1:7])
            canvas.drawCentredString(bars_left + 71 * module, baseline, v[7:])
        elif symbol.symbology == "ean8":
            v = symbol.value
            canvas.drawCentredString(bars_left + 17 * module, baseline, v[:4])
            canvas.drawCentredString(bars_left + 50 * module, baseline, v[4:])
        else:
            size = font_size
            while size > 4 and string_width(symbol.text, size) > total:
                size -= 0.5
            canvas.setFont(FONT, size)
            canvas.drawCentredString(left + total / 2, baseline, symbol.text)
    canvas.restoreState()
    return total


def _fill_rects(canvas, rects) -> None:
    """Fill black rectangles as one path. Written as PDF operators directly: reportlab's
    path objects format every number through a slow pure-Python routine, and a page of
    labels has thousands of bars. Three decimals of a point are 1/1000 of a dot."""
    ops = " ".join(f"{x:.3f} {y:.3f} {w:.3f} {h:.3f} re" for x, y, w, h in rects)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(f"{ops} f")


def barcode_height_for_text(font_size: float) -> float:
    """Height the human-readable line takes under the bars."""
    return font_size * 1.15


def draw_qr(canvas, symbol: QRSymbol, x: float, y: float, size: float, *,
            min_dots: int = MIN_BAR_DOTS, max_dots: int = 8) -> float:
    """Draw a QR code in the square ``(x, y, size)`` with its quiet zone, each module a
    whole number of printer dots; returns the side used."""
    modules = symbol.size + 2 * symbol.quiet
    dots = min(max_dots, int((size + 1e-6) / DOT) // modules)
    if dots < min_dots:
        raise BarcodeTooWide(
            N_("Barcode %(value)s needs %(need)s mm but the layout leaves %(have)s mm."),
            fields={"barcode": [N_("Too long for this label.")]}, value=symbol.value[:40],
            need=f"{modules * min_dots * DOT / MM:.1f}", have=f"{size / MM:.1f}")
    module = dots * DOT
    side = modules * module
    left, top = snap_on_page(canvas, x + (size - side) / 2, y + (size + side) / 2)
    left += symbol.quiet * module
    top -= symbol.quiet * module
    rects = []
    for r, row in enumerate(symbol.matrix):
        start = None
        for c, cell in enumerate(row + (False,)):
            if cell and start is None:
                start = c
            elif not cell and start is not None:
                rects.append((left + start * module, top - (r + 1) * module, (c - start) * module, module))
                start = None
    canvas.saveState()
    _fill_rects(canvas, rects)
    canvas.restoreState()
    return side


class BarcodeFlowable(Flowable):
    """A linear barcode in a platypus story or table cell (``width`` × ``height`` points)."""

    def __init__(self, symbol: Symbol, width: float, height: float, *, x_dots: int = 3,
                 font_size: float | None = None, text: bool = True, align: str = "center",
                 bearer: bool = False):
        super().__init__()
        self.symbol, self.width, self.height = symbol, width, height
        self.options = {"x_dots": x_dots, "font_size": font_size, "text": text, "align": align,
                        "bearer": bearer}
        module_dots(symbol, width, x_dots)  # refuse a symbol that cannot fit, before layout

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        draw_barcode(self.canv, self.symbol, 0, 0, self.width, self.height, **self.options)


class QRFlowable(Flowable):
    def __init__(self, symbol: QRSymbol, size: float):
        super().__init__()
        self.symbol, self.size = symbol, size
        self.width = self.height = size

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        draw_qr(self.canv, self.symbol, 0, 0, self.size)
