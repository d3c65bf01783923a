"""The counter sale (现结): one walk-in sale at the cash-and-carry counter, paid in full on
the spot. It is made of ordinary documents — sales order, delivery note, outbound,
invoice and one receipt per payment method — created, approved and allocated in one
transaction; this record ties them together and keeps the cash given and the change."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, Money, utcnow


class CounterSale(Base):
    __tablename__ = "counter_sales"
    __table_args__ = (
        CheckConstraint("total >= 0", name="total_not_negative"),
        CheckConstraint("change_given >= 0", name="change_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"))
    delivery_note_id: Mapped[int] = mapped_column(ForeignKey("delivery_notes.id"))
    outbound_id: Mapped[int] = mapped_column(ForeignKey("outbounds.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("sales_invoices.id"), unique=True)
    total: Mapped[Decimal] = mapped_column(Money())
    #: Cash handed over by the customer (None when no cash was paid) and the change given back.
    cash_given: Mapped[Decimal | None] = mapped_column(Money())
    change_given: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    customer = relationship("Customer", lazy="joined")
    warehouse = relationship("Warehouse", lazy="joined")
    invoice = relationship("SalesInvoice", lazy="joined")
    order = relationship("SalesOrder")
    created_by = relationship("User")
    receipts = relationship("Receipt", order_by="Receipt.id", lazy="selectin")
