"""Columns every priced sales document shares: a customer and totals on the header; a
product, a quantity in a packing unit and in the base unit, a price, a discount and the
rounded amounts on each line. The arithmetic lives in :mod:`erp.sales.pricing`.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from erp.db import Money, Price, Qty, Rate
from erp.products.models import Product, Unit

ZERO_MONEY = Decimal("0.00")


class SalesHeaderMixin:
    """A customer, whether the lines' prices include VAT (含税价), and the totals: sums of
    the rounded lines, kept by :func:`erp.sales.pricing.set_totals`."""

    price_includes_vat: Mapped[bool] = mapped_column(default=True)
    total_net: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    total_tax: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    total_gross: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    total_discount: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)

    @declared_attr
    def customer_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("customers.id"), index=True)

    @declared_attr
    def customer(cls):
        return relationship("Customer")

    def approval_amount(self) -> Decimal:
        return self.total_gross or ZERO_MONEY


class SalesLineMixin:
    """``qty`` in ``unit`` (a case, a piece …) and ``qty_base`` in the product's base unit;
    ``unit_price`` per ``unit``, with or without VAT as the header says; the amounts are
    rounded to the fen per line (``net + tax == gross``)."""

    qty: Mapped[Decimal] = mapped_column(Qty())
    qty_base: Mapped[Decimal] = mapped_column(Qty())
    unit_price: Mapped[Decimal] = mapped_column(Price())
    discount_rate: Mapped[Decimal] = mapped_column(Rate(), default=Decimal("0"))
    vat_rate: Mapped[Decimal] = mapped_column(Rate())
    amount_net: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    amount_tax: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    amount_gross: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    discount_amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    #: Where the price came from ("客户价格政策 P001 ≥ 48", "手工", …), for the clerk.
    price_source: Mapped[str | None] = mapped_column(String(120))

    @declared_attr
    def product_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("products.id"), index=True)

    @declared_attr
    def unit_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("units.id"))

    @declared_attr
    def product(cls) -> Mapped[Product]:
        return relationship(Product)

    @declared_attr
    def unit(cls) -> Mapped[Unit]:
        return relationship(Unit)

    @property
    def factor(self) -> Decimal:
        return self.product.factor(self.unit_id) or Decimal(1)


def line_checks() -> tuple:
    """CHECK constraints every sales line table carries."""
    from sqlalchemy import CheckConstraint

    return (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("qty_base > 0", name="qty_base_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        # (the upper bound, 1, is checked by the service: a literal other than 0 would be
        # compared with the scaled integer SQLite stores)
        CheckConstraint("discount_rate >= 0", name="discount_rate_not_negative"),
        CheckConstraint("vat_rate >= 0", name="vat_rate_not_negative"),
    )
