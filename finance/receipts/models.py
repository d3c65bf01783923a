"""The receipt (收款单): money a customer paid, by one method, on one day.

Approval books it in the receivables ledger as unapplied money of the customer (an
open *payment* item); allocation (核销) then applies it to invoices. A receipt can be
unapproved or cancelled only while nothing of it is allocated or written off. What it
shares with the supplier payment is :class:`finance.ledger.payment_documents.PaymentDocument`.
"""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base
from erp.documents.base import STANDARD_TRANSITIONS, Document
from erp.numbering.services import register_doc_type
from finance.ledger.payment_documents import METHOD_LABELS, PaymentDocument, PaymentMethod

__all__ = ["METHOD_LABELS", "RECEIPT_TRANSITIONS", "PaymentMethod", "Receipt"]

register_doc_type("receipt", "SK")

RECEIPT_TRANSITIONS = {verb: t for verb, t in STANDARD_TRANSITIONS.items() if verb not in ("close", "reopen")}


class Receipt(Base, PaymentDocument, Document):
    __tablename__ = "receipts"
    __doc_type__ = "receipt"
    __doc_label__ = ("收款单", "Receipt")
    __view_endpoint__ = "receipts.detail"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)
    TRANSITIONS = RECEIPT_TRANSITIONS

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    #: The counter sale it was taken at, if any.
    counter_sale_id: Mapped[int | None] = mapped_column(ForeignKey("counter_sales.id"), index=True)

    customer = relationship("Customer", lazy="selectin")
