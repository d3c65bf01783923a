"""Carriers (承运商)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from erp.db import Base, utcnow


class Carrier(Base):
    """A carrier. ``waybill_prefix`` (unique) makes waybill numbers of our own
    (``SF20261126-0001``) when the carrier does not give them; without it numbers are entered."""

    __tablename__ = "carriers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    waybill_prefix: Mapped[str | None] = mapped_column(String(10), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def waybill_doc_type(self) -> str:
        """The numbering sequence of its waybills (``erp.numbering``)."""
        return f"waybill_{self.id}"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
