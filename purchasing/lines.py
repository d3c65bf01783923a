"""Columns every priced purchasing document shares: a supplier, a warehouse and totals
on the header; a product, a quantity in a packing unit and in the base unit, a unit
price (with or without VAT as the header says), a VAT rate and the rounded amounts on
each line. Every rounding goes through :mod:`erp.money`.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from erp.db import Money, Price, Qty, Rate
from erp.money import LineAmounts, line_amounts, round_price, sum_lines
from erp.products.models import Product, Unit

ZERO_MONEY = Decimal("0.00")


class PurchaseHeaderMixin:
    """Supplier, warehouse, price basis (含税价 or not) and the totals: sums of the rounded lines."""

    price_includes_vat: Mapped[bool] = mapped_column(default=True)
    total_net: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    total_tax: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    total_gross: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)

    @declared_attr
    def supplier_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("suppliers.id"), index=True)

    @declared_attr
    def warehouse_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("warehouses.id"), index=True)

    @declared_attr
    def supplier(cls):
        return relationship("Supplier", lazy="selectin")

    @declared_attr
    def warehouse(cls):
        return relationship("Warehouse", lazy="selectin")

    def approval_amount(self) -> Decimal:
        return self.total_gross or ZERO_MONEY


class PurchaseLineMixin:
    """``qty`` in ``unit`` (a case, a piece …) and ``qty_base`` in the product's base unit;
    ``unit_price`` per ``unit``; amounts rounded to the fen per line (``net + tax == gross``)."""

    qty: Mapped[Decimal] = mapped_column(Qty())
    qty_base: Mapped[Decimal] = mapped_column(Qty())
    unit_price: Mapped[Decimal] = mapped_column(Price())
    vat_rate: Mapped[Decimal] = mapped_column(Rate())
    amount_net: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    amount_tax: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    amount_gross: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)

    @declared_attr
    def product_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("products.id"), index=True)

    @declared_attr
    def unit_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("units.id"))

    @declared_attr
    def product(cls) -> Mapped[Product]:
        return relationship(Product, lazy="joined")

    @declared_attr
    def unit(cls) -> Mapped[Unit]:
        return relationship(Unit, lazy="joined")

    @property
    def factor(self) -> Decimal:
        return self.product.factor(self.unit_id) or Decimal(1)

    @property
    def amounts(self) -> LineAmounts:
        return LineAmounts(self.amount_net, self.amount_tax, self.amount_gross)


def line_checks() -> tuple:
    """CHECK constraints every purchasing line table carries."""
    return (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("qty_base > 0", name="qty_base_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        CheckConstraint("vat_rate >= 0", name="vat_rate_not_negative"),
        CheckConstraint("amount_net + amount_tax = amount_gross", name="amounts_add_up"),
    )


def price_line(line, includes_vat: bool) -> LineAmounts:
    """Set the line's rounded amounts from its quantity, price and VAT rate."""
    amounts = line_amounts(line.qty, line.unit_price, line.vat_rate, price_includes_vat=includes_vat)
    set_amounts(line, amounts)
    return amounts


def set_amounts(line, amounts: LineAmounts) -> None:
    line.amount_net, line.amount_tax, line.amount_gross = amounts.net, amounts.tax, amounts.gross


def set_totals(doc) -> None:
    """The header totals: the sums of the lines' rounded amounts (never re-rounded)."""
    totals = sum_lines(line.amounts for line in doc.lines)
    doc.total_net, doc.total_tax, doc.total_gross = totals.net, totals.tax, totals.gross


def price_all(doc) -> None:
    """Price every line, then total."""
    for line in doc.lines:
        price_line(line, doc.price_includes_vat)
    set_totals(doc)


def price_per_unit(price: Decimal, from_factor: Decimal, to_factor: Decimal) -> Decimal:
    """A price per one unit (``from_factor`` base units) as a price per another unit."""
    if from_factor == to_factor:
        return price
    return round_price(price / from_factor * to_factor)


def whole_units(qty_base: Decimal, factor: Decimal) -> int:
    """How many whole units of ``factor`` base units hold ``qty_base`` (a part unit counts as one)."""
    units = int(qty_base // factor)
    return units + 1 if units * factor < qty_base else units
