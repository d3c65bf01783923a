"""The outbound (销售出库单): goods leaving a warehouse for a customer, batch by batch.

Lines say what and how much; allocations say from which batches (FEFO by default,
or chosen by the user). Approval posts one issue move per allocation at the moving
average cost and consumes the reservation its origin line (a delivery note line)
held. The sales chain fills ``origin_type``/``origin_id``/``origin_line_id`` and
registers what is made from an outbound (invoices, returns) with
:func:`register_outbound_downstream`, so that unapprove is refused while such
documents exist, and what its origin allows with :func:`register_origin_guard` (an
outbound of a closed delivery note stays approved).
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base, Money, Qty
from erp.documents.base import Document, DocumentLine
from erp.numbering.services import register_doc_type
from inventory.documents import STOCK_TRANSITIONS
from inventory.stock.lines import StockLineMixin

register_doc_type("outbound", "XSCK")

#: ``(session, outbound) -> documents made from it that still count``, registered by the
#: packages that make them (``erp.sales``: invoices, returns). Inventory cannot import them.
DownstreamQuery = Callable[[Session, "Outbound"], list[Document]]
DOWNSTREAM_QUERIES: list[DownstreamQuery] = []


def register_outbound_downstream(query: DownstreamQuery) -> DownstreamQuery:
    """Declare a kind of document made from outbounds (usable as a decorator)."""
    if query not in DOWNSTREAM_QUERIES:
        DOWNSTREAM_QUERIES.append(query)
    return query


#: ``(session, outbound, verb) -> None`` per ``origin_type``, registered by the package
#: whose documents outbounds are made from; it raises to refuse the verb (``unapprove``:
#: the goods would be held again for an origin that has given them up).
OriginGuard = Callable[[Session, "Outbound", str], None]
ORIGIN_GUARDS: dict[str, OriginGuard] = {}


def register_origin_guard(origin_type: str, guard: OriginGuard) -> OriginGuard:
    ORIGIN_GUARDS[origin_type] = guard
    return guard


class Outbound(Base, Document):
    __tablename__ = "outbounds"
    __doc_type__ = "outbound"
    __doc_label__ = ("销售出库单", "Outbound")
    __view_endpoint__ = "inventory.outbound_detail"
    TRANSITIONS = STOCK_TRANSITIONS

    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    #: The upstream document (a delivery note) it was made from, if any.
    origin_type: Mapped[str | None] = mapped_column(String(30))
    origin_id: Mapped[int | None]

    warehouse = relationship("Warehouse")
    customer = relationship("Customer")
    lines: Mapped[list[OutboundLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="OutboundLine.line_no", lazy="selectin",
    )

    def downstream_documents(self, session: Session) -> list[Document]:
        return [doc for query in DOWNSTREAM_QUERIES for doc in query(session, self)]

    def check_origin_allows(self, session: Session, verb: str) -> None:
        """Let the origin's package refuse ``verb`` (see :func:`register_origin_guard`)."""
        guard = ORIGIN_GUARDS.get(self.origin_type) if self.origin_type and self.origin_id else None
        if guard is not None:
            guard(session, self, verb)


class OutboundLine(Base, DocumentLine, StockLineMixin):
    __tablename__ = "outbound_lines"
    __audit_parent__ = ("outbound", "document_id")
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("qty_base > 0", name="qty_base_positive"),
        CheckConstraint("reservation_consumed >= 0", name="reservation_consumed_not_negative"),
        CheckConstraint("qty_invoiced >= 0 AND qty_invoiced <= qty", name="qty_invoiced_in_range"),
        CheckConstraint("qty_returned >= 0 AND qty_returned <= qty", name="qty_returned_in_range"),
    )
    #: Kept by code after approval: what approval consumed and cost, and the sales
    #: chain's progress (in the line's unit, like ``qty``).
    PROGRESS_FIELDS = frozenset({"reservation_consumed", "cost_value", "qty_invoiced", "qty_returned"})

    document_id: Mapped[int] = mapped_column(ForeignKey("outbounds.id", ondelete="CASCADE"), index=True)
    origin_line_id: Mapped[int | None] = mapped_column(index=True)
    #: Base-unit quantity of the origin line's reservation that approval consumed.
    reservation_consumed: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))
    #: Cost of goods issued (销售成本): the sum of the line's move values, set at approval.
    cost_value: Mapped[Decimal | None] = mapped_column(Money())
    qty_invoiced: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))
    qty_returned: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))

    document: Mapped[Outbound] = relationship(back_populates="lines")
    allocations: Mapped[list[OutboundAllocation]] = relationship(
        back_populates="line", cascade="all, delete-orphan", order_by="OutboundAllocation.line_no", lazy="selectin",
    )

    @property
    def allocated(self) -> Decimal:
        return sum((a.qty for a in self.allocations), Decimal(0))


class OutboundAllocation(Base, DocumentLine):
    """Which batch (None for products without batches) gives how much (base unit) of a line.
    ``manual``: chosen by the user, kept when FEFO allocation runs again."""

    __tablename__ = "outbound_allocations"
    __audit_parent__ = ("outbound", "document_id")
    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("outbounds.id", ondelete="CASCADE"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("outbound_lines.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    qty: Mapped[Decimal] = mapped_column(Qty())
    manual: Mapped[bool] = mapped_column(default=False)

    document: Mapped[Outbound] = relationship()
    line: Mapped[OutboundLine] = relationship(back_populates="allocations")
    batch = relationship("Batch")
