"""Money and tax helpers: half-up to the fen, VAT both ways, capitals."""
from decimal import Decimal as D

import pytest

from erp.money import (
    allocate_proportionally,
    amount_in_words,
    check_vat_rate,
    format_money,
    line_amounts,
    price_excl_vat,
    price_incl_vat,
    round_fen,
    sum_lines,
    tax_by_rate,
)


@pytest.mark.parametrize("value, expected", [
    ("0.005", "0.01"), ("0.004", "0.00"), ("1.115", "1.12"), ("2.675", "2.68"),
    ("-0.005", "-0.01"), ("-1.115", "-1.12"), ("10", "10.00"), ("0.0049999", "0.00"),
])
def test_round_fen_is_half_up(value, expected):
    assert round_fen(D(value)) == D(expected)


def test_floats_are_refused_near_money():
    with pytest.raises(TypeError):
        round_fen(0.1)


@pytest.mark.parametrize("rate", ["0.13", "0.09", "0.06", "0.03", "0.01", "0"])
def test_known_vat_rates_are_accepted(rate):
    assert check_vat_rate(D(rate)) == D(rate)


def test_unknown_vat_rate_is_refused():
    with pytest.raises(ValueError):
        check_vat_rate(D("0.17"))


def test_price_with_and_without_vat():
    assert price_excl_vat(D("113"), D("0.13")) == D("100.000000")
    assert price_incl_vat(D("100"), D("0.09")) == D("109.000000")
    assert price_excl_vat(D("10"), D("0.13")) == D("8.849558")


def test_line_with_price_including_vat_takes_tax_out_of_the_gross():
    amounts = line_amounts(D("3"), D("9.99"), D("0.13"))
    assert amounts.gross == D("29.97")
    assert amounts.tax == D("3.45")  # 29.97 / 1.13 * 0.13 = 3.4479…
    assert amounts.net == D("26.52")
    assert amounts.net + amounts.tax == amounts.gross


def test_line_with_price_excluding_vat_adds_tax():
    amounts = line_amounts(D("7"), D("1.235"), D("0.09"), price_includes_vat=False)
    assert amounts.net == D("8.65")  # 8.645 half-up
    assert amounts.tax == D("0.78")  # 0.7785
    assert amounts.gross == D("9.43")


def test_line_discount_applies_before_tax():
    amounts = line_amounts(D("10"), D("12.50"), D("0.13"), discount_rate=D("0.05"))
    assert amounts.gross == D("118.75")
    assert amounts.discount == D("6.25")


def test_totals_are_sums_of_rounded_lines():
    lines = [line_amounts(D("1"), D("0.333"), D("0.13")) for _ in range(3)]
    total = sum_lines(lines)
    assert total.gross == D("0.99")  # each line 0.33; never round(0.999)
    assert total.tax == sum((x.tax for x in lines), D(0))


def test_tax_grouped_by_rate_for_the_invoice():
    a = line_amounts(D("1"), D("113"), D("0.13"))
    b = line_amounts(D("2"), D("109"), D("0.09"))
    c = line_amounts(D("1"), D("11.30"), D("0.13"))
    groups = tax_by_rate([(D("0.13"), a), (D("0.09"), b), (D("0.13"), c)])
    assert list(groups) == [D("0.13"), D("0.09")]
    assert groups[D("0.13")].gross == D("124.30")
    assert groups[D("0.13")].tax == D("14.30")
    assert groups[D("0.09")].tax == D("18.00")


def test_proportional_split_adds_up_exactly():
    parts = allocate_proportionally(D("100"), [D("1"), D("1"), D("1")])
    assert sum(parts) == D("100.00")
    assert sorted(parts) == [D("33.33"), D("33.33"), D("33.34")]


def test_format_money():
    assert format_money(D("1004.05")) == "¥1,004.05"
    assert format_money(D("-3")) == "-¥3.00"


@pytest.mark.parametrize("amount, words", [
    ("1004.05", "壹仟零肆元零伍分"),
    ("1000.00", "壹仟元整"),
    ("0", "零元整"),
    ("0.05", "伍分"),
    ("0.50", "伍角整"),
    ("0.55", "伍角伍分"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("11", "壹拾壹元整"),
    ("101", "壹佰零壹元整"),
    ("110", "壹佰壹拾元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("1100", "壹仟壹佰元整"),
    ("10000", "壹万元整"),
    ("10001", "壹万零壹元整"),
    ("10010", "壹万零壹拾元整"),
    ("10100", "壹万零壹佰元整"),
    ("11000", "壹万壹仟元整"),
    ("100500", "壹拾万零伍佰元整"),
    ("105000", "壹拾万伍仟元整"),
    ("1000000", "壹佰万元整"),
    ("10000000", "壹仟万元整"),
    ("100000000", "壹亿元整"),
    ("100000001", "壹亿零壹元整"),
    ("100010000", "壹亿零壹万元整"),
    ("100100000", "壹亿零壹拾万元整"),
    ("120003000", "壹亿贰仟万叁仟元整"),
    ("102000000", "壹亿零贰佰万元整"),
    ("999999999.99", "玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("1409.50", "壹仟肆佰零玖元伍角整"),
    ("-3", "负叁元整"),
    ("0.004", "零元整"),
    ("0.995", "壹元整"),
    ("1000000000000", "壹万亿元整"),
])
def test_amount_in_capitals(amount, words):
    assert amount_in_words(D(amount)) == words


def test_capitals_refuse_absurd_amounts():
    with pytest.raises(ValueError):
        amount_in_words(D("1e17"))
