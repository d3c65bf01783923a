"""The purchase return (采购退货单): received goods sent back to the supplier.

Made from one goods receipt; each line names its receipt line (``origin_line_id``) and
the batch the goods leave from (the receipt line's by default). Approval issues the
goods at the cost they came in with, adds the quantity and the amounts to the receipt
line (what is owed goes down by them) and to the order line (which re-opens it).
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base, Money
from erp.documents.base import DocState, Document, DocumentLine
from erp.numbering.services import register_doc_type
from inventory.documents import STOCK_TRANSITIONS
from purchasing.downstream import DownstreamHooks
from purchasing.lines import PurchaseHeaderMixin, PurchaseLineMixin, line_checks
from purchasing.receipts.models import GoodsReceipt, register_receipt_downstream

register_doc_type("purchase_return", "CGTH")

#: What is made from purchase returns (supplier credits, in finance).
RETURN_DOWNSTREAM = DownstreamHooks()
register_return_downstream = RETURN_DOWNSTREAM.register


class PurchaseReturn(Base, Document, PurchaseHeaderMixin):
    __tablename__ = "purchase_returns"
    __doc_type__ = "purchase_return"
    __doc_label__ = ("采购退货单", "Purchase return")
    __view_endpoint__ = "purchase_returns.detail"
    TRANSITIONS = STOCK_TRANSITIONS

    receipt_id: Mapped[int] = mapped_column(ForeignKey("goods_receipts.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    reason: Mapped[str | None] = mapped_column(String(300))

    receipt = relationship("GoodsReceipt", lazy="selectin")
    order = relationship("PurchaseOrder", lazy="selectin")
    lines: Mapped[list[PurchaseReturnLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="PurchaseReturnLine.line_no",
        lazy="selectin")

    def downstream_documents(self, session: Session) -> list[Document]:
        return RETURN_DOWNSTREAM.documents(session, self)


class PurchaseReturnLine(Base, DocumentLine, PurchaseLineMixin):
    __tablename__ = "purchase_return_lines"
    __audit_parent__ = ("purchase_return", "document_id")
    __table_args__ = line_checks()
    #: The stock value that left (set at approval, cleared by unapprove).
    PROGRESS_FIELDS = frozenset({"cost_value"})

    document_id: Mapped[int] = mapped_column(ForeignKey("purchase_returns.id", ondelete="CASCADE"), index=True)
    origin_line_id: Mapped[int] = mapped_column(ForeignKey("goods_receipt_lines.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    cost_value: Mapped[Decimal | None] = mapped_column(Money())

    document: Mapped[PurchaseReturn] = relationship(back_populates="lines")
    origin = relationship("GoodsReceiptLine", lazy="joined")
    batch = relationship("Batch", lazy="joined")


@register_receipt_downstream
def returns_of_receipt(session: Session, receipt: GoodsReceipt) -> list[Document]:
    return list(session.scalars(select(PurchaseReturn).where(
        PurchaseReturn.receipt_id == receipt.id, PurchaseReturn.state != DocState.CANCELLED)
        .order_by(PurchaseReturn.id)))
