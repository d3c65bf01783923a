"""Customer categories (客户分类) and customers (客户档案)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, Money, utcnow
from erp.db.uow import held_per_transaction


class CustomerCategory(Base):
    """A node of the category tree. The code encodes the path (``01`` → ``0101`` → ``010101``)
    under the configurable coding rule; only the name may change once created."""

    __tablename__ = "customer_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    level: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("customer_categories.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    parent: Mapped[CustomerCategory | None] = relationship(remote_side=[id])

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


@held_per_transaction
class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("credit_limit >= 0", name="credit_limit_not_negative"),
        CheckConstraint("payment_terms_days >= 0", name="payment_terms_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    short_name: Mapped[str | None] = mapped_column(String(40))
    category_id: Mapped[int] = mapped_column(ForeignKey("customer_categories.id"), index=True)
    #: 统一社会信用代码, checked by its GB 32100-2015 check character.
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    #: None: no credit limit is enforced; 0: cash only.
    credit_limit: Mapped[Decimal | None] = mapped_column(Money())
    payment_terms_days: Mapped[int] = mapped_column(default=0)
    price_list_id: Mapped[int | None] = mapped_column(
        ForeignKey("price_lists.id", use_alter=True), index=True)
    member_card_no: Mapped[str | None] = mapped_column(String(30), unique=True)
    salesperson_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: Goods delivered must keep at least this many days of shelf life (FEFO allocation).
    min_remaining_shelf_days: Mapped[int | None]
    invoice_title: Mapped[str | None] = mapped_column(String(120))
    bank_name: Mapped[str | None] = mapped_column(String(120))
    bank_account: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    category: Mapped[CustomerCategory] = relationship(lazy="joined")
    salesperson = relationship("User", lazy="joined")
    price_list = relationship("PriceList", foreign_keys=[price_list_id])
    contacts: Mapped[list[CustomerContact]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="CustomerContact.id"
    )
    addresses: Mapped[list[CustomerAddress]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="CustomerAddress.id"
    )

    @property
    def default_address(self) -> CustomerAddress | None:
        for address in self.addresses:
            if address.is_default:
                return address
        return self.addresses[0] if self.addresses else None

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CustomerContact(Base):
    __tablename__ = "customer_contacts"
    __audit_parent__ = ("customers", "customer_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    customer: Mapped[Customer] = relationship(back_populates="contacts")


class CustomerAddress(Base):
    """A ship-to address (收货地址)."""

    __tablename__ = "customer_addresses"
    __audit_parent__ = ("customers", "customer_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(60))
    recipient: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(40))
    province: Mapped[str | None] = mapped_column(String(40))
    city: Mapped[str | None] = mapped_column(String(40))
    district: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(300))
    is_default: Mapped[bool] = mapped_column(default=False)
    customer: Mapped[Customer] = relationship(back_populates="addresses")

    @property
    def full(self) -> str:
        return "".join(p for p in (self.province, self.city, self.district, self.address) if p)
