"""What the receipt (收款单) and the supplier payment (付款单) are alike: money of one party,
by one method, on one day, booked at approval as an open *payment* item of the ledger
(the party's unapplied money) and applied to invoices by allocation.

:class:`PaymentDocument` is the mixin of their headers: the amount, the method, the
reference, the maturity of an acceptance bill and the open item once approved.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, String, and_
from sqlalchemy.orm import Mapped, declared_attr, foreign, mapped_column, relationship

from erp.db import EnumString, Money
from erp.errors import N_
from finance.ledger.models import ZERO, OpenItem


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


class PaymentDocument:
    """Mixin for the header of a document that books money on the ledger (with
    :class:`erp.documents.base.Document`; its ``__doc_type__`` names the open item)."""

    amount: Mapped[Decimal] = mapped_column(Money())
    method: Mapped[PaymentMethod] = mapped_column(EnumString(PaymentMethod, 20))
    #: The bank's serial number, the WeChat/Alipay transaction id, the bill number, or
    #: what the payer wrote (an invoice number helps automatic matching).
    reference: Mapped[str | None] = mapped_column(String(100), index=True)
    #: For an acceptance bill (承兑汇票): when it matures.
    bill_due_date: Mapped[dt.date | None] = mapped_column(Date)

    @declared_attr
    def open_item(cls) -> Mapped[OpenItem | None]:
        """Its open payment in the ledger once approved (what is still unapplied)."""
        def join():
            return and_(OpenItem.doc_type == cls.__doc_type__, foreign(OpenItem.doc_id) == cls.id)

        return relationship(OpenItem, primaryjoin=join, viewonly=True, uselist=False, lazy="selectin")

    @property
    def unapplied(self) -> Decimal:
        """What of the money is not yet allocated (0 before approval)."""
        return self.open_item.amount_open if self.open_item is not None else ZERO

    @property
    def applied(self) -> Decimal:
        return (self.open_item.amount - self.open_item.amount_open) if self.open_item is not None else ZERO

    def approval_amount(self) -> Decimal:
        return self.amount or Decimal(0)
