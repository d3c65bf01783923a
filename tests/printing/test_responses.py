"""The shared "stream these bytes as a PDF named X" helper."""
from __future__ import annotations

from printing.responses import pdf_response, request_lang, safe_filename


def test_a_pdf_response_is_inline_with_its_file_name_and_not_cached():
    response = pdf_response(b"%PDF-1.4 x", "invoice-INV2024-000001.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="invoice-INV2024-000001.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    assert response.get_data() == b"%PDF-1.4 x"


def test_a_chinese_file_name_travels_in_filename_star_with_an_ascii_fallback():
    response = pdf_response(b"%PDF", "销售订单 SO2024-000123.pdf", download=True)
    header = response.headers["Content-Disposition"]
    assert header.startswith('attachment; filename="SO2024-000123.pdf"')
    assert "filename*=UTF-8''%E9%94%80%E5%94%AE%E8%AE%A2%E5%8D%95%20SO2024-000123.pdf" in header


def test_safe_file_names():
    assert safe_filename('a"b/c\\d.pdf') == "a-b-c-d.pdf"
    assert safe_filename("标签") == "document.pdf"


def test_the_language_defaults_to_chinese_outside_a_request():
    assert request_lang() == "zh" and request_lang("en") == "en"
