"""The A4 business document: describe it with a :class:`DocumentSpec`, get PDF bytes.

Every printed document of the chain (quote, order, delivery note, outbound slip, invoice,
purchase order, goods receipt …) has the same frame, drawn here once:

* on every page: the company header (name, address, phone, tax id), the document title,
  the document number as a Code 128 barcode (and a QR code when a link is given), and a
  footer with the print time, "第 x 页 / 共 y 页" and the number again;
* on the first page: a block of header fields (customer, date, warehouse …) and the chain
  reference (upstream and downstream document numbers);
* the lines table, which paginates with its column headers repeated on every page
  (group headings such as a warehouse location are :class:`Section` rows);
* after the lines: totals, the amount in capitals (大写) when asked, notes and the
  signatures/stamps area (制单 / 审核 / 仓库 / 签收 …).

A package adds its document by building a spec from its model, for example::

    spec = DocumentSpec(
        title=Bi("销售订单", "Sales order"), number=order.number, company=company_from_settings(s),
        fields=[Field(Bi("客户", "Customer"), order.customer.name), Field(Bi("日期", "Date"), order.date)],
        columns=[Column(Bi("商品", "Product"), "name", 3), Column(Bi("数量", "Qty"), "qty", 1, "qty"),
                 Column(Bi("金额", "Amount"), "amount", 1.2, "amount")],
        rows=[{"name": l.product.name, "qty": l.qty, "amount": l.amount} for l in order.lines],
        totals=[Total(Bi("合计", "Total"), order.total, strong=True)],
        amount_in_words=order.total, upstream=[DocRef(Bi("报价单", "Quote"), order.quote.number)],
    )
    pdf = render_document(spec, "zh")

Blocks a document needs beyond these (an invoice's VAT lines per rate) go in
``before_lines`` / ``after_lines`` as platypus flowables; :func:`small_table` and
:data:`STYLES` give them the same look. See ``printing/README.md``.
"""
from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from erp.errors import N_
from erp.money import amount_in_words as capitals
from printing.barcodes import code128, qr
from printing.draw import MM, draw_barcode, draw_qr
from printing.exceptions import BarcodeTooWide, InvalidBarcode, PrintingError
from printing.fonts import FONT, draw_bold, fit_size, register_fonts, string_width
from printing.spec import (  # noqa: F401 - the document API is imported from here
    DEFAULT_SIGNATURES,
    Column,
    DocRef,
    DocumentSpec,
    Field,
    Section,
    Signature,
    Total,
)
from printing.styles import (  # noqa: F401
    ALIGN_STYLE,
    BODY_SIZE,
    CAPTIONS,
    FOOTER_H,
    GRID,
    HEADER_H,
    MARGIN_X,
    SHADE,
    STYLES,
    page_label,
    para,
    small_table,
    table_style,
)
from printing.text import check_lang, fmt, fmt_money, tr

# --- page frame: header and footer ------------------------------------------------------


class _PagedCanvas(Canvas):
    """Holds pages back until the end so that each footer can say "page x of y". Several
    documents may share one PDF (list printing): each page remembers which document it
    belongs to (``_doc_index``, set by that document's header), and pages are counted per
    document."""

    def __init__(self, *args, footers: list[Callable[[Canvas, int, int], None]], **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footers = footers
        self._doc_index = 0

    def showPage(self):  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        totals = Counter(state["_doc_index"] for state in self._pages)
        numbers: Counter = Counter()
        for state in self._pages:
            index = state["_doc_index"]
            numbers[index] += 1
            self.__dict__.update(state)
            self._footers[index](self, numbers[index], totals[index])
            super().showPage()
        super().save()


class _Frame:
    """Draws the parts of a page that every page repeats."""

    def __init__(self, spec: DocumentSpec, lang: str, pagesize: tuple[float, float], index: int = 0):
        self.spec, self.lang, self.index = spec, lang, index
        self.width, self.height = pagesize
        # Drafts have no number yet (numbers are given at approval): no barcode then.
        try:
            self.number_symbol = code128(spec.number) if spec.number and spec.barcode else None
        except InvalidBarcode:
            self.number_symbol = None
        self.qr_symbol = qr(spec.qr) if spec.qr else None

    def header(self, canvas: Canvas, doc) -> None:
        spec, lang, company = self.spec, self.lang, self.spec.company
        top = self.height - 10 * MM
        right = self.width - MARGIN_X
        canvas._doc_index = self.index  # the footer counts this page for this document
        canvas.saveState()
        if spec.watermark:
            self._watermark(canvas, tr(spec.watermark, lang))
        # The number as a barcode, top right; a QR code left of it when there is a link.
        code_w, code_h = 64 * MM, 13 * MM
        try:
            if self.number_symbol is None:
                raise BarcodeTooWide("no barcode")
            draw_barcode(canvas, self.number_symbol, right - code_w, top - code_h, code_w, code_h,
                         x_dots=3, font_size=8, align="right")
        except BarcodeTooWide:
            canvas.setFont(FONT, 10)
            canvas.drawRightString(right, top - code_h + 2, spec.number or "")
        left_limit = right - code_w - 2 * MM
        if self.qr_symbol is not None:
            side = 17 * MM
            draw_qr(canvas, self.qr_symbol, right - code_w - side, top - side + 1.5 * MM, side)
            left_limit -= side
        # Company, top left.
        text_w = left_limit - MARGIN_X
        name = company.display_name(lang)
        draw_bold(canvas, MARGIN_X, top - 4.5 * MM, name, fit_size(name, text_w, 13, 8))
        lines = [company.address]
        contact = []
        if company.phone:
            contact.append(f"{tr(CAPTIONS['phone'], lang)}: {company.phone}")
        if company.tax_id:
            contact.append(f"{tr(CAPTIONS['tax_id'], lang)}: {company.tax_id}")
        lines.append("    ".join(contact))
        canvas.setFont(FONT, 7.5)
        y = top - 9 * MM
        for line in lines:
            if line:
                canvas.setFont(FONT, fit_size(line, text_w, 7.5, 5))
                canvas.drawString(MARGIN_X, y, line)
                y -= 3.6 * MM
        # Title, centred under both.
        title = tr(spec.title, lang)
        draw_bold(canvas, self.width / 2, top - 22 * MM, title,
                  fit_size(title, self.width - 2 * MARGIN_X, 17, 10), align="center")
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN_X, top - 25 * MM, right, top - 25 * MM)
        canvas.restoreState()

    def _watermark(self, canvas: Canvas, text: str) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.85, 0.85, 0.85))
        canvas.translate(self.width / 2, self.height / 2)
        canvas.rotate(35)
        size = fit_size(text, self.width * 0.9, 96, 20)
        canvas.setFont(FONT, size)
        canvas.drawCentredString(0, -size / 3, text)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, total: int) -> None:
        lang = self.lang
        y = 9 * MM
        canvas.saveState()
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y + 4 * MM, self.width - MARGIN_X, y + 4 * MM)
        canvas.setFont(FONT, 8)
        if self.spec.printed_at:
            canvas.drawString(MARGIN_X, y, f"{tr(CAPTIONS['printed'], lang)}: {fmt(self.spec.printed_at, 'date')}")
        canvas.drawCentredString(self.width / 2, y, page_label(lang, page, total))
        canvas.drawRightString(self.width - MARGIN_X, y, self.spec.number or "")
        canvas.restoreState()


# --- the story: fields, chain, lines, totals, signatures ---------------------------------


def _fields_block(spec: DocumentSpec, lang: str, width: float) -> Table | None:
    if not spec.fields:
        return None
    per_row = max(1, spec.field_columns)
    colon = ":" if lang == "en" else "："
    # Labels take the width of the longest one (within reason), values the rest.
    longest = max(string_width(tr(f.label, lang) + colon, BODY_SIZE) for f in spec.fields)
    label_w = min(max(longest + 4, 12 * MM), 32 * MM)
    slot_w = width / per_row
    widths = [label_w, slot_w - label_w] * per_row
    rows: list[list] = []
    spans: list[tuple] = []
    row: list = []
    used = 0
    for f in spec.fields:
        span = min(max(1, f.span), per_row)
        if used + span > per_row:
            row += ["", ""] * (per_row - used)
            rows.append(row)
            row, used = [], 0
        col = used * 2
        row += [para(tr(f.label, lang) + colon, "label"),
                para(fmt(f.value, f.kind, lang), "body")]
        row += ["", ""] * (span - 1)
        if span > 1:
            spans.append(("SPAN", (col + 1, len(rows)), (col + span * 2 - 1, len(rows))))
        used += span
    if row:
        row += ["", ""] * (per_row - used)
        rows.append(row)
    table = Table(rows, colWidths=widths)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 1),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), *spans]))
    return table


def _chain_block(spec: DocumentSpec, lang: str) -> Paragraph | None:
    parts = []
    sep = "; " if lang == "en" else "；"
    for caption, refs in (("upstream", spec.upstream), ("downstream", spec.downstream)):
        if refs:
            listed = ", ".join(f"{tr(r.kind, lang)} {r.number}" for r in refs)
            parts.append(f"{tr(CAPTIONS[caption], lang)}{':' if lang == 'en' else '：'} {listed}")
    return para(sep.join(parts), "small") if parts else None


def _lines_table(spec: DocumentSpec, lang: str, width: float) -> Flowable | None:
    if not spec.columns:
        return None
    columns = list(spec.columns)
    no_w = 9 * MM if spec.line_numbers else 0
    share = sum(c.width for c in columns) or 1
    widths = ([no_w] if spec.line_numbers else []) + [(width - no_w) * c.width / share for c in columns]
    header = ([para(tr(CAPTIONS["no"], lang), "head")] if spec.line_numbers else [])
    header += [para(tr(c.title, lang), "head") for c in columns]
    data: list[list] = [header]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    number = 0
    for row in spec.rows:
        r = len(data)
        if isinstance(row, Section):
            data.append([para(tr(row.text, lang), "section")] + [""] * (len(widths) - 1))
            commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.Color(0.96, 0.96, 0.96))]
            continue
        number += 1
        cells = [para(str(number), "cell_center")] if spec.line_numbers else []
        for col in columns:
            cells.append(para(fmt(col.cell(row), col.kind, lang), ALIGN_STYLE[col.alignment]))
        data.append(cells)
    if len(data) == 1:
        data.append([para(tr(CAPTIONS["no_lines"], lang), "cell_center")] + [""] * (len(widths) - 1))
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(commands))
    return table


def _totals_block(spec: DocumentSpec, lang: str, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    if spec.totals:
        rows = []
        commands = [("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
        for i, t in enumerate(spec.totals):
            style = "strong_right" if t.strong else "body_right"
            label = tr(t.label, lang) + (":" if lang == "en" else "：")
            rows.append([para(label, style), para(fmt(t.value, t.kind, lang), style)])
            if t.strong:
                commands.append(("LINEABOVE", (1, i), (1, i), 0.5, colors.black))
        table = Table(rows, colWidths=[45 * MM, 40 * MM], hAlign="RIGHT")
        table.setStyle(table_style(commands))
        out.append(table)
    if spec.amount_in_words is not None:
        words = capitals(spec.amount_in_words)
        label = tr(CAPTIONS["words"], lang)
        text = f"{label}{':' if lang == 'en' else '：'} {words}    ({fmt_money(spec.amount_in_words)})"
        box = Table([[para(text, "strong")]], colWidths=[width])
        box.setStyle(table_style([("BOX", (0, 0), (-1, -1), 0.5, GRID), ("TOPPADDING", (0, 0), (-1, -1), 3),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        out += [Spacer(0, 2 * MM), box]
    return out


def _signatures_block(spec: DocumentSpec, lang: str, width: float) -> Table | None:
    if not spec.signatures:
        return None
    n = len(spec.signatures)
    colon = ":" if lang == "en" else "："
    height = (24 if any(s.stamp for s in spec.signatures) else 16) * MM
    cells = []
    for s in spec.signatures:
        # The caption on top, room to sign, the stamp hint and the date line at the bottom.
        parts: list[Flowable] = [para(f"{tr(s.label, lang)}{colon} {s.name or ''}", "body")]
        parts.append(Spacer(0, height - (14 if s.stamp else 10) * MM))
        if s.stamp:
            parts.append(para(tr(CAPTIONS["stamp"], lang), "small"))
        parts.append(para(f"{tr(CAPTIONS['date'], lang)}{colon}", "small"))
        cells.append(parts)
    table = Table([cells], colWidths=[width / n] * n, rowHeights=[height])
    table.setStyle(table_style([("BOX", (0, 0), (-1, -1), 0.5, GRID), ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def build_story(spec: DocumentSpec, lang: str, width: float) -> list[Flowable]:
    """The flowables of the document body, in order (exposed so that a layout can reuse
    the standard parts around blocks of its own)."""
    story: list[Flowable] = []
    fields = _fields_block(spec, lang, width)
    if fields is not None:
        story += [fields, Spacer(0, 1.5 * MM)]
    chain = _chain_block(spec, lang)
    if chain is not None:
        story += [chain, Spacer(0, 1.5 * MM)]
    story += list(spec.before_lines)
    lines = _lines_table(spec, lang, width)
    if lines is not None:
        story += [Spacer(0, 1 * MM), lines, Spacer(0, 2 * MM)]
    ending: list[Flowable] = _totals_block(spec, lang, width)
    ending += list(spec.after_lines)
    if spec.notes:
        label = tr(CAPTIONS["notes"], lang)
        ending += [Spacer(0, 2 * MM), para(f"{label}{':' if lang == 'en' else '：'} {tr(spec.notes, lang)}")]
    signatures = _signatures_block(spec, lang, width)
    if signatures is not None:
        ending += [Spacer(0, 4 * MM), signatures]
    if ending:
        story.append(KeepTogether(ending))
    return story


def render_document(spec: DocumentSpec, lang: str = "zh") -> bytes:
    """The PDF of ``spec`` in ``lang`` ("zh" or "en"), A4 portrait (or landscape)."""
    return render_documents([spec], lang)


def render_documents(specs: Sequence[DocumentSpec], lang: str = "zh", *, title: str | None = None) -> bytes:
    """Several documents in one PDF, one after another (list printing): each starts on a
    new page with its own header, barcode, watermark and "page x of y", as if printed
    alone; the font is embedded once for all of them."""
    check_lang(lang)
    if not specs:
        raise PrintingError(N_("Nothing to print."), fields={"ids": [N_("Nothing to print.")]})
    register_fonts()
    first = specs[0]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=landscape(A4) if first.landscape else A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=HEADER_H, bottomMargin=FOOTER_H,
        title=title or first.pdf_title or f"{tr(first.title, lang)} {first.number or ''}".strip(),
        author=first.company.display_name(lang), creator="wholesale-erp printing",
        initialFontName=FONT, initialFontSize=BODY_SIZE,
    )
    templates, footers, story = [], [], []
    for index, spec in enumerate(specs):
        pagesize = landscape(A4) if spec.landscape else A4
        frame_view = _Frame(spec, lang, pagesize, index)
        width, height = pagesize
        inner = width - 2 * MARGIN_X
        body = Frame(MARGIN_X, FOOTER_H, inner, height - HEADER_H - FOOTER_H, id=f"body{index}",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=f"doc{index}", frames=[body], onPage=frame_view.header, pagesize=pagesize))
        footers.append(frame_view.footer)
        if index:
            story += [NextPageTemplate(f"doc{index}"), PageBreak()]
        story += build_story(spec, lang, inner)
    doc.addPageTemplates(templates)

    def canvasmaker(*args, **kwargs):
        return _PagedCanvas(*args, footers=footers, **kwargs)

    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


__all__ = [
    "CAPTIONS", "DEFAULT_SIGNATURES", "STYLES", "Column", "DocRef", "DocumentSpec", "Field", "table_style",
    "Section", "Signature", "Total", "build_story", "page_label", "para", "render_document",
    "render_documents", "small_table",
]
