"""Pricing of sales lines, in one place: the default price of an entered line (the
customer's price list, then its category's, then the product's list price, with
quantity breaks — :func:`erp.pricing.resolve.resolve_price`), the conversion of cases
and pieces to the base unit, the rounded amounts (:func:`erp.money.line_amounts`), the
document totals (sums of the rounded lines) and the minimum-price check.

Prices are per unit of the line (a case costs 24 × a bottle); with or without VAT as the
header says. Every rounding goes through :mod:`erp.money`.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.customers.models import Customer
from erp.errors import N_
from erp.money import (
    LineAmounts,
    line_amounts,
    price_excl_vat,
    price_incl_vat,
    round_price,
    sum_lines,
)
from erp.pricing.resolve import resolve_price, resolve_prices
from erp.products.models import Product
from inventory.stock.lines import LineErrors, read_quantity, require_lines

MANUAL = "手工价格"


@lru_cache(maxsize=1)
def _company_language():
    """Price sources are stored as text in the company's language (Chinese), like notes."""
    from babel.support import Translations

    return Translations.load(str(Path(__file__).resolve().parents[1] / "translations"), ["zh_Hans_CN"], "messages")


def default_unit_price(session: Session, customer: Customer | None, product: Product, unit_id: int,
                       qty_base: Decimal, on_date: dt.date, includes_vat: bool) -> tuple[Decimal, str]:
    """The price per ``unit_id`` the customer pays for ``qty_base`` on ``on_date``, and its source."""
    return _priced(resolve_price(session, customer, product, qty_base, on_date), product, unit_id, includes_vat)


def _priced(quote, product: Product, unit_id: int, includes_vat: bool) -> tuple[Decimal, str]:
    per_base = quote.unit_price if includes_vat else quote.unit_price_excl_vat
    factor = product.factor(unit_id) or Decimal(1)
    return round_price(per_base * factor), quote.describe(_company_language().gettext)[:120]


def preload_products(session: Session, ids) -> None:
    """Load the lines' products (and their packings) in one query instead of one per line,
    and keep them for the unit of work: the session's identity map holds objects weakly,
    so a product only a line pointed to would be loaded again after every refresh."""
    wanted = {i for i in ids if isinstance(i, int)}
    if wanted:
        products = session.scalars(select(Product).where(Product.id.in_(wanted))).all()
        session.info.setdefault("sales_master_data", set()).update(products)


def read_entered_lines(session: Session, items: list[dict] | None, *, customer: Customer | None,
                       on_date: dt.date, includes_vat: bool) -> list[dict]:
    """Lines typed by a clerk (``product_id``, ``unit_id`` (default the base unit), ``qty``,
    optional ``unit_price`` and ``discount_rate``) → the values of each line, priced.
    Raises ``ValidationFailed`` with a message per line and field (unknown or inactive
    product, a unit that does not convert, a quantity with too many decimals …)."""
    errors = LineErrors()
    out = []
    preload_products(session, [item.get("product_id") for item in require_lines(items)])
    for index, item in enumerate(items):
        parsed = read_quantity(session, index, item, errors)
        discount = item.get("discount_rate") or Decimal(0)
        if not Decimal(0) <= discount <= Decimal(1):
            errors.add(index, "discount_rate", N_("A discount rate is between 0 and 1."))
            continue
        if parsed is None:
            continue
        price = item.get("unit_price")
        if price is not None and price < 0:
            errors.add(index, "unit_price", N_("Must not be negative."))
            continue
        out.append({"product": parsed.product, "unit_id": parsed.unit_id, "qty": parsed.qty,
                    "qty_base": parsed.qty_base, "unit_price": price, "discount_rate": discount,
                    "vat_rate": parsed.product.vat_rate, "price_source": MANUAL})
    errors.raise_if_any()
    # The lines without a price are priced together (one query per step of the price search).
    unpriced = [line for line in out if line["unit_price"] is None]
    if unpriced:
        quotes = resolve_prices(session, customer, [(line["product"], line["qty_base"]) for line in unpriced], on_date)
        for line, quote in zip(unpriced, quotes, strict=True):
            line["unit_price"], line["price_source"] = _priced(quote, line["product"], line["unit_id"], includes_vat)
    return out


def carried_price(origin_price: Decimal, origin_factor: Decimal, factor: Decimal) -> Decimal:
    """The origin line's price per unit turned into a price per another unit of the product."""
    if origin_factor == factor:
        return origin_price
    return round_price(origin_price / origin_factor * factor)


def convert_price_basis(price: Decimal, vat_rate: Decimal, *, from_incl: bool, to_incl: bool) -> Decimal:
    """A unit price with VAT → without (or back), when a downstream document states prices
    on the other basis than its origin."""
    if from_incl == to_incl:
        return price
    return price_excl_vat(price, vat_rate) if from_incl else price_incl_vat(price, vat_rate)


def apply_amounts(line, includes_vat: bool) -> LineAmounts:
    """Set the line's rounded amounts from its quantity, price, discount and VAT rate."""
    amounts = line_amounts(line.qty, line.unit_price, line.vat_rate, price_includes_vat=includes_vat,
                           discount_rate=line.discount_rate or Decimal(0))
    line.amount_net, line.amount_tax = amounts.net, amounts.tax
    line.amount_gross, line.discount_amount = amounts.gross, amounts.discount
    return amounts


def line_amounts_of(line) -> LineAmounts:
    return LineAmounts(line.amount_net, line.amount_tax, line.amount_gross, line.discount_amount)


def set_totals(doc) -> None:
    """Price every line, then the header totals = the sums of the rounded lines."""
    for line in doc.lines:
        apply_amounts(line, doc.price_includes_vat)
    totals = sum_lines(line_amounts_of(line) for line in doc.lines)
    doc.total_net, doc.total_tax = totals.net, totals.tax
    doc.total_gross, doc.total_discount = totals.gross, totals.discount


def effective_base_price(line, includes_vat: bool) -> Decimal:
    """What one base unit really costs the customer, VAT included, after the discount
    (compared with the product's minimum price; not rounded, never stored)."""
    per_base = line.unit_price * (Decimal(1) - (line.discount_rate or Decimal(0))) / line.factor
    return per_base if includes_vat else per_base * (Decimal(1) + line.vat_rate)


def below_minimum(line, includes_vat: bool) -> bool:
    minimum = line.product.min_price
    return minimum is not None and effective_base_price(line, includes_vat) < minimum


def below_minimum_reasons(doc) -> list[str]:
    """"SKU 名称: 9.50 < 最低售价 10.00" for each line priced below the product's minimum."""
    out = []
    for line in doc.lines:
        if below_minimum(line, doc.price_includes_vat):
            price = round_price(effective_base_price(line, doc.price_includes_vat))
            out.append(f"{line.product.sku} {line.product.name}: {price.normalize():f} < {line.product.min_price.normalize():f}")
    return out
