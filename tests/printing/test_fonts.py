"""The Chinese font ships with the package and is embedded (subset) in every PDF."""
from __future__ import annotations

from decimal import Decimal

import pytest

from printing import fonts
from printing.documents import DocumentSpec, render_document
from printing.labels import ProductLabel, render_product_labels
from printing.shipping import ShippingLabel, render_shipping_labels
from tests.printing.pdfs import STANDARD_FONTS, all_text
from tests.printing.pdfs import fonts as pdf_fonts
from tests.printing.test_documents import COMPANY


def test_the_font_and_its_licence_ship_inside_the_package():
    assert fonts.FONT_FILE.is_file() and fonts.FONT_FILE.stat().st_size > 4_000_000
    licence = (fonts.FONT_DIR / "COPYRIGHT-wqy-microhei.txt").read_text()
    assert "Apache-2.0" in licence
    assert "Apache License" in (fonts.FONT_DIR / "LICENSE-Apache-2.0.txt").read_text()


def test_package_data_includes_the_fonts_folder():
    from configparser import ConfigParser
    from pathlib import Path

    cfg = ConfigParser()
    cfg.read(Path(__file__).resolve().parents[2] / "setup.cfg")
    assert "fonts/*" in cfg["options.package_data"]["*"]


@pytest.mark.parametrize("render", [
    lambda: render_document(DocumentSpec(title="销售订单", number="SO1", company=COMPANY), "zh"),
    lambda: render_product_labels([ProductLabel("矿泉水", "SKU1", "550ml", Decimal("2"), "瓶", "6901234567892")], "roll-50x30"),
    lambda: render_shipping_labels([ShippingLabel("王小明", "13800138000", "上海市", "OB1")]),
], ids=["document", "product-label", "shipping-label"])
def test_every_pdf_embeds_a_subset_of_the_truetype_font_and_no_standard_font(render):
    pdf = render()
    used = pdf_fonts(pdf)
    assert used, "no font at all"
    for font in used:
        assert font["name"] not in STANDARD_FONTS
        assert font["file"] == "/FontFile2", font  # TrueType outlines, embedded
        assert "+" in font["name"] and "WenQuanYiMicroHei" in font["name"]  # a subset
        assert font["size"] < 200_000  # the subset, not the 5 MB collection
    assert len(pdf) < 300_000


def test_chinese_text_is_extractable_as_written():
    pdf = render_document(DocumentSpec(title="销售出库单", number="OB2024-000001", company=COMPANY), "zh")
    text = all_text(pdf)
    assert "销售出库单" in text and "上海惠万家商贸有限公司" in text


def test_chinese_wraps_between_characters_and_latin_at_spaces():
    lines = fonts.wrap_text("上海市浦东新区锦绣路1001号 Building 7", 10, 60)
    assert lines[0] == "上海市浦东新"
    assert "Building" in lines[-1] or "Building" in lines[-2]
    assert all(fonts.string_width(line, 10) <= 60 for line in lines)


def test_closing_punctuation_never_starts_a_line_and_opening_never_ends_one():
    assert fonts.wrap_text("你好，世界。再见！", 10, 50) == ["你好，世", "界。再见！"]
    lines = fonts.wrap_text("一二三四（五六）", 10, 50)
    assert not lines[0].endswith("（") and not lines[1].startswith("）")


def test_text_cut_to_max_lines_ends_with_an_ellipsis():
    lines = fonts.wrap_text("一二三四五六七八九十" * 3, 10, 50, max_lines=2)
    assert len(lines) == 2 and lines[1].endswith("…")
