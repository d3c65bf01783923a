"""The quote (报价单): prices offered to a customer until a validity date. An approved,
unexpired quote becomes a sales order for all or part of its lines."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base
from erp.documents.approvals import register_flag
from erp.documents.base import DocState, Document, DocumentLine
from erp.errors import N_
from erp.numbering.services import register_doc_type
from erp.sales.lines import SalesHeaderMixin, SalesLineMixin, line_checks
from erp.sales.pricing import below_minimum_reasons

register_doc_type("quote", "BJ")
register_flag("quote", "price_below_min", N_("Below the minimum price"))


class Quote(Base, Document, SalesHeaderMixin):
    __tablename__ = "quotes"
    __doc_type__ = "quote"
    __doc_label__ = ("报价单", "Quote")
    __view_endpoint__ = "quotes.detail"

    #: The last day the prices hold; after it the quote cannot become an order.
    valid_until: Mapped[dt.date]

    lines: Mapped[list[QuoteLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="QuoteLine.line_no", lazy="selectin")

    def is_expired(self, on: dt.date) -> bool:
        return self.valid_until < on

    def approval_flags(self, session: Session) -> dict[str, str]:
        reasons = below_minimum_reasons(self)
        return {"price_below_min": "; ".join(reasons)} if reasons else {}

    def downstream_documents(self, session: Session) -> list[Document]:
        from erp.sales.orders.models import SalesOrder

        return list(session.scalars(select(SalesOrder).where(
            SalesOrder.quote_id == self.id, SalesOrder.state != DocState.CANCELLED).order_by(SalesOrder.id)))


class QuoteLine(Base, DocumentLine, SalesLineMixin):
    __tablename__ = "quote_lines"
    __audit_parent__ = ("quote", "document_id")
    __table_args__ = line_checks()

    document_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    document: Mapped[Quote] = relationship(back_populates="lines")
