"""The credit note (红字发票): a negative invoice referencing the original one, for goods
returned (made from a sales return) or an allowance (made from the invoice). Approval
reduces what the customer owes on the invoice (``amount_open``). Numbers are gap-free."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base
from erp.documents.base import STANDARD_TRANSITIONS, Document, DocumentLine
from erp.numbering.services import register_doc_type
from erp.sales.lines import SalesHeaderMixin, SalesLineMixin, line_checks

register_doc_type("credit_note", "HZFP", gap_free=True)

CREDIT_NOTE_TRANSITIONS = {verb: t for verb, t in STANDARD_TRANSITIONS.items() if verb not in ("close", "reopen")}


class CreditNote(Base, Document, SalesHeaderMixin):
    __tablename__ = "credit_notes"
    __doc_type__ = "credit_note"
    __doc_label__ = ("红字发票", "Credit note")
    __view_endpoint__ = "credit_notes.detail"
    TRANSITIONS = CREDIT_NOTE_TRANSITIONS

    #: The original invoice (蓝字发票) it corrects.
    invoice_id: Mapped[int] = mapped_column(ForeignKey("sales_invoices.id"), index=True)
    sales_return_id: Mapped[int | None] = mapped_column(ForeignKey("sales_returns.id"), index=True)
    reason: Mapped[str | None] = mapped_column(String(300))

    invoice = relationship("SalesInvoice")
    sales_return = relationship("SalesReturn")
    lines: Mapped[list[CreditNoteLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="CreditNoteLine.line_no",
        lazy="selectin")


class CreditNoteLine(Base, DocumentLine, SalesLineMixin):
    __tablename__ = "credit_note_lines"
    __audit_parent__ = ("credit_note", "document_id")
    __table_args__ = (*line_checks(),)

    document_id: Mapped[int] = mapped_column(ForeignKey("credit_notes.id", ondelete="CASCADE"), index=True)
    #: The invoice line it credits.
    origin_line_id: Mapped[int] = mapped_column(ForeignKey("sales_invoice_lines.id"), index=True)
    #: The returned goods it credits, if any (then the order and outbound lines count them
    #: as no longer invoiced).
    return_line_id: Mapped[int | None] = mapped_column(ForeignKey("sales_return_lines.id"), index=True)

    document: Mapped[CreditNote] = relationship(back_populates="lines")
    origin = relationship("SalesInvoiceLine")
    return_line = relationship("SalesReturnLine")



