"""Accounting periods (会计期间): a month is open until finance closes it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from erp.db import Base


class Period(Base):
    """A month, ``YYYY-MM``. Only closed months (and months closed once) have a row."""

    __tablename__ = "periods"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    closed: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[dt.datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopened_at: Mapped[dt.datetime | None]
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def id(self) -> str:
        return self.month
