"""The payment (付款单): money paid to a supplier, by one method, on one day.

Approval books it in the payables ledger as an open *payment* of the supplier: money
not yet applied to its invoices (预付款). Allocation (付款核销) then applies it to
invoices; what stays unapplied is the supplier's credit with us (a prepayment), to be
allocated later. A payment is unapproved or cancelled only while nothing of it is
allocated. Amount, method (the receipts' ``PaymentMethod``), reference (an invoice
number — ours or the supplier's — helps automatic matching) and open item are
finance's :class:`~finance.ledger.payment_documents.PaymentDocument`.
"""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base
from erp.documents.base import STANDARD_TRANSITIONS, Document
from erp.numbering.services import register_doc_type
from finance.ledger.payment_documents import PaymentDocument

register_doc_type("payment", "FK")

PAYMENT_TRANSITIONS = {verb: t for verb, t in STANDARD_TRANSITIONS.items() if verb not in ("close", "reopen")}


class Payment(Base, PaymentDocument, Document):
    __tablename__ = "payments"
    __doc_type__ = "payment"
    __doc_label__ = ("付款单", "Payment")
    __view_endpoint__ = "payments.detail"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)
    TRANSITIONS = PAYMENT_TRANSITIONS

    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)

    supplier = relationship("Supplier", lazy="selectin")
