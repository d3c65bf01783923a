"""The look of documents: sizes, captions, paragraph styles and small tables in the
embedded font, for the standard frame and for blocks a layout adds itself."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from printing.draw import MM
from printing.fonts import FONT
from printing.text import Bi

MARGIN_X = 14 * MM
HEADER_H = 37 * MM  # from the top edge of the page to the first line of the story
FOOTER_H = 16 * MM
BODY_SIZE = 9
TABLE_SIZE = 8.5
GRID = colors.Color(0.45, 0.45, 0.45)
SHADE = colors.Color(0.9, 0.9, 0.9)

CAPTIONS = {
    "no": Bi("序号", "No."),
    "upstream": Bi("来源单据", "Created from"),
    "downstream": Bi("后续单据", "Followed by"),
    "words": Bi("金额大写", "Amount in words"),
    "notes": Bi("备注", "Notes"),
    "no_lines": Bi("（无明细）", "(no lines)"),
    "printed": Bi("打印时间", "Printed"),
    "tax_id": Bi("税号", "Tax ID"),
    "phone": Bi("电话", "Tel"),
    "stamp": Bi("（盖章）", "(stamp)"),
    "date": Bi("日期", "Date"),
}


def page_label(lang: str, page: int, total: int) -> str:
    return f"Page {page} of {total}" if lang == "en" else f"第 {page} 页 / 共 {total} 页"


def _style(name: str, size: float, align=TA_LEFT, leading: float | None = None, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading or size * 1.3,
                          alignment=align, wordWrap="CJK", **kw)


#: Paragraph styles in the document font (``body``, ``small``, ``cell``, ``cell_right``,
#: ``cell_center``, ``head``, ``section``, ``label``, ``strong``, ``body_right``,
#: ``strong_right``) for extra blocks.
STYLES: dict[str, ParagraphStyle] = {
    "body": _style("body", BODY_SIZE),
    "small": _style("small", 7.5),
    "cell": _style("cell", TABLE_SIZE),
    "cell_right": _style("cell_right", TABLE_SIZE, TA_RIGHT),
    "cell_center": _style("cell_center", TABLE_SIZE, TA_CENTER),
    "head": _style("head", TABLE_SIZE, TA_CENTER),
    "section": _style("section", TABLE_SIZE),
    "label": _style("label", BODY_SIZE, textColor=colors.Color(0.25, 0.25, 0.25)),
    "strong": _style("strong", 10.5),
    "body_right": _style("body_right", BODY_SIZE, TA_RIGHT),
    "strong_right": _style("strong_right", 10.5, TA_RIGHT),
}
ALIGN_STYLE = {"left": "cell", "right": "cell_right", "center": "cell_center"}


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped) in one of :data:`STYLES`."""
    return Paragraph(escape(text).replace("\n", "<br/>"), STYLES[style])


def table_style(commands: Sequence[tuple]) -> TableStyle:
    """A ``TableStyle`` whose cell font is the document font: reportlab's default
    (Helvetica) would otherwise be set, and listed in the PDF, even for empty cells."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
                       *commands])


def small_table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header: bool = True,
                align: Sequence[str] | None = None, grid: bool = True) -> Table:
    """A small bordered table in the document's look, for extra blocks (VAT per rate …).
    Cells are strings (wrapped, aligned by ``align``) or flowables; widths are points."""
    data = []
    for r, row in enumerate(rows):
        out = []
        for c, cell in enumerate(row):
            if isinstance(cell, Flowable):
                out.append(cell)
                continue
            style = "head" if header and r == 0 else ALIGN_STYLE[(align[c] if align else "left")]
            out.append(para("" if cell is None else str(cell), style))
        data.append(out)
    table = Table(data, colWidths=list(widths))
    commands = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, GRID))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(table_style(commands))
    return table
