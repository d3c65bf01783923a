"""Approval rules, the steps taken, and the open requests that make up the inbox."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, EnumString, Money, utcnow


class ApprovalRule(Base):
    """An extra approval level for a document type.

    It applies when the document's amount reaches ``min_amount`` and/or the
    document raises ``flag`` (e.g. ``price_below_min``, ``over_credit_limit``);
    with neither set it always applies. Level 1 (the permission
    ``<doc_type>.approve``) is always required; rules add levels 2, 3, … taken
    in order of ``level``.
    """

    __tablename__ = "approval_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40), index=True)
    level: Mapped[int] = mapped_column(default=2)
    name: Mapped[str] = mapped_column(String(120))
    min_amount: Mapped[Decimal | None] = mapped_column(Money())
    flag: Mapped[str | None] = mapped_column(String(40))
    permission: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(default=True)


class ApprovalStep(Base):
    """One level approved by one user. Voided (never deleted) by unapprove or reject."""

    __tablename__ = "approval_steps"
    __audit__ = False  # the transition's own audit row says it
    __table_args__ = (Index("ix_approval_steps_doc", "doc_type", "doc_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    doc_id: Mapped[int]
    level: Mapped[int]
    permission: Mapped[str] = mapped_column(String(80))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("approval_rules.id"))
    name: Mapped[str] = mapped_column(String(120))
    approved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    amount: Mapped[Decimal] = mapped_column(Money())
    void: Mapped[bool] = mapped_column(default=False)
    voided_at: Mapped[dt.datetime | None]
    void_reason: Mapped[str | None] = mapped_column(String(40))

    approved_by = relationship("User", lazy="joined")


class RequestStatus(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ApprovalRequest(Base):
    """A document waiting for approval: what the inbox lists, and for whom."""

    __tablename__ = "approval_requests"
    __table_args__ = (Index("ix_approval_requests_open", "status", "next_permission"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    doc_id: Mapped[int]
    doc_label: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Money())
    status: Mapped[RequestStatus] = mapped_column(EnumString(RequestStatus, 10), default=RequestStatus.OPEN)
    next_level: Mapped[int | None]
    next_permission: Mapped[str | None] = mapped_column(String(80))
    next_name: Mapped[str | None] = mapped_column(String(120))
    reasons: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)

    requested_by = relationship("User", foreign_keys=[requested_by_id], lazy="joined")

    @property
    def display_label(self) -> str:
        """``doc_label`` (stored in Chinese: ``销售订单 SO…``) with the document type named in
        the page's language."""
        from erp.documents.base import DOCUMENT_TYPES

        cls = DOCUMENT_TYPES.get(self.doc_type)
        stored = f"{cls.__doc_label__[0]} " if cls is not None else None
        if stored and self.doc_label.startswith(stored):
            return f"{cls.type_label()} {self.doc_label[len(stored):]}"
        return self.doc_label
