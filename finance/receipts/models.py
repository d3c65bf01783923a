"""The receipt (收款单): money a customer paid, by one method, on one day.

Approval books it in the receivables ledger as unapplied money of the customer (an
open *payment* item); allocation (核销) then applies it to invoices. A receipt can be
unapproved or cancelled only while nothing of it is allocated or written off.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, and_
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from erp.db import Base, EnumString, Money
from erp.documents.base import STANDARD_TRANSITIONS, Document
from erp.errors import N_
from erp.numbering.services import register_doc_type
from finance.ledger.models import ZERO, OpenItem

register_doc_type("receipt", "SK")

RECEIPT_TRANSITIONS = {verb: t for verb, t in STANDARD_TRANSITIONS.items() if verb not in ("close", "reopen")}


class PaymentMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"  # 银行转账
    CASH = "cash"  # 现金
    WECHAT = "wechat"  # 微信支付
    ALIPAY = "alipay"  # 支付宝
    BANK_CARD = "bank_card"  # 银行卡 (POS 刷卡)
    ACCEPTANCE_BILL = "acceptance_bill"  # 承兑汇票


METHOD_LABELS = {
    PaymentMethod.BANK_TRANSFER: N_("Bank transfer"),
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.WECHAT: N_("WeChat Pay"),
    PaymentMethod.ALIPAY: N_("Alipay"),
    PaymentMethod.BANK_CARD: N_("Bank card"),
    PaymentMethod.ACCEPTANCE_BILL: N_("Acceptance bill"),
}


class Receipt(Base, Document):
    __tablename__ = "receipts"
    __doc_type__ = "receipt"
    __doc_label__ = ("收款单", "Receipt")
    __view_endpoint__ = "receipts.detail"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)
    TRANSITIONS = RECEIPT_TRANSITIONS

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    method: Mapped[PaymentMethod] = mapped_column(EnumString(PaymentMethod, 20))
    #: The bank's serial number, the WeChat/Alipay transaction id, the bill number, or
    #: what the payer wrote (an invoice number helps automatic matching).
    reference: Mapped[str | None] = mapped_column(String(100), index=True)
    #: For an acceptance bill (承兑汇票): when it matures.
    bill_due_date: Mapped[dt.date | None] = mapped_column(Date)
    #: The counter sale it was taken at, if any.
    counter_sale_id: Mapped[int | None] = mapped_column(ForeignKey("counter_sales.id"), index=True)

    customer = relationship("Customer", lazy="selectin")
    #: Its open payment in the ledger once approved (what is still unapplied).
    open_item: Mapped[OpenItem | None] = relationship(
        OpenItem, primaryjoin=lambda: and_(OpenItem.doc_type == "receipt", foreign(OpenItem.doc_id) == Receipt.id),
        viewonly=True, uselist=False, lazy="selectin")

    @property
    def unapplied(self) -> Decimal:
        """What of the receipt is not yet allocated (0 before approval)."""
        return self.open_item.amount_open if self.open_item is not None else ZERO

    @property
    def applied(self) -> Decimal:
        return (self.open_item.amount - self.open_item.amount_open) if self.open_item is not None else ZERO

    def approval_amount(self) -> Decimal:
        return self.amount or Decimal(0)
