"""Charts drawn on the server as inline SVG: no script, no chart library, nothing fetched.

Pure functions ``(labels, values, …) -> Markup``; the caller passes labels already in the
user's language. Each chart scales to the width of its container (``viewBox``), uses
14-px text so that it stays readable on a tablet, carries a ``<title>`` for screen
readers and a tooltip per bar. Coordinates are whole pixels computed from the Decimal
values (nothing here is money: the numbers themselves are shown in tables beside).
"""
from __future__ import annotations

import itertools
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 720
FONT = 14
BAR = "#3b7dd8"
NEGATIVE = "#c0392b"
LINE = "#e07b39"
GRID = "#dddddd"
TEXT = "#333333"
MUTED = "#777777"
TEN_THOUSAND = Decimal(10000)

_ids = itertools.count(1)


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (value.adjusted())
    for step in (1, Decimal("2"), Decimal("2.5"), 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def scale_unit(peak: Decimal) -> tuple[Decimal, bool]:
    """Divide axis figures by 10,000 (万) once they reach 100,000."""
    return (TEN_THOUSAND, True) if peak >= 100000 else (Decimal(1), False)


def tick_text(value: Decimal, divisor: Decimal) -> str:
    shown = value / divisor
    if shown == shown.to_integral_value():
        return f"{int(shown):,}"
    return f"{shown.normalize():f}"


def _svg(height: int, title: str, body: list[str]) -> Markup:
    ident = f"chart-{next(_ids)}"
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}" style="width:100%;height:auto;max-width:{WIDTH}px" '
        f'font-family="sans-serif" font-size="{FONT}">'
        f'<title id="{ident}">{escape(title)}</title>{"".join(body)}</svg>')


def column_chart(labels: list[str], values: list[Decimal], *, title: str, unit_label: str,
                 series_label: str, line: list[Decimal] | None = None, line_label: str | None = None,
                 big_unit_label: str = "10,000") -> Markup:
    """Vertical bars (``values``, e.g. net sales per month) and optionally a line over the
    same axis (``line``, e.g. the gross margin), with a legend. ``unit_label`` names the
    axis unit (元); once figures reach 100,000 the axis counts in ten thousands, named
    ``big_unit_label`` (万元)."""
    height, left, right, top, bottom = 340, 72, 16, 44, 56
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    everything = list(values) + list(line or [])
    high = nice_ceiling(max(everything + [Decimal(0)]))
    low = -nice_ceiling(-min(everything + [Decimal(0)])) if min(everything + [Decimal(0)]) < 0 else Decimal(0)
    divisor, in_ten_thousands = scale_unit(max(high, -low))

    def y(value: Decimal) -> int:
        return top + int((high - value) * plot_h / (high - low))

    body = [f'<text x="{left}" y="{FONT + 4}" fill="{MUTED}">'
            f'{escape(big_unit_label if in_ten_thousands else unit_label)}</text>']
    for i in range(5):
        tick = low + (high - low) * i / 4
        body.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{y(tick)}" y2="{y(tick)}" stroke="{GRID}"/>'
                    f'<text x="{left - 6}" y="{y(tick) + 5}" text-anchor="end" fill="{MUTED}">'
                    f'{escape(tick_text(tick, divisor))}</text>')
    slot = Decimal(plot_w) / max(1, len(values))
    bar_w = max(2, int(slot * Decimal("0.6")))
    zero = y(Decimal(0))
    every = max(1, (len(labels) + 11) // 12)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + int(slot * i + (slot - bar_w) / 2)
        top_y, colour = (y(value), BAR) if value >= 0 else (zero, NEGATIVE)
        bar_h = max(0, abs(y(value) - zero))
        body.append(f'<rect x="{x}" y="{top_y}" width="{bar_w}" height="{bar_h}" fill="{colour}">'
                    f'<title>{escape(label)}: {escape(f"{value:,.2f}")}</title></rect>')
        if i % every == 0:
            body.append(f'<text x="{x + bar_w // 2}" y="{height - bottom + 20}" text-anchor="middle" '
                        f'fill="{TEXT}">{escape(label)}</text>')
    body.append(_legend(left, height - 12, [(BAR, series_label)] + ([(LINE, line_label or "")] if line else [])))
    if line:
        points = " ".join(f"{left + int(slot * i + slot / 2)},{y(v)}" for i, v in enumerate(line))
        body.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="3"/>')
        body += [f'<circle cx="{left + int(slot * i + slot / 2)}" cy="{y(v)}" r="4" fill="{LINE}">'
                 f'<title>{escape(labels[i])}: {escape(f"{v:,.2f}")}</title></circle>' for i, v in enumerate(line)]
    return _svg(height, title, body)


def bar_chart(items: list[tuple[str, Decimal]], *, title: str, empty_label: str = "—") -> Markup:
    """Horizontal bars, one per ``(label, value)`` (a top-10, the aging buckets …), each with
    its value written at its end."""
    row_h, left, right, top = 34, 200, 120, 12
    height = top * 2 + row_h * max(1, len(items))
    peak = nice_ceiling(max([v for _, v in items] + [Decimal(0)]))
    plot_w = WIDTH - left - right
    body = []
    if not items:
        body.append(f'<text x="{WIDTH // 2}" y="{top + row_h // 2 + 5}" text-anchor="middle" '
                    f'fill="{MUTED}">{escape(empty_label)}</text>')
    for i, (label, value) in enumerate(items):
        y = top + row_h * i
        width = max(0, int(plot_w * max(value, Decimal(0)) / peak))
        short = label if len(label) <= 14 else label[:13] + "…"
        body.append(f'<text x="{left - 8}" y="{y + row_h // 2 + 5}" text-anchor="end" fill="{TEXT}">'
                    f'{escape(short)}<title>{escape(label)}</title></text>'
                    f'<rect x="{left}" y="{y + 6}" width="{width}" height="{row_h - 12}" '
                    f'fill="{BAR if value >= 0 else NEGATIVE}"><title>{escape(label)}: '
                    f'{escape(f"{value:,.2f}")}</title></rect>'
                    f'<text x="{left + width + 6}" y="{y + row_h // 2 + 5}" fill="{TEXT}">'
                    f'{escape(f"{value:,.2f}")}</text>')
    return _svg(height, title, body)


def _legend(x: int, y: int, entries: list[tuple[str, str]]) -> str:
    out = []
    for colour, label in entries:
        out.append(f'<rect x="{x}" y="{y - 11}" width="14" height="14" fill="{colour}"/>'
                   f'<text x="{x + 20}" y="{y + 1}" fill="{TEXT}">{escape(label)}</text>')
        x += 40 + FONT * len(label)
    return "".join(out)
