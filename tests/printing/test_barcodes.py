"""Barcodes: bad input is refused, and every symbol printed into a PDF scans back exactly."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from printing import barcodes as bc
from printing.draw import DOT, MM, draw_barcode, draw_qr
from printing.exceptions import BarcodeTooWide, InvalidBarcode
from printing.fonts import FONT, register_fonts
from printing.labels import roll
from tests.printing.pdfs import decode_pages, rasterise

GTIN14 = "16901234567899"  # case GTIN with its check digit
EAN13 = "6901234567892"


def one_symbol_pdf(symbol, width_mm=100, height_mm=60, **options) -> bytes:
    """A thermal-roll page (whole dots) with one symbol on it."""
    register_fonts()
    layout = roll("test", width_mm, height_mm)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page_size, initialFontName=FONT)
    box = layout.boxes()[0]
    if isinstance(symbol, bc.QRSymbol):
        draw_qr(canvas, symbol, box.x, box.y, min(box.width, box.height))
    else:
        draw_barcode(canvas, symbol, box.x, box.y + 5 * MM, box.width, box.height - 10 * MM, **options)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- check digits and validation --------------------------------------------------------

def test_gtin_check_digits_follow_gs1():
    assert bc.gtin_check_digit("690123456789") == "2"
    assert bc.gtin_check_digit("1690123456789") == "9"
    assert bc.gtin_check_digit("10614141123456789") == "7"  # an SSCC body


def test_an_ean13_with_a_wrong_check_digit_is_refused_not_corrected():
    with pytest.raises(InvalidBarcode) as err:
        bc.ean13("6901234567891")
    assert "check digit" in str(err.value)
    assert "should be 2" in str(err.value)
    assert err.value.status == 422


@pytest.mark.parametrize("value", ["690123456789", "69012345678921", "69012345678AB", ""])
def test_an_ean13_needs_exactly_13_digits(value):
    with pytest.raises(InvalidBarcode, match="13 digits"):
        bc.ean13(value)


@pytest.mark.parametrize("value", ["169012345678", "169012345678999", "1690123456789X"])
def test_an_itf14_of_the_wrong_length_is_refused(value):
    with pytest.raises(InvalidBarcode, match="14 digits"):
        bc.itf14(value)


def test_an_itf14_with_a_wrong_check_digit_is_refused():
    with pytest.raises(InvalidBarcode, match="should be 9"):
        bc.itf14("16901234567890")


def test_an_itf14_of_13_digits_gets_its_check_digit():
    assert bc.itf14("1690123456789").value == GTIN14


def test_code128_refuses_chinese_and_empty_values():
    with pytest.raises(InvalidBarcode, match="ASCII"):
        bc.code128("销售订单1")
    with pytest.raises(InvalidBarcode):
        bc.code128("")


def test_gs1_128_checks_each_element():
    with pytest.raises(InvalidBarcode, match="check digit"):
        bc.gs1_128([("01", "16901234567890")])
    with pytest.raises(InvalidBarcode, match="YYMMDD"):
        bc.gs1_128([("01", GTIN14), ("17", "261331")])
    with pytest.raises(InvalidBarcode, match="BATCH"):
        bc.gs1_128([("01", GTIN14), ("10", "批号一")])
    with pytest.raises(InvalidBarcode, match="BATCH"):
        bc.gs1_128([("10", "X" * 21)])
    with pytest.raises(InvalidBarcode, match="not supported"):
        bc.gs1_128([("99", "1")])
    with pytest.raises(InvalidBarcode, match="twice"):
        bc.gs1_128([("10", "A"), ("10", "B")])


def test_gs1_128_puts_variable_elements_last_with_fnc1_between_them():
    symbol = bc.gs1_128([("10", "B1"), ("21", "S9"), ("01", GTIN14), ("17", dt.date(2026, 3, 31))])
    assert symbol.text == f"(01){GTIN14}(17)260331(10)B1(21)S9"


def test_a_gtin_of_8_12_or_13_digits_is_padded_to_14():
    assert bc.to_gtin14(EAN13) == "0" + EAN13
    assert bc.to_gtin14("96385074") == "00000096385074"
    with pytest.raises(InvalidBarcode):
        bc.to_gtin14("12345")


def test_new_symbols_do_not_share_state():
    first = bc.code128("SO2024-000001").modules
    bc.code128("ABC")
    assert bc.code128("SO2024-000001").modules == first


def test_a_barcode_too_long_for_its_space_is_refused_clearly():
    with pytest.raises(BarcodeTooWide, match="mm"):
        one_symbol_pdf(bc.code128("X" * 60), width_mm=40)


# --- round trips: printed, rasterised at 203 dpi, scanned -------------------------------

@pytest.mark.parametrize("symbol, expected", [
    (bc.code128("SO2024-000123"), "SO2024-000123"),
    (bc.code128("SKU-00042/b"), "SKU-00042/b"),
    (bc.ean13(EAN13), EAN13),
    (bc.ean8("96385074"), "96385074"),
    (bc.itf14(GTIN14), GTIN14),
    (bc.gs1_128([("01", GTIN14), ("17", dt.date(2026, 3, 31)), ("10", "B2024-07")]),
     f"(01){GTIN14}(17)260331(10)B2024-07"),
    (bc.gs1_128([("01", GTIN14), ("10", "L1"), ("21", "SN42")]), f"(01){GTIN14}(10)L1(21)SN42"),
    (bc.sscc("106141411234567897"), "(00)106141411234567897"),
], ids=["code128", "code128-mixed", "ean13", "ean8", "itf14", "gs1-128", "gs1-128-two-variable", "sscc"])
def test_every_symbology_scans_back_exactly_at_203_dpi(symbol, expected):
    pdf = one_symbol_pdf(symbol, x_dots=3, bearer=symbol.symbology == "itf14")
    assert [text for _, text in decode_pages(pdf)[0]] == [expected]


def test_a_qr_code_scans_back_to_its_link():
    link = "https://erp.example.com/sales-orders/123?print=1"
    pdf = one_symbol_pdf(bc.qr(link), width_mm=40, height_mm=40)
    assert decode_pages(pdf)[0] == [("QRCode", link)]


def test_the_thinnest_bars_still_scan():
    """Two printer dots per module: the narrowest we allow."""
    pdf = one_symbol_pdf(bc.code128("WB1234567890"), width_mm=40, height_mm=20, x_dots=2)
    assert [t for _, t in decode_pages(pdf)[0]] == ["WB1234567890"]


def test_bars_are_whole_printer_dots():
    """On a roll page rasterised at the printer's resolution, no pixel of the bars is grey:
    every edge falls exactly between two dots."""
    pdf = one_symbol_pdf(bc.code128("OB2024-000321-001"), x_dots=3)
    image = rasterise(pdf)[0]
    width, height = image.size
    pixels = image.load()
    row = height // 2
    values = [pixels[x, row] for x in range(width)]
    assert sum(1 for a, b in zip(values, values[1:], strict=False) if (a < 128) != (b < 128)) > 40  # we crossed the bars
    assert all(v < 5 or v > 250 for v in values)
    runs, current = [], 1
    for a, b in zip(values, values[1:], strict=False):
        if (a < 128) == (b < 128):
            current += 1
        else:
            runs.append(current)
            current = 1
    assert set(runs[1:-1]) <= {3, 6, 9, 12}  # modules of 3 dots: 1-4 modules per bar or space


def test_the_dot_is_a_203_dpi_printer_dot():
    assert DOT * 203 == pytest.approx(72)
