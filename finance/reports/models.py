"""Monthly sales targets (销售目标) per salesperson, entered by managers.

A target is a net amount (不含税销售额) for one salesperson in one calendar month; the
achievement report compares it with that salesperson's net sales (see
:mod:`finance.reports.facts`). Changes are audited like every model.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

import finance.reports.permissions  # noqa: F401  (declared before roles are synced)
from erp.db import Base, Money, utcnow


class SalesTarget(Base):
    __tablename__ = "sales_targets"
    __table_args__ = (
        UniqueConstraint("salesperson_id", "year", "month", name="uq_sales_targets_salesperson_month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_in_range"),
        CheckConstraint("year BETWEEN 2000 AND 2999", name="year_in_range"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salesperson_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    year: Mapped[int]
    month: Mapped[int]
    #: Net sales (ex VAT) expected in the month.
    amount: Mapped[Decimal] = mapped_column(Money())
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    salesperson = relationship("User", foreign_keys=[salesperson_id], lazy="joined")
