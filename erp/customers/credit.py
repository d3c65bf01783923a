"""Credit limit changes (信用额度调整单): the first real document on the foundation.

Raising customers' credit limits is a decision with an approval: a draft lists
customers and their new limits; approval (by level and amount rules) applies
the new limits; unapproving restores the old ones, refused while a later
approved change of the same customer exists (that change is "downstream").
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp import clock
from erp.auth.permissions import permission
from erp.db import Base, Money
from erp.documents.base import Document, DocumentLine
from erp.errors import N_
from erp.numbering.services import register_doc_type

CREDIT_CHANGE_VIEW = permission("credit_change.view", N_("View credit limit changes"), "sales_clerk", "sales_manager", "finance")
CREDIT_CHANGE_EDIT = permission("credit_change.edit", N_("Enter credit limit changes"), "sales_clerk", "sales_manager", "finance")
CREDIT_CHANGE_APPROVE = permission("credit_change.approve", N_("Approve credit limit changes"), "sales_manager")
CREDIT_CHANGE_APPROVE_FINANCE = permission("credit_change.approve_finance", N_("Finance review of credit limits"), "finance")
CREDIT_CHANGE_UNAPPROVE = permission("credit_change.unapprove", N_("Unapprove credit limit changes"), "sales_manager")
CREDIT_CHANGE_CANCEL = permission("credit_change.cancel", N_("Cancel credit limit changes"), "sales_manager")
CREDIT_CHANGE_CLOSE = permission("credit_change.close", N_("Close credit limit changes"), "sales_manager")

register_doc_type("credit_change", "CL")


class CreditLimitChange(Base, Document):
    __tablename__ = "credit_limit_changes"
    __doc_type__ = "credit_change"
    __doc_label__ = ("信用额度调整单", "Credit limit change")
    __view_endpoint__ = "credit.detail"

    reason: Mapped[str | None] = mapped_column(String(300))
    lines: Mapped[list[CreditLimitChangeLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="CreditLimitChangeLine.line_no",
        lazy="selectin",
    )

    def approval_amount(self) -> Decimal:
        """Rules compare with the highest new limit on the document."""
        return max((line.new_limit for line in self.lines), default=Decimal("0.00"))

    def approval_flags(self, session: Session) -> dict[str, str]:
        flags = {}
        for line in self.lines:
            old = (line.old_limit if line.old_limit is not None else line.customer.credit_limit) or Decimal(0)
            if old and line.new_limit >= old * 2:
                flags["doubles_limit"] = f"{line.customer.name}: {old} → {line.new_limit}"
        return flags

    def downstream_documents(self, session: Session) -> list[Document]:
        """Later approved changes touching the same customers (they assumed this one's limits)."""
        customer_ids = [line.customer_id for line in self.lines]
        if not customer_ids or self.approved_at is None:
            return []
        from erp.documents.base import DocState

        stmt = (
            select(CreditLimitChange)
            .join(CreditLimitChangeLine)
            .where(CreditLimitChangeLine.customer_id.in_(customer_ids),
                   CreditLimitChange.id != self.id,
                   CreditLimitChange.state.in_([DocState.APPROVED, DocState.CLOSED]),
                   CreditLimitChange.approved_at > self.approved_at)
            .distinct()
        )
        return list(session.scalars(stmt))


class CreditLimitChangeLine(Base, DocumentLine):
    __tablename__ = "credit_limit_change_lines"
    __audit_parent__ = ("credit_change", "document_id")
    PROGRESS_FIELDS = frozenset({"old_limit"})

    document_id: Mapped[int] = mapped_column(ForeignKey("credit_limit_changes.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    #: The limit before approval (recorded at approval, restored by unapprove).
    old_limit: Mapped[Decimal | None] = mapped_column(Money())
    new_limit: Mapped[Decimal] = mapped_column(Money())

    document: Mapped[CreditLimitChange] = relationship(back_populates="lines")
    customer = relationship("Customer", lazy="joined")


def _today() -> dt.date:
    return clock.today()
