"""Units of measure, product categories (存货分类), products (商品) and their packing units."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, Money, Price, Qty, Rate, utcnow
from erp.db.uow import held_per_transaction


class Unit(Base):
    """A unit of measure (计量单位): 个, 瓶, 箱, kg …"""

    __tablename__ = "units"
    __table_args__ = (CheckConstraint("decimals >= 0 AND decimals <= 4", name="decimals_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str | None] = mapped_column(String(40))
    #: Decimals allowed in quantities of this unit (0 for pieces, 3 for kg).
    decimals: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self) -> str:
        return self.name


class ProductCategory(Base):
    """Product category tree, coded like customer categories."""

    __tablename__ = "product_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    level: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("product_categories.id"), index=True)
    parent: Mapped[ProductCategory | None] = relationship(remote_side=[id])

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


@held_per_transaction
class Product(Base):
    """A stocked product. Quantities are kept in its base unit (e.g. 瓶); packing units
    (e.g. 箱 = 24 瓶) convert to it. Prices are per base unit and include VAT."""

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("list_price >= 0", name="list_price_not_negative"),
        CheckConstraint("min_price >= 0", name="min_price_not_negative"),
        CheckConstraint("shelf_life_days > 0", name="shelf_life_positive"),
        CheckConstraint("min_price IS NULL OR min_price <= list_price", name="min_price_not_above_list"),
        CheckConstraint("shelf_life_days IS NOT NULL OR NOT batch_tracked", name="batch_needs_shelf_life"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    spec: Mapped[str | None] = mapped_column(String(120))  # 规格型号
    category_id: Mapped[int | None] = mapped_column(ForeignKey("product_categories.id"), index=True)
    brand: Mapped[str | None] = mapped_column(String(60))
    base_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    #: EAN-13 of one base unit (the piece barcode).
    barcode: Mapped[str | None] = mapped_column(String(14), unique=True)
    vat_rate: Mapped[Decimal] = mapped_column(Rate(), default=Decimal("0.13"))
    tax_code: Mapped[str | None] = mapped_column(String(19))  # 税收分类编码
    list_price: Mapped[Decimal] = mapped_column(Price(), default=Decimal("0"))
    min_price: Mapped[Decimal | None] = mapped_column(Price())
    batch_tracked: Mapped[bool] = mapped_column(default=False)
    shelf_life_days: Mapped[int | None]
    reorder_point: Mapped[Decimal | None] = mapped_column(Qty())
    max_stock: Mapped[Decimal | None] = mapped_column(Qty())
    preferred_supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"), index=True)
    weight_kg: Mapped[Decimal | None] = mapped_column(Qty())  # per base unit, for shipping
    #: Default bin location (库位) for pick lists, e.g. "A-01-03".
    location: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    category: Mapped[ProductCategory | None] = relationship(lazy="joined")
    base_unit: Mapped[Unit] = relationship(lazy="joined")
    preferred_supplier = relationship("Supplier")
    packings: Mapped[list[ProductUnit]] = relationship(
        back_populates="product", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProductUnit.factor",
    )

    def packing(self, unit_id: int) -> ProductUnit | None:
        for packing in self.packings:
            if packing.unit_id == unit_id:
                return packing
        return None

    def factor(self, unit_id: int) -> Decimal | None:
        """Base units per one ``unit_id`` (1 for the base unit), or None if it does not convert."""
        if unit_id == self.base_unit_id:
            return Decimal(1)
        packing = self.packing(unit_id)
        return packing.factor if packing else None

    @property
    def case_packing(self) -> ProductUnit | None:
        """The largest packing unit (usually the case, 箱)."""
        return self.packings[-1] if self.packings else None

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class ProductUnit(Base):
    """A packing unit of a product: ``1 unit = factor`` base units, with its own barcode
    (EAN-13 for an inner pack, ITF-14 for a case)."""

    __tablename__ = "product_units"
    __audit_parent__ = ("products", "product_id")
    __table_args__ = (
        UniqueConstraint("product_id", "unit_id"),
        CheckConstraint("factor > 0", name="factor_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    factor: Mapped[Decimal] = mapped_column(Qty())
    barcode: Mapped[str | None] = mapped_column(String(14), unique=True)
    weight_kg: Mapped[Decimal | None] = mapped_column(Qty())
    is_sales_default: Mapped[bool] = mapped_column(default=False)
    is_purchase_default: Mapped[bool] = mapped_column(default=False)

    product: Mapped[Product] = relationship(back_populates="packings")
    unit: Mapped[Unit] = relationship(lazy="joined")


__all__ = ["Money", "Product", "ProductCategory", "ProductUnit", "Unit"]
