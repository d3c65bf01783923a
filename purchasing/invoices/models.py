"""The supplier invoice (采购发票): what a supplier bills for goods received.

Made from one or several approved goods receipts of one supplier; each line names the
receipt line it bills (``origin_line_id``), the quantity and the price the supplier
charged. The three-way match (:mod:`purchasing.invoices.matching`) compares the price
with the order's and the receipt's and the quantity billed with the quantity ordered;
a difference beyond the tolerance raises an approval flag that sends the invoice to a
manager. Approval books it as a payable of the supplier (an open *charge* in finance's
ledger) due on the supplier's invoice date plus its payment terms, and counts the lines
as invoiced on the receipt lines.

A purchase return of goods already invoiced is credited against the invoice that billed
them (:class:`SupplierCredit`, :mod:`purchasing.invoices.credits`).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, and_, select
from sqlalchemy.orm import Mapped, Session, foreign, mapped_column, relationship

from erp.db import Base, Money, Qty, utcnow
from erp.documents.base import STANDARD_TRANSITIONS, DocState, Document, DocumentLine
from erp.numbering.services import register_doc_type
from finance.ledger.models import OpenItem
from purchasing.lines import ZERO_MONEY, PurchaseLineMixin, line_checks
from purchasing.receipts.models import GoodsReceipt, register_receipt_downstream

register_doc_type("supplier_invoice", "CGFP")

ZERO = Decimal(0)

#: No close: an approved invoice stays open in the ledger until paid (cancel undoes it).
INVOICE_TRANSITIONS = {verb: t for verb, t in STANDARD_TRANSITIONS.items() if verb not in ("close", "reopen")}


class SupplierInvoice(Base, Document):
    __tablename__ = "supplier_invoices"
    __doc_type__ = "supplier_invoice"
    __doc_label__ = ("采购发票", "Supplier invoice")
    __view_endpoint__ = "supplier_invoices.detail"
    __table_args__ = (
        CheckConstraint("total_net + total_tax = total_gross", name="totals_add_up"),
        CheckConstraint("due_date >= supplier_invoice_date", name="due_after_invoice_date"),
    )
    TRANSITIONS = INVOICE_TRANSITIONS

    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    #: The supplier's own invoice number and date (发票号码, 开票日期).
    supplier_invoice_no: Mapped[str] = mapped_column(String(40), index=True)
    supplier_invoice_date: Mapped[dt.date] = mapped_column(Date)
    #: The supplier's invoice date + its payment terms (账期).
    due_date: Mapped[dt.date] = mapped_column(Date)
    price_includes_vat: Mapped[bool] = mapped_column(default=True)
    total_net: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    total_tax: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    total_gross: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)

    supplier = relationship("Supplier", lazy="selectin")
    lines: Mapped[list[SupplierInvoiceLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="SupplierInvoiceLine.line_no",
        lazy="selectin")
    #: Its open charge in the payables ledger once approved (what is still to pay).
    open_item: Mapped[OpenItem | None] = relationship(
        OpenItem, primaryjoin=lambda: and_(OpenItem.doc_type == "supplier_invoice",
                                           foreign(OpenItem.doc_id) == SupplierInvoice.id),
        viewonly=True, uselist=False, lazy="selectin")

    def approval_flags(self, session: Session) -> dict[str, str]:
        """``price_mismatch`` / ``qty_mismatch`` when the three-way match fails (rules send
        those to ``supplier_invoice.approve_manager``)."""
        from purchasing.invoices.matching import match_flags

        return match_flags(session, self)

    @property
    def receipts(self) -> list[GoodsReceipt]:
        seen: dict[int, GoodsReceipt] = {}
        for line in self.lines:
            seen.setdefault(line.receipt_id, line.receipt)
        return [seen[key] for key in sorted(seen)]

    @property
    def amount_open(self) -> Decimal:
        """Still to pay (0 before approval)."""
        return self.open_item.amount_open if self.open_item is not None else ZERO_MONEY

    @property
    def credited(self) -> Decimal:
        """Taken off by purchase returns of goods it billed."""
        return sum((line.amount_credited for line in self.lines), ZERO_MONEY)

    @property
    def paid(self) -> Decimal:
        """Settled by payments (and written off): booked − credited − still open."""
        if self.open_item is None:
            return ZERO_MONEY
        return self.open_item.amount - self.credited - self.open_item.amount_open


class SupplierInvoiceLine(Base, DocumentLine, PurchaseLineMixin):
    __tablename__ = "supplier_invoice_lines"
    __audit_parent__ = ("supplier_invoice", "document_id")
    __table_args__ = (
        *line_checks(),
        CheckConstraint("qty_credited >= 0 AND qty_credited <= qty_base", name="qty_credited_in_range"),
        CheckConstraint("amount_credited >= 0 AND amount_credited <= amount_gross", name="amount_credited_in_range"),
    )
    #: Kept by the approval of purchase returns of goods this line billed.
    PROGRESS_FIELDS = frozenset({"qty_credited", "amount_credited"})

    document_id: Mapped[int] = mapped_column(ForeignKey("supplier_invoices.id", ondelete="CASCADE"), index=True)
    #: The goods receipt line it bills, its receipt and the purchase order line behind it.
    origin_line_id: Mapped[int] = mapped_column(ForeignKey("goods_receipt_lines.id"), index=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("goods_receipts.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("purchase_order_lines.id"), index=True)
    #: Base unit and gross amount credited by purchase returns (see SupplierCredit).
    qty_credited: Mapped[Decimal] = mapped_column(Qty(), default=ZERO)
    amount_credited: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)

    document: Mapped[SupplierInvoice] = relationship(back_populates="lines")
    origin = relationship("GoodsReceiptLine", lazy="joined")
    receipt = relationship("GoodsReceipt", lazy="joined")
    order_line = relationship("PurchaseOrderLine", lazy="joined")


class SupplierCredit(Base):
    """What a purchase return takes off a supplier invoice: ``qty_base`` of the return line
    that had been billed on ``invoice_line``, at the invoice's price (gross ``amount``).
    Booked against the invoice's charge at the return's approval (``book_credit``, one
    booking per row), given back when the return is unapproved (``reversed``)."""

    __tablename__ = "supplier_credits"
    __table_args__ = (
        CheckConstraint("qty_base > 0", name="qty_base_positive"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("purchase_returns.id"), index=True)
    return_line_id: Mapped[int] = mapped_column(ForeignKey("purchase_return_lines.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("supplier_invoices.id"), index=True)
    invoice_line_id: Mapped[int] = mapped_column(ForeignKey("supplier_invoice_lines.id"), index=True)
    credit_date: Mapped[dt.date] = mapped_column(Date)
    qty_base: Mapped[Decimal] = mapped_column(Qty())
    amount: Mapped[Decimal] = mapped_column(Money())
    reversed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reversed_at: Mapped[dt.datetime | None]

    invoice = relationship("SupplierInvoice", lazy="joined")
    invoice_line = relationship("SupplierInvoiceLine", lazy="joined")
    purchase_return = relationship("PurchaseReturn", lazy="joined")


@register_receipt_downstream
def invoices_of_receipt(session: Session, receipt: GoodsReceipt) -> list[Document]:
    """Supplier invoices (not cancelled) billing lines of the receipt."""
    ids = select(SupplierInvoiceLine.document_id).where(SupplierInvoiceLine.receipt_id == receipt.id)
    return list(session.scalars(select(SupplierInvoice).where(
        SupplierInvoice.id.in_(ids), SupplierInvoice.state != DocState.CANCELLED).order_by(SupplierInvoice.id)))
