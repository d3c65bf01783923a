"""The counter-sale receipt (现结小票) on an 80 mm thermal roll.

Pure: ``render_counter_receipt(receipt, lang) -> bytes`` over a :class:`CounterReceipt`
(plain data; :func:`counter_receipt_of` fills it from a counter sale). One page as long
as the content, a whole number of 203-dpi dots wide and high (like the roll labels), the
invoice number as a Code 128 at the bottom so that a return can be scanned.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.pdfgen.canvas import Canvas

from printing.barcodes import code128
from printing.company import Company
from printing.draw import MM, draw_barcode
from printing.fonts import FONT, draw_bold, register_fonts, string_width, wrap_text
from printing.labels import whole_dots
from printing.text import Bi, check_lang, fmt_amount, fmt_qty, tr

PAPER_MM = 80.0
MARGIN = 4 * MM
SIZE = 8.0
LEADING = 10.5
BARCODE_H = 14 * MM

METHOD_NAMES = {
    "cash": Bi("现金", "Cash"), "wechat": Bi("微信支付", "WeChat Pay"), "alipay": Bi("支付宝", "Alipay"),
    "bank_card": Bi("银行卡", "Bank card"), "bank_transfer": Bi("银行转账", "Bank transfer"),
    "acceptance_bill": Bi("承兑汇票", "Acceptance bill"),
}


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    qty: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class CounterReceipt:
    company: Company
    invoice_number: str
    sold_at: dt.datetime
    member: str
    cashier: str
    lines: list[ReceiptLine]
    total: Decimal
    #: (method code, amount taken) per payment.
    payments: list[tuple[str, Decimal]] = field(default_factory=list)
    cash_given: Decimal | None = None
    change: Decimal = Decimal("0.00")
    warehouse: str = ""


def counter_receipt_of(sale, company: Company) -> CounterReceipt:
    """The receipt of a :class:`finance.counter.models.CounterSale` (read only)."""
    invoice = sale.invoice
    lines = [ReceiptLine(line.product.name, line.qty, line.unit.name, line.unit_price, line.amount_gross)
             for line in invoice.lines]
    payments = [(r.method.value, r.amount) for r in sale.receipts]
    customer = sale.customer
    member = f"{customer.name} ({customer.member_card_no or customer.code})"
    cashier = sale.created_by.display_name if sale.created_by else ""
    return CounterReceipt(company, invoice.number, sale.created_at, member, cashier, lines, sale.total, payments,
                          sale.cash_given, sale.change_given, sale.warehouse.name if sale.warehouse else "")


class _Writer:
    """Lays text out from the top of the roll; ``measure`` runs the same layout without a
    canvas to find the page height."""

    def __init__(self, canvas: Canvas | None, width: float, top: float):
        self.canvas, self.width, self.y = canvas, width, top

    def text(self, text: str, *, align: str = "left", size: float = SIZE, bold: bool = False) -> None:
        for line in wrap_text(text, size, self.width) or [""]:
            self.y -= size * 1.3 if size > SIZE else LEADING
            if self.canvas is None:
                continue
            x = {"left": MARGIN, "center": MARGIN + self.width / 2, "right": MARGIN + self.width}[align]
            if bold:
                draw_bold(self.canvas, x, self.y, line, size, align=align)
            else:
                self.canvas.setFont(FONT, size)
                {"left": self.canvas.drawString, "center": self.canvas.drawCentredString,
                 "right": self.canvas.drawRightString}[align](x, self.y, line)

    def pair(self, left: str, right: str, *, size: float = SIZE, bold: bool = False) -> None:
        room = self.width - string_width(right, size) - 2 * MM
        lines = wrap_text(left, size, room) or [""]
        for i, line in enumerate(lines):
            self.y -= size * 1.3 if size > SIZE else LEADING
            if self.canvas is None:
                continue
            if bold:
                draw_bold(self.canvas, MARGIN, self.y, line, size)
            else:
                self.canvas.setFont(FONT, size)
                self.canvas.drawString(MARGIN, self.y, line)
            if i == len(lines) - 1:
                if bold:
                    draw_bold(self.canvas, MARGIN + self.width, self.y, right, size, align="right")
                else:
                    self.canvas.drawRightString(MARGIN + self.width, self.y, right)

    def rule(self) -> None:
        self.y -= 4
        if self.canvas is not None:
            self.canvas.setDash(2, 2)
            self.canvas.setLineWidth(0.5)
            self.canvas.line(MARGIN, self.y, MARGIN + self.width, self.y)
            self.canvas.setDash()
        self.y -= 2

    def space(self, points: float) -> None:
        self.y -= points


def _layout(w: _Writer, r: CounterReceipt, lang: str) -> None:
    w.text(r.company.display_name(lang), align="center", size=11, bold=True)
    if r.company.address:
        w.text(r.company.address, align="center", size=7)
    if r.company.phone:
        w.text(f"{tr(Bi('电话', 'Tel'), lang)} {r.company.phone}", align="center", size=7)
    w.space(3)
    w.text(tr(Bi("现结销售小票", "Cash sale receipt"), lang), align="center", size=10, bold=True)
    w.rule()
    w.text(f"{tr(Bi('发票号', 'Invoice'), lang)}: {r.invoice_number}")
    w.text(f"{tr(Bi('时间', 'Time'), lang)}: {r.sold_at:%Y-%m-%d %H:%M}")
    w.text(f"{tr(Bi('会员', 'Member'), lang)}: {r.member}")
    w.text(f"{tr(Bi('收银员', 'Cashier'), lang)}: {r.cashier}" + (f"  {r.warehouse}" if r.warehouse else ""))
    w.rule()
    for line in r.lines:
        w.text(line.name)
        w.pair(f"  {fmt_qty(line.qty)} {line.unit} × {fmt_amount(line.unit_price)}", fmt_amount(line.amount))
    w.rule()
    w.pair(tr(Bi("合计", "Total"), lang), f"¥{fmt_amount(r.total)}", size=10, bold=True)
    for method, amount in r.payments:
        w.pair(tr(METHOD_NAMES.get(method, Bi(method, method)), lang), fmt_amount(amount))
    if r.cash_given is not None:
        w.pair(tr(Bi("实收现金", "Cash given"), lang), fmt_amount(r.cash_given))
        w.pair(tr(Bi("找零", "Change"), lang), fmt_amount(r.change), bold=True)
    w.rule()
    w.space(2)
    w.y -= BARCODE_H
    if w.canvas is not None:
        draw_barcode(w.canvas, code128(r.invoice_number), MARGIN, w.y, w.width, BARCODE_H, x_dots=2)
    w.space(4)
    w.text(tr(Bi("谢谢惠顾，欢迎再次光临", "Thank you for your visit"), lang), align="center")
    w.text(tr(Bi("凭此小票办理退换货", "Keep this receipt for returns"), lang), align="center", size=7)
    w.space(6 * MM)


def render_counter_receipt(receipt: CounterReceipt, lang: str = "zh") -> bytes:
    """The roll receipt as a one-page PDF 80 mm wide."""
    check_lang(lang)
    register_fonts()
    width = whole_dots(PAPER_MM)
    inner = width - 2 * MARGIN
    probe = _Writer(None, inner, 0)
    _layout(probe, receipt, lang)
    height = whole_dots((-probe.y + MARGIN) / MM)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName=FONT, initialFontSize=SIZE)
    canvas.setTitle(f"{tr(Bi('现结小票', 'Cash sale receipt'), lang)} {receipt.invoice_number}")
    canvas.setAuthor(receipt.company.display_name(lang))
    _layout(_Writer(canvas, inner, height - MARGIN), receipt, lang)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
