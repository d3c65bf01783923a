"""Labels built from the product master data (read only)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from printing.exceptions import InvalidBarcode, PrintingError
from printing.labels import render_case_labels, render_product_labels
from printing.products import case_label, product_label
from tests.printing.pdfs import all_text, decoded_values

EAN13 = "6901234567892"
GTIN14 = "16901234567899"


def test_a_product_label_takes_name_spec_list_price_unit_and_piece_barcode(make_product):
    product = make_product(name="农夫山泉饮用天然水", spec="550ml", list_price=Decimal("2.500000"), barcode=EAN13)
    label = product_label(product)
    assert (label.name, label.spec, label.price, label.unit, label.barcode, label.sku) == (
        "农夫山泉饮用天然水", "550ml", Decimal("2.5"), "瓶", EAN13, product.sku)
    pdf = render_product_labels([label], "roll-60x40")
    assert "¥2.50/瓶" in all_text(pdf) and decoded_values(pdf) == [{EAN13}]


def test_a_product_label_can_leave_the_price_out(make_product):
    assert product_label(make_product(), price=None).price is None


def test_a_product_with_a_wrong_barcode_is_named_in_the_error(make_product):
    product = make_product(barcode="6901234567891")
    with pytest.raises(InvalidBarcode, match=product.sku):
        product_label(product)


def test_a_case_label_takes_the_case_gtin_its_factor_batch_and_expiry(db, make_product):
    product = make_product(name="可口可乐 330ml", case_factor=24)
    product.packings[0].barcode = GTIN14
    db.flush()
    label = case_label(product, batch="L0701", expiry=dt.date(2025, 12, 31))
    assert (label.gtin, label.qty_per_case, label.unit) == (GTIN14, Decimal("24"), "瓶")
    pdf = render_case_labels([label])
    assert decoded_values(pdf) == [{f"(01){GTIN14}(17)251231(10)L0701", GTIN14}]


def test_a_case_label_needs_a_case_with_a_barcode(make_product):
    with pytest.raises(PrintingError, match="no case packing"):
        case_label(make_product(case_factor=None))
    with pytest.raises(PrintingError, match="no barcode"):
        case_label(make_product())


def test_a_case_with_a_wrong_gtin_is_named_in_the_error(db, make_product):
    product = make_product()
    product.packings[0].barcode = "16901234567890"
    db.flush()
    with pytest.raises(InvalidBarcode, match=product.sku):
        case_label(product)
