"""Bank statements (银行对账单) imported from the bank's CSV, one line per credit, each
matched to a receipt (or turned into one)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, EnumString, Money, utcnow
from erp.errors import N_


class BankLineStatus(StrEnum):
    UNMATCHED = "unmatched"  # 未对账
    MATCHED = "matched"  # 已匹配到收款单
    CREATED = "created"  # 据此生成了收款单


STATUS_LABELS = {
    BankLineStatus.UNMATCHED: N_("Unmatched"),
    BankLineStatus.MATCHED: N_("Matched"),
    BankLineStatus.CREATED: N_("Receipt created"),
}


class BankStatement(Base):
    __tablename__ = "bank_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Our account the money came into (开户行及账号), as the user names it.
    account: Mapped[str | None] = mapped_column(String(80))
    filename: Mapped[str | None] = mapped_column(String(200))
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    line_count: Mapped[int] = mapped_column(default=0)
    total: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    #: Rows of the bank's file that were money paid out, left out of the statement.
    skipped_outgoing: Mapped[int] = mapped_column(default=0, server_default="0")

    lines: Mapped[list[BankLine]] = relationship(back_populates="statement", order_by="BankLine.row_no",
                                                 cascade="all, delete-orphan")
    imported_by = relationship("User")


class BankLine(Base):
    __tablename__ = "bank_lines"
    __audit_parent__ = ("bank_statements", "statement_id")
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statements.id", ondelete="CASCADE"), index=True)
    #: Row of the file (the header is row 1), for the report.
    row_no: Mapped[int]
    txn_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money())
    payer_name: Mapped[str | None] = mapped_column(String(120))
    payer_account: Mapped[str | None] = mapped_column(String(40))
    #: The payer's memo (摘要/附言): often an invoice number.
    reference: Mapped[str | None] = mapped_column(String(100))
    #: The bank's own transaction number (流水号): a line is imported once.
    serial: Mapped[str | None] = mapped_column(String(60), unique=True)
    status: Mapped[BankLineStatus] = mapped_column(EnumString(BankLineStatus, 12), default=BankLineStatus.UNMATCHED)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), unique=True)

    statement: Mapped[BankStatement] = relationship(back_populates="lines")
    customer = relationship("Customer", lazy="joined")
    receipt = relationship("Receipt", lazy="joined")
