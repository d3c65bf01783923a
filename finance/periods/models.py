"""What a month looked like when it was closed (月末结账快照): the inventory valuation per
product and warehouse, and every open receivable (and payable) item. Closing the month
again after a reopen replaces its snapshot."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from erp.db import Base, EnumString, Money, Qty
from finance.ledger.models import ItemKind, Side


class StockSnapshot(Base):
    __tablename__ = "period_stock_snapshots"
    __audit__ = False  # a copy of the stock ledger's sums

    month: Mapped[str] = mapped_column(ForeignKey("periods.month"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), primary_key=True)
    qty: Mapped[Decimal] = mapped_column(Qty())
    value: Mapped[Decimal] = mapped_column(Money())


class OpenItemSnapshot(Base):
    __tablename__ = "period_open_item_snapshots"
    __audit__ = False  # a copy of the open-item ledger's sums

    month: Mapped[str] = mapped_column(ForeignKey("periods.month"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("open_items.id"), primary_key=True)
    side: Mapped[Side] = mapped_column(EnumString(Side, 12), index=True)
    kind: Mapped[ItemKind] = mapped_column(EnumString(ItemKind, 10))
    party_id: Mapped[int]
    doc_type: Mapped[str] = mapped_column(String(30))
    number: Mapped[str | None] = mapped_column(String(30))
    due_date: Mapped[dt.date] = mapped_column(Date)
    open_amount: Mapped[Decimal] = mapped_column(Money())
