"""The payment (付款单): money paid to a supplier, by one method, on one day.

Approval books it in the payables ledger as an open *payment* of the supplier: money
not yet applied to its invoices (预付款). Allocation (付款核销) then applies it to
invoices; what stays unapplied is the supplier's credit with us (a prepayment), to be
allocated later. A payment is unapproved or cancelled only while nothing of it is
allocated. Methods are the receipts' (finance's ``PaymentMethod``).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, and_
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from erp.db import Base, EnumString, Money
from erp.documents.base import STANDARD_TRANSITIONS, Document
from erp.numbering.services import register_doc_type
from finance.ledger.models import ZERO, OpenItem
from finance.receipts.models import PaymentMethod

register_doc_type("payment", "FK")

PAYMENT_TRANSITIONS = {verb: t for verb, t in STANDARD_TRANSITIONS.items() if verb not in ("close", "reopen")}


class Payment(Base, Document):
    __tablename__ = "payments"
    __doc_type__ = "payment"
    __doc_label__ = ("付款单", "Payment")
    __view_endpoint__ = "payments.detail"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)
    TRANSITIONS = PAYMENT_TRANSITIONS

    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    method: Mapped[PaymentMethod] = mapped_column(EnumString(PaymentMethod, 20))
    #: The bank's serial number, the bill number, or what the transfer says (an invoice
    #: number — ours or the supplier's — helps automatic matching).
    reference: Mapped[str | None] = mapped_column(String(100), index=True)
    #: For an acceptance bill (承兑汇票): when it matures.
    bill_due_date: Mapped[dt.date | None] = mapped_column(Date)

    supplier = relationship("Supplier", lazy="selectin")
    #: Its open payment in the payables ledger once approved (what is still unapplied).
    open_item: Mapped[OpenItem | None] = relationship(
        OpenItem, primaryjoin=lambda: and_(OpenItem.doc_type == "payment", foreign(OpenItem.doc_id) == Payment.id),
        viewonly=True, uselist=False, lazy="selectin")

    @property
    def unapplied(self) -> Decimal:
        """What of the payment is not yet allocated (0 before approval)."""
        return self.open_item.amount_open if self.open_item is not None else ZERO

    @property
    def applied(self) -> Decimal:
        return (self.open_item.amount - self.open_item.amount_open) if self.open_item is not None else ZERO

    def approval_amount(self) -> Decimal:
        return self.amount or Decimal(0)
