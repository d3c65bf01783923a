"""Document numbering rules and counters."""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from erp.db import Base, EnumString
from erp.errors import N_


class Reset(StrEnum):
    DAILY = "daily"
    MONTHLY = "monthly"
    YEARLY = "yearly"
    NEVER = "never"


#: What the numbering page shows for each restart (translated there).
RESET_LABELS = {
    Reset.DAILY: N_("Every day"),
    Reset.MONTHLY: N_("Every month"),
    Reset.YEARLY: N_("Every year"),
    Reset.NEVER: N_("Never"),
}


class NumberingRule(Base):
    """How numbers of one document type look: ``prefix + date + '-' + sequence``.

    ``SO`` + ``20261126`` + ``-`` + ``0001``. The sequence restarts per day,
    month, year or never. ``gap_free`` types (invoices) never lose a number: a
    numbered document can only be cancelled (voided), never deleted, and
    ``erp check`` verifies the sequence has no holes.
    """

    __tablename__ = "numbering_rules"

    doc_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(10))
    date_format: Mapped[str] = mapped_column(String(20), default="%Y%m%d")
    separator: Mapped[str] = mapped_column(String(3), default="-")
    padding: Mapped[int] = mapped_column(default=4)
    reset: Mapped[Reset] = mapped_column(EnumString(Reset, 10), default=Reset.DAILY)
    gap_free: Mapped[bool] = mapped_column(default=False)

    @property
    def id(self) -> str:
        return self.doc_type


class NumberCounter(Base):
    """The last number given per document type and period (row-locked while in use)."""

    __tablename__ = "number_counters"
    __audit__ = False

    doc_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
