"""The audit log: append-only rows of who changed what, when, from what to what."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from erp.db import Base, utcnow
from erp.db.types import JSONDocument


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __audit__ = False
    __table_args__ = (
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_parent", "parent_type", "parent_id"),
        Index("ix_audit_log_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(40))
    entity_label: Mapped[str | None] = mapped_column(String(120))
    parent_type: Mapped[str | None] = mapped_column(String(60))
    parent_id: Mapped[str | None] = mapped_column(String(40))
    changes: Mapped[dict | None] = mapped_column(JSONDocument())
    note: Mapped[str | None] = mapped_column(Text)
