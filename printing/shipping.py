"""Shipping labels (面单), 100×150 mm, one per package.

A :class:`ShippingLabel` is plain data, so the outbound, the shipment of the logistics
package or a counter sale can all build them; :func:`package_labels` makes the n-of-m
labels of one shipment, and :func:`render_shipping_labels` prints any number of them (all
packages of many shipments) into one PDF, one label per page of the thermal roll.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.pdfgen.canvas import Canvas

from erp.errors import N_
from printing.barcodes import code128
from printing.barcodes import sscc as sscc_symbol
from printing.company import Company
from printing.draw import MM, draw_barcode
from printing.exceptions import PrintingError
from printing.fonts import FONT, draw_bold, fit_lines, fit_size, string_width
from printing.labels import Box, LabelLayout, layout_named, render_labels, roll
from printing.text import Bi, fmt_qty, tr

SHIPPING_LAYOUTS: dict[str, LabelLayout] = {
    "ship-100x150": roll("ship-100x150", 100, 150, padding=3),
    "ship-100x100": roll("ship-100x100", 100, 100, padding=3),
}

CAPTIONS = {
    "to": Bi("收", "TO"),
    "from": Bi("寄", "FROM"),
    "order": Bi("订单号", "Order"),
    "outbound": Bi("出库单号", "Outbound"),
    "weight": Bi("重量", "Weight"),
    "package": Bi("件数", "Package"),
    "waybill": Bi("运单号", "Waybill"),
    "date": Bi("发货日期", "Ship date"),
    "note": Bi("备注", "Note"),
}


@dataclass(frozen=True)
class ShippingLabel:
    """One package of a shipment. ``package_code`` is what the Code 128 at the bottom
    carries (default ``<outbound>-<nnn>``); with an ``sscc`` a GS1-128 (00) is printed
    instead. The carrier's waybill number, when known, is printed as a large Code 128."""

    ship_to_name: str
    ship_to_phone: str
    ship_to_address: str
    outbound_number: str
    package_no: int = 1
    package_count: int = 1
    order_number: str | None = None
    ship_to_company: str | None = None
    weight_kg: Decimal | None = None
    carrier: str | None = None
    waybill_number: str | None = None
    package_code: str | None = None
    sscc: str | None = None
    ship_date: str | None = None
    note: str | None = None

    def __post_init__(self):
        if not 1 <= self.package_no <= self.package_count:
            raise PrintingError(
                N_("Package %(n)s of %(m)s does not exist: numbers run from 1 to the package count."),
                fields={"package_no": [N_("Out of range.")]}, n=self.package_no, m=self.package_count)

    @property
    def code(self) -> str:
        return self.package_code or f"{self.outbound_number}-{self.package_no:03d}"


def package_labels(count: int, *, weights: Sequence[Decimal | None] | None = None,
                   **shipment) -> list[ShippingLabel]:
    """The ``count`` labels of one shipment (package 1 of n … n of n); ``weights`` per
    package when known; everything else is the same on each (``ShippingLabel`` fields)."""
    if count < 1:
        raise PrintingError(N_("A shipment has at least one package."),
                            fields={"package_count": [N_("Must be at least 1.")]})
    if weights is not None and len(weights) != count:
        raise PrintingError(N_("Give one weight per package (%(count)s)."),
                            fields={"weights": [N_("Wrong number of values.")]}, count=count)
    base = ShippingLabel(package_no=1, package_count=count, **shipment)
    return [dataclasses.replace(base, package_no=i + 1, weight_kg=weights[i] if weights else base.weight_kg)
            for i in range(count)]


def _rule(canvas: Canvas, box: Box, y: float, width: float = 0.8) -> None:
    canvas.setLineWidth(width)
    canvas.line(box.x, y, box.right, y)


def _caption_block(canvas: Canvas, x: float, top: float, caption: str, size: float) -> float:
    """A black square with a one-character caption (收 / 寄); returns its width."""
    side = size * 1.6
    canvas.rect(x, top - side, side, side, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(FONT, size)
    canvas.drawCentredString(x + side / 2, top - side + size * 0.45, caption)
    canvas.setFillColorRGB(0, 0, 0)
    return side


def _draw(sender: Company | None):
    def draw(canvas: Canvas, label: ShippingLabel, box: Box, lang: str) -> None:
        colon = ": " if lang == "en" else "："
        y = box.top
        # Carrier and "n / m" on top.
        count = f"{label.package_no}/{label.package_count}"
        count_size = 20
        draw_bold(canvas, box.right, y - count_size * 0.85, count, count_size, align="right")
        count_w = string_width(count, count_size)
        if label.carrier:
            size = fit_size(label.carrier, box.width - count_w - 4 * MM, 15, 8)
            draw_bold(canvas, box.x, y - count_size * 0.85, label.carrier, size)
        y -= count_size * 1.1
        _rule(canvas, box, y)
        # Waybill number, large, when the carrier gave one.
        if label.waybill_number:
            bar_h = 20 * MM
            y -= 1.5 * MM
            canvas.setFont(FONT, 7)
            canvas.drawString(box.x, y - 2.5 * MM, tr(CAPTIONS["waybill"], lang))
            draw_barcode(canvas, code128(label.waybill_number), box.x + 12 * MM, y - bar_h,
                         box.width - 12 * MM, bar_h, x_dots=4, font_size=10)
            y -= bar_h + 1.5 * MM
            _rule(canvas, box, y)
        # Ship to: the biggest text on the label.
        y -= 2 * MM
        mark = _caption_block(canvas, box.x, y, tr(CAPTIONS["to"], lang), 12)
        tx = box.x + mark + 2.5 * MM
        width = box.right - tx
        who = label.ship_to_name
        size = fit_size(f"{who}  {label.ship_to_phone}", width, 16, 9)
        draw_bold(canvas, tx, y - size * 0.9, who, size)
        canvas.setFont(FONT, size)
        canvas.drawString(tx + string_width(who + "  ", size), y - size * 0.9, label.ship_to_phone)
        y -= size * 1.3
        if label.ship_to_company:
            csize = fit_size(label.ship_to_company, width, 11, 7)
            y -= csize
            canvas.setFont(FONT, csize)
            canvas.drawString(tx, y, label.ship_to_company)
            y -= csize * 0.3
        asize, lines = fit_lines(label.ship_to_address, width, 22 * MM, 13, 8, max_lines=4)
        canvas.setFont(FONT, asize)
        for line in lines:
            y -= asize * 1.15
            canvas.drawString(tx, y, line)
        y -= 2.5 * MM
        _rule(canvas, box, y, 0.5)
        # Sender, small.
        if sender is not None:
            y -= 1.5 * MM
            mark = _caption_block(canvas, box.x, y, tr(CAPTIONS["from"], lang), 8)
            tx = box.x + mark + 2 * MM
            text = "  ".join(p for p in (sender.display_name(lang), sender.phone) if p)
            ssize, slines = fit_lines(f"{text}\n{sender.address}" if sender.address else text,
                                      box.right - tx, 10 * MM, 8, 6, max_lines=2)
            canvas.setFont(FONT, ssize)
            for line in slines:
                y -= ssize * 1.2
                canvas.drawString(tx, y, line)
            y = min(y, y - (mark - 2 * ssize * 1.2)) - 2 * MM
            _rule(canvas, box, y, 0.5)
        # Numbers, weight, package.
        facts = []
        if label.order_number:
            facts.append((tr(CAPTIONS["order"], lang), label.order_number))
        facts.append((tr(CAPTIONS["outbound"], lang), label.outbound_number))
        facts.append((tr(CAPTIONS["package"], lang),
                      f"{label.package_no} / {label.package_count}"))
        if label.weight_kg is not None:
            facts.append((tr(CAPTIONS["weight"], lang), f"{fmt_qty(label.weight_kg)} kg"))
        if label.ship_date:
            facts.append((tr(CAPTIONS["date"], lang), label.ship_date))
        fsize = 9.5
        col_w = box.width / 2
        for i, (name, value) in enumerate(facts):
            if i % 2 == 0:
                y -= fsize * 1.45
            x = box.x + (i % 2) * col_w
            text = f"{name}{colon}{value}"
            canvas.setFont(FONT, fit_size(text, col_w - 2 * MM, fsize, 6))
            canvas.drawString(x, y, text)
        if label.note:
            nsize, nlines = fit_lines(f"{tr(CAPTIONS['note'], lang)}{colon}{label.note}", box.width,
                                      9 * MM, 9, 6, max_lines=2)
            canvas.setFont(FONT, nsize)
            for line in nlines:
                y -= nsize * 1.3
                canvas.drawString(box.x, y, line)
        # The package barcode fills the rest, at the bottom.
        room = y - 2 * MM - box.y
        symbol = sscc_symbol(label.sscc) if label.sscc else code128(label.code)
        draw_barcode(canvas, symbol, box.x, box.y, box.width, min(room, 28 * MM), x_dots=4, font_size=10)

    return draw


def render_shipping_labels(labels: Iterable[ShippingLabel], lang: str = "zh", *,
                           sender: Company | None = None, layout: str | LabelLayout = "ship-100x150",
                           copies: int = 1) -> bytes:
    """All the given package labels in one PDF, one 100×150 mm page each; ``sender`` (the
    company, usually ``company_from_settings``) is printed as the "from" block."""
    layout = layout_named(layout, SHIPPING_LAYOUTS)
    return render_labels(labels, layout, _draw(sender), lang, copies=copies,
                         title="Shipping labels" if lang == "en" else "发货面单")
