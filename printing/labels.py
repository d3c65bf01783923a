"""Labels: the sheet/roll engine, product labels and case labels.

A :class:`LabelLayout` says where labels sit: a grid on a sheet (A4 3×8) or one label per
page on a thermal roll (60×40 mm). :func:`render_labels` places any items on it with a
``draw(canvas, item, box, lang)`` function, so a new kind of label is a dataclass and a
draw function. Roll pages are a whole number of 203-dpi dots wide and high, so that a
printer driver (or a rasteriser) never rescales the page and every bar keeps its
whole-dot width.
"""
from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from reportlab.pdfgen.canvas import Canvas

from erp.errors import N_
from printing.barcodes import code128, gs1_128, itf14, retail, to_gtin14
from printing.draw import DOT, MM, draw_barcode
from printing.exceptions import PrintingError
from printing.fonts import FONT, draw_bold, fit_lines, fit_size, register_fonts, string_width
from printing.text import Bi, check_lang, fmt_date, fmt_money, fmt_qty, tr


@dataclass(frozen=True)
class Box:
    """The printable inside of one label, in points (bottom-left corner, width, height)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width


def whole_dots(mm: float) -> float:
    """``mm`` as points, rounded to a whole number of printer dots, and written a hair
    under it: renderers size the raster by rounding the page size *up*, so a page stored as
    799.00008 dots (float rounding) becomes 800 pixels and every bar drifts."""
    return math.floor(round(mm * MM / DOT) * DOT * 1000) / 1000


@dataclass(frozen=True)
class LabelLayout:
    """Where labels go. Sizes in millimetres. A roll (``page_width`` None) prints one
    label per page the size of the label; a sheet places ``columns`` × ``rows`` labels
    from its top-left corner with margins and gaps."""

    name: str
    label_width: float
    label_height: float
    columns: int = 1
    rows: int = 1
    page_width: float | None = None
    page_height: float | None = None
    margin_left: float = 0.0
    margin_top: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0
    padding: float = 2.0

    def __post_init__(self):
        if self.columns < 1 or self.rows < 1 or self.label_width <= 0 or self.label_height <= 0:
            raise ValueError(f"layout {self.name}: needs at least one label of positive size")
        if not self.is_roll:
            used_w = self.margin_left + self.columns * self.label_width + (self.columns - 1) * self.gap_x
            used_h = self.margin_top + self.rows * self.label_height + (self.rows - 1) * self.gap_y
            if used_w > self.page_width + 0.01 or used_h > self.page_height + 0.01:
                raise ValueError(f"layout {self.name}: {used_w:.1f}×{used_h:.1f} mm of labels do not fit "
                                 f"the {self.page_width}×{self.page_height} mm page")

    @property
    def is_roll(self) -> bool:
        return self.page_width is None

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def page_size(self) -> tuple[float, float]:
        """Points. Roll pages are rounded to whole printer dots."""
        if self.is_roll:
            return whole_dots(self.label_width), whole_dots(self.label_height)
        return self.page_width * MM, self.page_height * MM

    def boxes(self) -> list[Box]:
        """The inside (padding removed) of each label of a page, row by row from the top left."""
        page_w, page_h = self.page_size
        if self.is_roll:
            label_w, label_h = page_w, page_h
        else:
            label_w, label_h = self.label_width * MM, self.label_height * MM
        pad = self.padding * MM
        out = []
        for r in range(self.rows):
            for c in range(self.columns):
                x = (self.margin_left + c * (self.label_width + self.gap_x)) * MM
                top = page_h - (self.margin_top + r * (self.label_height + self.gap_y)) * MM
                out.append(Box(x + pad, top - label_h + pad, label_w - 2 * pad, label_h - 2 * pad))
        return out


def sheet(name: str, columns: int, rows: int, label_width: float, label_height: float, *,
          margin_left: float | None = None, margin_top: float | None = None, gap_x: float = 0.0,
          gap_y: float = 0.0, padding: float = 2.0) -> LabelLayout:
    """An A4 sheet layout; margins default to centring the grid on the page."""
    page_w, page_h = 210.0, 297.0
    if margin_left is None:
        margin_left = (page_w - columns * label_width - (columns - 1) * gap_x) / 2
    if margin_top is None:
        margin_top = (page_h - rows * label_height - (rows - 1) * gap_y) / 2
    return LabelLayout(name, label_width, label_height, columns, rows, page_w, page_h,
                       margin_left, margin_top, gap_x, gap_y, padding)


def roll(name: str, width: float, height: float, padding: float = 2.0) -> LabelLayout:
    return LabelLayout(name, width, height, padding=padding)


#: Product label layouts offered to users (``layout=`` of the API).
PRODUCT_LAYOUTS: dict[str, LabelLayout] = {
    # Labels of A4 sheets reach the paper's edge where office printers cannot print:
    # a wider padding keeps text and bars off the edge.
    "a4-3x8": sheet("a4-3x8", 3, 8, 70, 36, margin_left=0, margin_top=4.5, padding=3),
    "a4-3x7": sheet("a4-3x7", 3, 7, 63.5, 38.1, gap_x=2.5, padding=3),
    "roll-60x40": roll("roll-60x40", 60, 40),
    "roll-50x30": roll("roll-50x30", 50, 30, padding=1.5),
}
CASE_LAYOUTS: dict[str, LabelLayout] = {
    "case-100x70": roll("case-100x70", 100, 70, padding=3),
    "case-100x100": roll("case-100x100", 100, 100, padding=3),
}


def layout_named(name: str | LabelLayout, choices: dict[str, LabelLayout]) -> LabelLayout:
    if isinstance(name, LabelLayout):
        return name
    if name not in choices:
        raise PrintingError(N_("Unknown label layout %(name)s; choose one of %(choices)s."),
                            fields={"layout": [N_("Unknown layout.")]}, name=repr(name),
                            choices=", ".join(choices))
    return choices[name]


def render_labels(items: Iterable, layout: LabelLayout, draw: Callable[[Canvas, object, Box, str], None],
                  lang: str = "zh", *, copies: int = 1, skip: int = 0, title: str = "Labels") -> bytes:
    """Place ``items`` on ``layout`` (each ``copies`` times, side by side) and return the PDF.
    ``skip`` leaves the first slots of the first sheet empty (a part-used sheet).
    ``draw(canvas, item, box, lang)`` draws one label inside ``box``."""
    check_lang(lang)
    register_fonts()
    if copies < 1:
        raise PrintingError(N_("Print at least one copy."), fields={"copies": [N_("Must be at least 1.")]})
    boxes = layout.boxes()
    skip = max(0, skip) % len(boxes)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page_size, initialFontName=FONT, initialFontSize=8,
                    pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("wholesale-erp printing")
    slot = skip
    printed = 0
    for item in items:
        for _ in range(copies):
            if slot == len(boxes):
                canvas.showPage()
                slot = 0
            draw(canvas, item, boxes[slot], lang)
            slot += 1
            printed += 1
    if printed == 0:
        raise PrintingError(N_("There is nothing to print."), fields={"ids": [N_("Nothing to print.")]})
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- product labels -------------------------------------------------------------------


@dataclass(frozen=True)
class ProductLabel:
    """A shelf/piece label: name, spec, price and the piece barcode (EAN-13 or EAN-8);
    ``sku_barcode`` adds the SKU as Code 128 (printed instead when there is no EAN)."""

    name: str
    sku: str | None = None
    spec: str | None = None
    price: Decimal | None = None  # per ``unit``, VAT included
    unit: str | None = None
    barcode: str | None = None  # EAN-13 / EAN-8 of the piece
    sku_barcode: bool = False

    def symbols(self) -> list:
        """The barcodes to print (validated): the piece barcode, then the SKU's Code 128
        if asked or if there is no piece barcode."""
        out = []
        if self.barcode:
            out.append(retail(self.barcode))
        if self.sku and (self.sku_barcode or not self.barcode):
            out.append(code128(self.sku))
        return out


def _price_text(label: ProductLabel) -> str:
    if label.price is None:
        return ""
    return fmt_money(label.price) + (f"/{label.unit}" if label.unit else "")


def draw_product_label(canvas: Canvas, label: ProductLabel, box: Box, lang: str) -> None:
    symbols = label.symbols()
    h = box.height
    name_size = min(11.0, h * 0.13)
    line_size = min(9.0, h * 0.105)
    price_size = min(14.0, h * 0.15)
    y = box.top
    # Name: up to two lines (one when two barcodes need the room), shrinking to fit.
    max_lines = 1 if len(symbols) > 1 else 2
    size, lines = fit_lines(label.name, box.width, name_size * 1.2 * max_lines, name_size,
                            max(5.0, name_size * 0.6), max_lines=max_lines)
    for line in lines:
        y -= size
        draw_bold(canvas, box.x, y, line, size)
        y -= size * 0.2
    # Spec (and SKU) on the left, price on the right of the same line.
    y -= price_size * 0.95
    price = _price_text(label)
    price_w = 0.0
    if price:
        psize = fit_size(price, box.width * 0.6, price_size, 6)
        price_w = string_width(price, psize)
        draw_bold(canvas, box.right, y, price, psize, align="right")
    detail = "  ".join(p for p in (label.spec, None if label.sku_barcode else label.sku) if p)
    if detail:
        avail = box.width - price_w - 1.5 * MM
        if avail > 5 * MM:
            canvas.setFont(FONT, fit_size(detail, avail, line_size, 4.5))
            canvas.drawString(box.x, y, detail)
    y -= price_size * 0.3
    # Barcodes share what is left, stacked.
    if not symbols:
        return
    room = y - box.y
    each = room / len(symbols)
    for i, symbol in enumerate(symbols):
        top = y - i * each
        text_size = max(5.0, min(8.0, each * 0.22))
        draw_barcode(canvas, symbol, box.x, top - each + 0.3 * MM, box.width, each - 0.6 * MM,
                     x_dots=3, font_size=text_size)


def render_product_labels(labels: Iterable[ProductLabel], layout: str | LabelLayout = "a4-3x8",
                          lang: str = "zh", *, copies: int = 1, skip: int = 0) -> bytes:
    """Product labels on an A4 sheet grid or a thermal roll (see :data:`PRODUCT_LAYOUTS`)."""
    layout = layout_named(layout, PRODUCT_LAYOUTS)
    return render_labels(labels, layout, draw_product_label, lang, copies=copies, skip=skip,
                         title="Product labels" if lang == "en" else "商品标签")


# --- case labels ------------------------------------------------------------------------

CASE_CAPTIONS = {
    "per_case": Bi("每箱", "Per case"),
    "batch": Bi("批号", "Batch"),
    "expiry": Bi("有效期至", "Expiry"),
    "produced": Bi("生产日期", "Produced"),
    "spec": Bi("规格", "Spec"),
}


@dataclass(frozen=True)
class CaseLabel:
    """A case (outer carton) label: GS1-128 with (01) GTIN-14, (17) expiry and (10) batch,
    and the ITF-14 of the same GTIN."""

    name: str
    gtin: str  # GTIN-14 of the case (8, 12 or 13 digits are zero-padded)
    sku: str | None = None
    spec: str | None = None
    qty_per_case: Decimal | None = None
    unit: str | None = None  # the unit counted in ``qty_per_case`` (瓶)
    batch: str | None = None
    expiry: dt.date | None = None
    produced: dt.date | None = None

    def gs1(self):
        elements: list[tuple[str, object]] = [("01", to_gtin14(self.gtin))]
        if self.produced:
            elements.append(("11", self.produced))
        if self.expiry:
            elements.append(("17", self.expiry))
        if self.batch:
            elements.append(("10", self.batch))
        return gs1_128(elements)

    def itf(self):
        return itf14(to_gtin14(self.gtin))


def draw_case_label(canvas: Canvas, label: CaseLabel, box: Box, lang: str) -> None:
    gs1, itf = label.gs1(), label.itf()
    y = box.top
    size, lines = fit_lines(label.name, box.width, 30, 14, 8, max_lines=2)
    for line in lines:
        y -= size
        draw_bold(canvas, box.x, y, line, size)
        y -= size * 0.25
    colon = ": " if lang == "en" else "："
    facts = []
    if label.spec:
        facts.append(f"{tr(CASE_CAPTIONS['spec'], lang)}{colon}{label.spec}")
    if label.qty_per_case is not None:
        facts.append(f"{tr(CASE_CAPTIONS['per_case'], lang)}{colon}{fmt_qty(label.qty_per_case)} {label.unit or ''}".rstrip())
    if label.sku:
        facts.append(f"SKU{colon}{label.sku}")
    dates = []
    if label.batch:
        dates.append(f"{tr(CASE_CAPTIONS['batch'], lang)}{colon}{label.batch}")
    if label.produced:
        dates.append(f"{tr(CASE_CAPTIONS['produced'], lang)}{colon}{fmt_date(label.produced)}")
    if label.expiry:
        dates.append(f"{tr(CASE_CAPTIONS['expiry'], lang)}{colon}{fmt_date(label.expiry)}")
    for line, bold in (("    ".join(facts), False), ("    ".join(dates), True)):
        if not line:
            continue
        lsize = fit_size(line, box.width, 10, 6)
        y -= lsize * 1.2
        if bold:
            draw_bold(canvas, box.x, y, line, lsize)
        else:
            canvas.setFont(FONT, lsize)
            canvas.drawString(box.x, y, line)
    y -= 2 * MM
    room = y - box.y
    gs1_h = room * 0.52
    draw_barcode(canvas, gs1, box.x, y - gs1_h, box.width, gs1_h, x_dots=4, font_size=8)
    draw_barcode(canvas, itf, box.x, box.y, box.width, room - gs1_h - 2 * MM, x_dots=4,
                 font_size=8, bearer=True)


def render_case_labels(labels: Iterable[CaseLabel], layout: str | LabelLayout = "case-100x70",
                       lang: str = "zh", *, copies: int = 1) -> bytes:
    """Case labels, one per page of a thermal roll (see :data:`CASE_LAYOUTS`)."""
    layout = layout_named(layout, CASE_LAYOUTS)
    return render_labels(labels, layout, draw_case_label, lang, copies=copies,
                         title="Case labels" if lang == "en" else "箱标签")
