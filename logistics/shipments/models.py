"""Shipments (发运单): approved outbounds of one customer, from one warehouse, to one
address, in numbered packages, with a carrier and a waybill number.

A shipment is a plain record with a status, not a document to approve: it is made when
the goods leave (``shipped``, numbered then) and confirmed when the customer signs for them
(``delivered``, 签收: who, when, a note). Every change is in the audit log like any model.
An outbound is in at most one shipment (a unique link); deleting a shipment that is not
delivered frees its outbounds.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, EnumString, Qty, utcnow
from erp.errors import N_
from erp.numbering.services import register_doc_type
from erp.web.i18n import bilingual

#: (Chinese, English); a shipment is numbered like a document but is not one.
SHIPMENT_LABEL = ("发运单", "Shipment")
register_doc_type("shipment", "FY", label=SHIPMENT_LABEL)


class ShipmentStatus(StrEnum):
    SHIPPED = "shipped"  # 已发运
    DELIVERED = "delivered"  # 已签收


STATUS_LABELS = {ShipmentStatus.SHIPPED: N_("Shipped"), ShipmentStatus.DELIVERED: N_("Delivered")}


class Shipment(Base):
    __tablename__ = "shipments"
    __doc_label__ = SHIPMENT_LABEL
    __table_args__ = (
        UniqueConstraint("carrier_id", "waybill_number"),
        CheckConstraint("status <> 'delivered' OR delivered_at IS NOT NULL", name="delivered_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    status: Mapped[ShipmentStatus] = mapped_column(EnumString(ShipmentStatus, 12), default=ShipmentStatus.SHIPPED,
                                                   index=True)
    ship_date: Mapped[dt.date] = mapped_column(index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    carrier_id: Mapped[int | None] = mapped_column(ForeignKey("carriers.id"), index=True)
    waybill_number: Mapped[str | None] = mapped_column(String(40), index=True)
    ship_to_name: Mapped[str] = mapped_column(String(60))
    ship_to_phone: Mapped[str] = mapped_column(String(40))
    ship_to_address: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    #: 签收: when the customer received the goods, who signed, what they noted.
    delivered_at: Mapped[dt.datetime | None]
    received_by: Mapped[str | None] = mapped_column(String(60))
    delivery_remark: Mapped[str | None] = mapped_column(String(300))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    warehouse = relationship("Warehouse", lazy="selectin")
    customer = relationship("Customer", lazy="selectin")
    carrier = relationship("Carrier", lazy="selectin")
    links: Mapped[list[ShipmentOutbound]] = relationship(
        back_populates="shipment", cascade="all, delete-orphan", order_by="ShipmentOutbound.outbound_id",
        lazy="selectin")
    packages: Mapped[list[ShipmentPackage]] = relationship(
        back_populates="shipment", cascade="all, delete-orphan", order_by="ShipmentPackage.package_no",
        lazy="selectin")

    @property
    def outbounds(self) -> list:
        return [link.outbound for link in self.links]

    @property
    def label(self) -> str:
        return self.number

    def package_code(self, package_no: int) -> str:
        """What the package's own Code 128 carries: ``<outbound>-<nnn>``, or
        ``<shipment>-<nnn>`` when several outbounds travel together."""
        links = self.links
        base = links[0].outbound.label if len(links) == 1 else self.number
        return f"{base}-{package_no:03d}"

    @property
    def total_weight(self) -> Decimal | None:
        weights = [p.weight_kg for p in self.packages]
        return sum(weights, Decimal(0)) if weights and None not in weights else None

    def __str__(self) -> str:
        return f"{bilingual(self.__doc_label__)} {self.number}"


class ShipmentOutbound(Base):
    """An outbound travelling in a shipment (at most one: ``outbound_id`` is unique)."""

    __tablename__ = "shipment_outbounds"
    __audit_parent__ = ("shipments", "shipment_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"), index=True)
    outbound_id: Mapped[int] = mapped_column(ForeignKey("outbounds.id"), unique=True)

    shipment: Mapped[Shipment] = relationship(back_populates="links")
    outbound = relationship("Outbound", lazy="joined")


class ShipmentPackage(Base):
    """Package n of a shipment (件), with its weight when known."""

    __tablename__ = "shipment_packages"
    __audit_parent__ = ("shipments", "shipment_id")
    __table_args__ = (
        UniqueConstraint("shipment_id", "package_no"),
        CheckConstraint("package_no >= 1", name="package_no_positive"),
        CheckConstraint("weight_kg IS NULL OR weight_kg > 0", name="weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"), index=True)
    package_no: Mapped[int]
    weight_kg: Mapped[Decimal | None] = mapped_column(Qty())

    shipment: Mapped[Shipment] = relationship(back_populates="packages")
