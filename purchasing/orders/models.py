"""The purchase order (采购订单): what is bought from a supplier, for which warehouse, by when.

Each line keeps, in the base unit, what approved goods receipts brought in
(``qty_received``) and what approved purchase returns sent back (``qty_returned``).
What is still open is ordered − (received − returned): a return re-opens the quantity,
so the supplier may deliver a replacement, or the purchaser closes the order short.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base, Qty
from erp.documents.base import DocState, Document, DocumentLine
from erp.errors import N_
from erp.numbering.services import register_doc_type
from purchasing.lines import PurchaseHeaderMixin, PurchaseLineMixin, line_checks

register_doc_type("purchase_order", "PO")

ZERO = Decimal(0)

#: Derived receiving status of an approved order, shown with the state.
RECEIPT_STATUS_LABELS = {
    "approved": N_("Not received"),
    "partly_received": N_("Partly received"),
    "received": N_("Fully received"),
    "closed": N_("Closed"),
}


class PurchaseOrder(Base, Document, PurchaseHeaderMixin):
    __tablename__ = "purchase_orders"
    __doc_type__ = "purchase_order"
    __doc_label__ = ("采购订单", "Purchase order")
    __view_endpoint__ = "purchase_orders.detail"

    #: When the supplier is expected to deliver (预计到货日期).
    expected_date: Mapped[dt.date | None]
    #: The supplier's own reference (供应商单号), e.g. its order confirmation.
    supplier_ref: Mapped[str | None] = mapped_column(String(40))

    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="PurchaseOrderLine.line_no",
        lazy="selectin")

    def downstream_documents(self, session: Session) -> list[Document]:
        from purchasing.receipts.models import GoodsReceipt

        return list(session.scalars(select(GoodsReceipt).where(
            GoodsReceipt.order_id == self.id, GoodsReceipt.state != DocState.CANCELLED).order_by(GoodsReceipt.id)))

    @property
    def receipt_status(self) -> str | None:
        """approved · partly_received · received · closed (None before approval)."""
        if self.state == DocState.CLOSED:
            return "closed"
        if self.state != DocState.APPROVED:
            return None
        if self.lines and all(line.qty_open == 0 for line in self.lines):
            return "received"
        if any(line.qty_received > 0 for line in self.lines):
            return "partly_received"
        return "approved"


class PurchaseOrderLine(Base, DocumentLine, PurchaseLineMixin):
    __tablename__ = "purchase_order_lines"
    __audit_parent__ = ("purchase_order", "document_id")
    __table_args__ = (
        *line_checks(),
        CheckConstraint("qty_received >= 0", name="qty_received_not_negative"),
        CheckConstraint("qty_returned >= 0 AND qty_returned <= qty_received", name="qty_returned_in_range"),
    )
    PROGRESS_FIELDS = frozenset({"qty_received", "qty_returned"})

    document_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True)
    #: Base unit, kept by the approvals of goods receipts and purchase returns.
    qty_received: Mapped[Decimal] = mapped_column(Qty(), default=ZERO)
    qty_returned: Mapped[Decimal] = mapped_column(Qty(), default=ZERO)

    document: Mapped[PurchaseOrder] = relationship(back_populates="lines")

    @property
    def qty_kept(self) -> Decimal:
        """Received and not returned (base unit)."""
        return (self.qty_received or ZERO) - (self.qty_returned or ZERO)

    @property
    def qty_open(self) -> Decimal:
        """Still to be received (base unit): ordered − kept, never below 0."""
        return max(self.qty_base - self.qty_kept, ZERO)
