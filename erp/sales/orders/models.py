"""The sales order (销售订单): what a customer ordered, from a quote or entered directly.

Each line tracks, in the base unit, what approved delivery notes took (``qty_delivered``),
what approved invoices cover net of credit notes for returned goods (``qty_invoiced``)
and what came back (``qty_returned``); what was shipped is derived from inventory's
outbounds (see :mod:`erp.sales.orders.progress`). The order's fulfilment status follows.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base, Qty
from erp.documents.approvals import register_flag
from erp.documents.base import DocState, Document, DocumentLine
from erp.errors import N_
from erp.numbering.services import register_doc_type
from erp.sales.lines import SalesHeaderMixin, SalesLineMixin, line_checks
from erp.sales.pricing import below_minimum_reasons

register_doc_type("sales_order", "SO")
register_flag("sales_order", "price_below_min", N_("Below the minimum price"))
register_flag("sales_order", "over_credit_limit", N_("Over the credit limit or with overdue receivables"))

#: Derived fulfilment status of an approved order, shown with the state.
FULFILMENT_LABELS = {
    "approved": N_("Approved"),
    "partly_delivered": N_("Partly delivered"),
    "delivered": N_("Fully delivered"),
    "invoiced": N_("Fully invoiced"),
    "closed": N_("Closed short"),
}

ZERO = Decimal(0)


class SalesOrder(Base, Document, SalesHeaderMixin):
    __tablename__ = "sales_orders"
    __doc_type__ = "sales_order"
    __doc_label__ = ("销售订单", "Sales order")
    __view_endpoint__ = "sales_orders.detail"

    #: The warehouse the goods leave from (the delivery notes' default).
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"), index=True)
    delivery_date: Mapped[dt.date | None]
    ship_to: Mapped[str | None] = mapped_column(String(300))
    #: The customer's own order reference (客户订单号).
    customer_po: Mapped[str | None] = mapped_column(String(40))

    warehouse = relationship("Warehouse")
    quote = relationship("Quote")
    lines: Mapped[list[SalesOrderLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="SalesOrderLine.line_no",
        lazy="selectin")

    def approval_flags(self, session: Session) -> dict[str, str]:
        """Cached for the unit of work's approval call (the engine asks several times)."""
        cached = self.__dict__.get("_flags")
        if cached is not None:
            return cached
        from erp.sales.credit import credit_problem

        flags = {}
        reasons = below_minimum_reasons(self)
        if reasons:
            flags["price_below_min"] = "; ".join(reasons)
        problem = None if self.paid_now else credit_problem(session, self)
        if problem:
            flags["over_credit_limit"] = problem
        self.__dict__["_flags"] = flags
        return flags

    #: Set by ``approve_order(paid_now=True)`` for the approval call only (not a column):
    #: an order paid in full at once raises no credit flag.
    paid_now = False

    def forget_flags(self) -> None:
        self.__dict__.pop("_flags", None)

    def downstream_documents(self, session: Session) -> list[Document]:
        from erp.sales.delivery.models import DeliveryNote

        return list(session.scalars(select(DeliveryNote).where(
            DeliveryNote.order_id == self.id, DeliveryNote.state != DocState.CANCELLED).order_by(DeliveryNote.id)))

    @property
    def fulfilment(self) -> str | None:
        """approved · partly_delivered · delivered · invoiced · closed (None before approval)."""
        if self.state == DocState.CLOSED:
            return "closed"
        if self.state != DocState.APPROVED:
            return None
        if self.lines and all(line.qty_invoiced >= line.qty_base for line in self.lines):
            return "invoiced"
        if self.lines and all(line.qty_delivered >= line.qty_base for line in self.lines):
            return "delivered"
        if any(line.qty_delivered > 0 for line in self.lines):
            return "partly_delivered"
        return "approved"


class SalesOrderLine(Base, DocumentLine, SalesLineMixin):
    __tablename__ = "sales_order_lines"
    __audit_parent__ = ("sales_order", "document_id")
    __table_args__ = (
        *line_checks(),
        CheckConstraint("qty_delivered >= 0 AND qty_delivered <= qty_base", name="qty_delivered_in_range"),
        CheckConstraint("qty_invoiced >= 0 AND qty_invoiced <= qty_base", name="qty_invoiced_in_range"),
        CheckConstraint("qty_returned >= 0 AND qty_returned <= qty_base", name="qty_returned_in_range"),
    )
    PROGRESS_FIELDS = frozenset({"qty_delivered", "qty_invoiced", "qty_returned"})

    document_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"), index=True)
    #: The quote line it was made from.
    origin_line_id: Mapped[int | None] = mapped_column(ForeignKey("quote_lines.id"), index=True)
    #: Base unit, kept by the approvals of delivery notes, invoices/credit notes, returns.
    qty_delivered: Mapped[Decimal] = mapped_column(Qty(), default=ZERO)
    qty_invoiced: Mapped[Decimal] = mapped_column(Qty(), default=ZERO)
    qty_returned: Mapped[Decimal] = mapped_column(Qty(), default=ZERO)

    document: Mapped[SalesOrder] = relationship(back_populates="lines")
