"""Product labels on A4 sheets and thermal rolls, case labels, shipping labels: the text a
person reads and the barcodes a scanner reads, at the printer's 203 dpi."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from printing.draw import DOT, MM
from printing.exceptions import InvalidBarcode, PrintingError
from printing.labels import (
    CASE_LAYOUTS,
    PRODUCT_LAYOUTS,
    CaseLabel,
    LabelLayout,
    ProductLabel,
    render_case_labels,
    render_labels,
    render_product_labels,
    sheet,
)
from printing.shipping import ShippingLabel, package_labels, render_shipping_labels
from tests.printing.pdfs import all_text, decoded_values, page_texts
from tests.printing.test_documents import COMPANY

EAN13 = "6901234567892"
GTIN14 = "16901234567899"


def water(**overrides) -> ProductLabel:
    data = dict(name="农夫山泉饮用天然水", sku="SKU00001", spec="550ml", price=Decimal("2.5"), unit="瓶",
                barcode=EAN13)
    data.update(overrides)
    return ProductLabel(**data)


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(round(float(p.mediabox.width) / MM, 1), round(float(p.mediabox.height) / MM, 1)) for p in reader.pages]


# --- product labels ---------------------------------------------------------------------

@pytest.mark.parametrize("layout", list(PRODUCT_LAYOUTS))
def test_product_labels_show_name_spec_price_and_a_scannable_ean13_on_every_layout(layout):
    pdf = render_product_labels([water()], layout, "zh")
    text = all_text(pdf)
    for expected in ("农夫山泉饮用天然水", "550ml", "¥2.50/瓶", "901234", "567892"):
        assert expected in text, expected
    assert decoded_values(pdf)[0] == {EAN13}


def test_an_a4_3x8_sheet_holds_24_labels_and_continues_on_a_second_sheet():
    labels = [water(sku=f"SKU{i:05d}", barcode=None, name=f"商品{i}") for i in range(25)]
    pdf = render_product_labels(labels, "a4-3x8", "zh")
    pages = decoded_values(pdf)
    assert len(pages) == 2 and page_sizes_mm(pdf)[0] == (210.0, 297.0)
    assert len(pages[0]) == 24 and pages[1] == {"SKU00024"}


def test_copies_repeat_each_label_and_skip_leaves_used_slots_empty():
    pdf = render_product_labels([water(), water(name="可口可乐", barcode="96385074")], "a4-3x8", copies=3, skip=22)
    texts = page_texts(pdf)
    assert len(texts) == 2
    assert texts[0].count("农夫山泉") == 2 and texts[1].count("农夫山泉") == 1
    assert texts[1].count("可口可乐") == 3


def test_roll_labels_are_one_label_per_page_of_whole_printer_dots():
    pdf = render_product_labels([water(), water()], "roll-60x40")
    assert page_sizes_mm(pdf) == [pytest.approx((60, 40), abs=0.13)] * 2  # within a dot
    width = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)
    assert abs(width / DOT - round(width / DOT)) < 0.01


def test_a_product_without_ean_gets_its_sku_as_code128_and_both_when_asked():
    pdf = render_product_labels([water(barcode=None), water(sku_barcode=True)], "roll-50x30")
    assert decoded_values(pdf) == [{"SKU00001"}, {EAN13, "SKU00001"}]


def test_a_product_label_with_a_wrong_ean_check_digit_is_refused():
    with pytest.raises(InvalidBarcode, match="check digit"):
        render_product_labels([water(barcode="6901234567891")], "a4-3x8")


def test_an_unknown_layout_is_refused_naming_the_choices():
    with pytest.raises(PrintingError, match="a4-3x8"):
        render_product_labels([water()], "a4-9x9")


def test_nothing_to_print_is_refused():
    with pytest.raises(PrintingError, match="nothing"):
        render_product_labels([], "a4-3x8")


def test_a_custom_grid_fits_the_page_or_is_refused():
    layout = sheet("a4-2x5", 2, 5, 99, 57)
    assert layout.per_page == 10 and len(layout.boxes()) == 10
    with pytest.raises(ValueError, match="do not fit"):
        LabelLayout("bad", 80, 40, 3, 8, 210, 297)


def test_english_product_labels_print_the_same_data():
    pdf = render_product_labels([water(name="Mineral water")], "roll-60x40", "en")
    assert "Mineral water" in all_text(pdf)


def test_any_item_can_be_laid_out_with_its_own_draw_function():
    """A new kind of label is a dataclass and a draw function (here: bin location labels)."""
    from printing.barcodes import code128
    from printing.draw import draw_barcode

    def draw_bin(canvas, code, box, lang):
        draw_barcode(canvas, code128(code), box.x, box.y, box.width, box.height)

    pdf = render_labels(["A-01-01", "A-01-02"], PRODUCT_LAYOUTS["roll-50x30"], draw_bin)
    assert decoded_values(pdf) == [{"A-01-01"}, {"A-01-02"}]


# --- case labels --------------------------------------------------------------------------

def case(**overrides) -> CaseLabel:
    data = dict(name="农夫山泉饮用天然水 550ml", gtin=GTIN14, sku="SKU00001", spec="550ml×24",
                qty_per_case=Decimal("24.0000"), unit="瓶", batch="B2024-07", expiry=dt.date(2026, 3, 31))
    data.update(overrides)
    return CaseLabel(**data)


@pytest.mark.parametrize("layout", list(CASE_LAYOUTS))
def test_a_case_label_carries_gs1_128_with_gtin_expiry_batch_and_the_itf14(layout):
    pdf = render_case_labels([case()], layout, "zh")
    assert decoded_values(pdf)[0] == {f"(01){GTIN14}(17)260331(10)B2024-07", GTIN14}
    text = all_text(pdf)
    for expected in ("农夫山泉饮用天然水 550ml", "每箱：24 瓶", "批号：B2024-07", "有效期至：2026-03-31",
                     f"(01){GTIN14}(17)260331(10)B2024-07", "1 69 01234 56789 9"):
        assert expected in text, expected


def test_a_case_label_without_batch_or_expiry_carries_the_gtin_alone():
    pdf = render_case_labels([case(batch=None, expiry=None)], copies=2)
    assert decoded_values(pdf) == [{f"(01){GTIN14}", GTIN14}] * 2


def test_a_case_label_accepts_a_13_digit_case_gtin_as_gtin14():
    pdf = render_case_labels([case(gtin=EAN13, batch=None, expiry=None)])
    assert decoded_values(pdf)[0] == {f"(01)0{EAN13}", "0" + EAN13}


def test_a_case_label_with_a_wrong_gtin_or_batch_is_refused():
    with pytest.raises(InvalidBarcode, match="check digit"):
        render_case_labels([case(gtin="16901234567890")])
    with pytest.raises(InvalidBarcode, match="BATCH"):
        render_case_labels([case(batch="批次1")])


def test_english_case_labels():
    text = all_text(render_case_labels([case()], lang="en"))
    assert "Per case: 24 瓶" in text and "Batch: B2024-07" in text and "Expiry: 2026-03-31" in text


# --- shipping labels ----------------------------------------------------------------------

def shipment(number: str, packages: int, **overrides) -> list[ShippingLabel]:
    data = dict(ship_to_name="王小明", ship_to_phone="138 0013 8000",
                ship_to_address="上海市闵行区七宝镇漕宝路3366号 万科城市花园12号楼1203室（请放门卫）",
                ship_to_company="上海七宝好邻居超市有限公司", outbound_number=number, order_number="SO2024-000123",
                carrier="顺丰速运", waybill_number=f"SF{number[-6:]}0001")
    data.update(overrides)
    return package_labels(packages, **data)


def test_all_packages_of_several_shipments_print_in_one_pdf_one_label_each():
    labels = shipment("OB2024-000321", 3, weights=[Decimal("12.5"), Decimal("8"), Decimal("3.25")])
    labels += shipment("OB2024-000322", 2, waybill_number=None, carrier=None)
    pdf = render_shipping_labels(labels, "zh", sender=COMPANY)
    assert page_sizes_mm(pdf) == [pytest.approx((100, 150), abs=0.13)] * 5
    assert decoded_values(pdf) == [
        {"OB2024-000321-001", "SF0003210001"}, {"OB2024-000321-002", "SF0003210001"},
        {"OB2024-000321-003", "SF0003210001"}, {"OB2024-000322-001"}, {"OB2024-000322-002"},
    ]
    texts = page_texts(pdf)
    first = texts[0].replace("\n", "")
    for expected in ("顺丰速运", "1/3", "王小明", "138 0013 8000", "上海七宝好邻居超市有限公司", "漕宝路3366号",
                     "订单号：SO2024-000123", "出库单号：OB2024-000321", "件数：1 / 3", "重量：12.5 kg",
                     "上海惠万家商贸有限公司", "运单号"):
        assert expected in first, expected
    assert "重量：3.25 kg" in texts[2] and "2/2" in texts[4]


def test_an_sscc_package_label_carries_a_gs1_128_of_the_sscc():
    label = ShippingLabel("Li Lei", "13900000000", "88 Nanjing Road", "OB1", sscc="106141411234567897")
    assert decoded_values(render_shipping_labels([label], "en")) == [{"(00)106141411234567897"}]


def test_a_package_number_outside_the_count_is_refused():
    with pytest.raises(PrintingError, match="Package 4 of 3"):
        ShippingLabel("王", "1", "上海", "OB1", package_no=4, package_count=3)
    with pytest.raises(PrintingError, match="one weight per package"):
        shipment("OB1", 2, weights=[Decimal("1")])


def test_english_shipping_labels():
    text = all_text(render_shipping_labels(shipment("OB2024-000321", 1), "en", sender=COMPANY))
    assert "Order: SO2024-000123" in text and "Shanghai Huiwanjia Trading Co., Ltd." in text
