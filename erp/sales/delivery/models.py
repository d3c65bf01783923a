"""The delivery note (发货单): part or all of what remains of a sales order, to leave one
warehouse. Approval reserves the stock for each line (inventory's reservations); the
warehouse then issues it with an outbound (销售出库单) made from the note, which
consumes the reservation. Closing a note (关闭) gives up what was not shipped: each
line's ``qty_closed`` releases its stock and gives the quantity back to the order."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base, Qty
from erp.documents.base import STANDARD_TRANSITIONS, DocState, Document, DocumentLine
from erp.numbering.services import register_doc_type
from erp.sales.lines import SalesHeaderMixin, SalesLineMixin, line_checks

register_doc_type("delivery_note", "FH")

#: The standard verbs: ``close`` gives up what was not shipped, ``reopen`` holds it again.
DELIVERY_TRANSITIONS = STANDARD_TRANSITIONS


class DeliveryNote(Base, Document, SalesHeaderMixin):
    __tablename__ = "delivery_notes"
    __doc_type__ = "delivery_note"
    __doc_label__ = ("发货单", "Delivery note")
    __view_endpoint__ = "delivery_notes.detail"
    TRANSITIONS = DELIVERY_TRANSITIONS

    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    ship_to: Mapped[str | None] = mapped_column(String(300))

    order = relationship("SalesOrder")
    warehouse = relationship("Warehouse")
    lines: Mapped[list[DeliveryNoteLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DeliveryNoteLine.line_no",
        lazy="selectin")

    def downstream_documents(self, session: Session) -> list[Document]:
        from inventory.outbounds.models import Outbound

        return list(session.scalars(select(Outbound).where(
            Outbound.origin_type == self.__doc_type__, Outbound.origin_id == self.id,
            Outbound.state != DocState.CANCELLED).order_by(Outbound.id)))


class DeliveryNoteLine(Base, DocumentLine, SalesLineMixin):
    __tablename__ = "delivery_note_lines"
    __audit_parent__ = ("delivery_note", "document_id")
    __table_args__ = (*line_checks(),
                      CheckConstraint("qty_closed >= 0 AND qty_closed <= qty_base", name="qty_closed_in_range"))
    PROGRESS_FIELDS = frozenset({"qty_closed"})

    document_id: Mapped[int] = mapped_column(ForeignKey("delivery_notes.id", ondelete="CASCADE"), index=True)
    #: The sales order line it delivers.
    origin_line_id: Mapped[int] = mapped_column(ForeignKey("sales_order_lines.id"), index=True)
    #: Base quantity given up when the note was closed (not shipped, no longer held, back
    #: on the order line); 0 while the note is open.
    qty_closed: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0), server_default="0")

    document: Mapped[DeliveryNote] = relationship(back_populates="lines")
    origin = relationship("SalesOrderLine")
