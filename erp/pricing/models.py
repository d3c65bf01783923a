"""Price lists (价格政策): per customer, per customer category, or general and assigned
to customers, with quantity breaks."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, Price, Qty, utcnow


class PriceList(Base):
    __tablename__ = "price_lists"
    __table_args__ = (
        CheckConstraint("NOT (customer_id IS NOT NULL AND customer_category_id IS NOT NULL)",
                        name="one_scope"),
        CheckConstraint("valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to", name="valid_dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    #: Scope: one customer, one customer category (and its sub-categories), or neither
    #: (a general list that customers point to with ``Customer.price_list_id``).
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    customer_category_id: Mapped[int | None] = mapped_column(ForeignKey("customer_categories.id"), index=True)
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]
    price_includes_vat: Mapped[bool] = mapped_column(default=True)
    priority: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    customer = relationship("Customer", foreign_keys=[customer_id])
    customer_category = relationship("CustomerCategory")
    items: Mapped[list[PriceListItem]] = relationship(
        back_populates="price_list", cascade="all, delete-orphan",
        order_by="(PriceListItem.product_id, PriceListItem.min_qty)",
    )

    @property
    def scope(self) -> str:
        """customer | category | general."""
        if self.customer_id is not None:
            return "customer"
        if self.customer_category_id is not None:
            return "category"
        return "general"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PriceListItem(Base):
    """Price of a product per base unit from ``min_qty`` (base units) upward."""

    __tablename__ = "price_list_items"
    __audit_parent__ = ("price_lists", "price_list_id")
    __table_args__ = (
        UniqueConstraint("price_list_id", "product_id", "min_qty"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("min_qty >= 0", name="min_qty_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    price_list_id: Mapped[int] = mapped_column(ForeignKey("price_lists.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    min_qty: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))
    price: Mapped[Decimal] = mapped_column(Price())

    price_list: Mapped[PriceList] = relationship(back_populates="items")
    product = relationship("Product", lazy="joined")
