"""The sales invoice (销售发票): what a customer owes for shipped goods, gathered from one
or several outbounds of that customer. Numbers are gap-free. ``amount_open`` is what is
still owed: the gross total at approval, reduced by approved credit notes (and later by
finance's receipt allocations, 核销)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base, Money, Qty
from erp.documents.base import STANDARD_TRANSITIONS, DocState, Document, DocumentLine
from erp.numbering.services import register_doc_type
from erp.sales.lines import ZERO_MONEY, SalesHeaderMixin, SalesLineMixin, line_checks

register_doc_type("sales_invoice", "XSFP", gap_free=True)

INVOICE_TRANSITIONS = {verb: t for verb, t in STANDARD_TRANSITIONS.items() if verb not in ("close", "reopen")}


class SalesInvoice(Base, Document, SalesHeaderMixin):
    __tablename__ = "sales_invoices"
    __doc_type__ = "sales_invoice"
    __doc_label__ = ("销售发票", "Sales invoice")
    __view_endpoint__ = "sales_invoices.detail"
    __table_args__ = (
        CheckConstraint("amount_open >= 0 AND amount_open <= total_gross", name="amount_open_in_range"),
    )
    TRANSITIONS = INVOICE_TRANSITIONS
    #: Finance's receipt allocations reduce it after approval.
    MUTABLE_FIELDS = frozenset({"amount_open"})

    #: doc_date + the customer's payment terms (账期).
    due_date: Mapped[dt.date]
    amount_open: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)

    lines: Mapped[list[SalesInvoiceLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="SalesInvoiceLine.line_no",
        lazy="selectin")

    def downstream_documents(self, session: Session) -> list[Document]:
        from erp.sales.credit_notes.models import CreditNote

        return list(session.scalars(select(CreditNote).where(
            CreditNote.invoice_id == self.id, CreditNote.state != DocState.CANCELLED).order_by(CreditNote.id)))

    @property
    def outbound_ids(self) -> list[int]:
        return sorted({line.outbound_id for line in self.lines})

    def is_overdue(self, on: dt.date) -> bool:
        return self.state == DocState.APPROVED and self.amount_open > 0 and self.due_date < on


class SalesInvoiceLine(Base, DocumentLine, SalesLineMixin):
    __tablename__ = "sales_invoice_lines"
    __audit_parent__ = ("sales_invoice", "document_id")
    __table_args__ = (
        *line_checks(),
        CheckConstraint("qty_credited >= 0 AND qty_credited <= qty_base", name="qty_credited_in_range"),
    )
    PROGRESS_FIELDS = frozenset({"qty_credited"})

    document_id: Mapped[int] = mapped_column(ForeignKey("sales_invoices.id", ondelete="CASCADE"), index=True)
    #: The outbound line it invoices (shipped goods only).
    origin_line_id: Mapped[int] = mapped_column(ForeignKey("outbound_lines.id"), index=True)
    outbound_id: Mapped[int] = mapped_column(ForeignKey("outbounds.id"), index=True)
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("sales_order_lines.id"), index=True)
    #: Base unit, kept by the approval of credit notes.
    qty_credited: Mapped[Decimal] = mapped_column(Qty(), default=Decimal(0))

    document: Mapped[SalesInvoice] = relationship(back_populates="lines")
    origin = relationship("OutboundLine")
    order_line = relationship("SalesOrderLine")
