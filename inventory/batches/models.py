"""Batches (批次): a lot of one product with its production and expiry dates."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, EnumString, utcnow
from erp.db.uow import held_per_transaction
from erp.errors import N_


class BatchStatus(StrEnum):
    ACTIVE = "active"  # 正常
    BLOCKED = "blocked"  # 冻结: quality hold, never allocated to a sale


BATCH_STATUS_LABELS = {BatchStatus.ACTIVE: N_("Normal"), BatchStatus.BLOCKED: N_("Blocked")}


@held_per_transaction
class Batch(Base):
    """A batch number is unique per product. Expired is not a status: it follows from
    the expiry date and the day one asks (:meth:`is_expired`)."""

    __tablename__ = "batches"
    __table_args__ = (
        UniqueConstraint("product_id", "batch_no"),
        CheckConstraint("expiry_date IS NULL OR production_date IS NULL OR expiry_date >= production_date",
                        name="expiry_after_production"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    batch_no: Mapped[str] = mapped_column(String(40))
    production_date: Mapped[dt.date | None]
    #: The last day the goods may be used (保质期至); None: they do not expire.
    expiry_date: Mapped[dt.date | None] = mapped_column(index=True)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"), index=True)
    status: Mapped[BatchStatus] = mapped_column(EnumString(BatchStatus, 12), default=BatchStatus.ACTIVE)
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    product = relationship("Product")
    supplier = relationship("Supplier")

    def is_expired(self, on: dt.date) -> bool:
        """Expired once the day after the expiry date has come."""
        return self.expiry_date is not None and self.expiry_date < on

    def days_left(self, on: dt.date) -> int | None:
        return None if self.expiry_date is None else (self.expiry_date - on).days

    @property
    def label(self) -> str:
        return self.batch_no

    def __str__(self) -> str:
        return self.batch_no
