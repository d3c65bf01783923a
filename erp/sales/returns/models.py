"""The sales return (退货单): goods a customer sends back from shipped outbound lines
(never more than shipped minus already returned), received into a chosen warehouse and
batch at the cost they left with. A credit note (红字发票) follows for what was invoiced."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base, Money, Price
from erp.documents.base import DocState, Document, DocumentLine
from erp.numbering.services import register_doc_type
from erp.sales.lines import SalesHeaderMixin, SalesLineMixin, line_checks
from inventory.documents import STOCK_TRANSITIONS

register_doc_type("sales_return", "XSTH")


class SalesReturn(Base, Document, SalesHeaderMixin):
    __tablename__ = "sales_returns"
    __doc_type__ = "sales_return"
    __doc_label__ = ("退货单", "Sales return")
    __view_endpoint__ = "sales_returns.detail"
    #: Like every stock document: unapprove (which takes the goods out again) before cancelling.
    TRANSITIONS = STOCK_TRANSITIONS

    outbound_id: Mapped[int] = mapped_column(ForeignKey("outbounds.id"), index=True)
    #: Where the goods go back in.
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    reason: Mapped[str | None] = mapped_column(String(300))

    outbound = relationship("Outbound")
    warehouse = relationship("Warehouse")
    lines: Mapped[list[SalesReturnLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="SalesReturnLine.line_no",
        lazy="selectin")

    def downstream_documents(self, session: Session) -> list[Document]:
        from erp.sales.credit_notes.models import CreditNote

        return list(session.scalars(select(CreditNote).where(
            CreditNote.sales_return_id == self.id, CreditNote.state != DocState.CANCELLED).order_by(CreditNote.id)))


class SalesReturnLine(Base, DocumentLine, SalesLineMixin):
    __tablename__ = "sales_return_lines"
    __audit_parent__ = ("sales_return", "document_id")
    __table_args__ = (
        *line_checks(),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
        CheckConstraint("cost_value >= 0", name="cost_value_not_negative"),
    )

    document_id: Mapped[int] = mapped_column(ForeignKey("sales_returns.id", ondelete="CASCADE"), index=True)
    #: The outbound line the goods left with.
    origin_line_id: Mapped[int] = mapped_column(ForeignKey("outbound_lines.id"), index=True)
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("sales_order_lines.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    #: The cost they left with, per base unit, and for the line's quantity (to the fen).
    unit_cost: Mapped[Decimal] = mapped_column(Price())
    cost_value: Mapped[Decimal] = mapped_column(Money())

    document: Mapped[SalesReturn] = relationship(back_populates="lines")
    origin = relationship("OutboundLine")
    order_line = relationship("SalesOrderLine")
    batch = relationship("Batch")
