"""The goods receipt (采购入库单): goods of one purchase order arriving in a warehouse.

Lines name their order line (``origin_line_id``), the quantity, the price (the order's
unless changed), and for batch-tracked products the batch number with its production
and expiry dates; the batch is made at approval, which receives the goods at their net
purchase cost (VAT excluded) so that the moving average follows.

Progress kept on the lines, in the base unit and in money, for the documents that
follow: what approved purchase returns sent back (``qty_returned``, ``returned_*``) and
what supplier invoices bill (``qty_invoiced``, ``amount_invoiced``, net of return credits).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from erp.db import Base, Money, Qty
from erp.documents.base import Document, DocumentLine
from erp.money import round_price
from erp.numbering.services import register_doc_type
from inventory.documents import STOCK_TRANSITIONS
from purchasing.downstream import DownstreamHooks
from purchasing.lines import ZERO_MONEY, PurchaseHeaderMixin, PurchaseLineMixin, line_checks

register_doc_type("goods_receipt", "CGRK")

ZERO = Decimal(0)

#: What is made from receipts (purchase returns here; supplier invoices in finance).
RECEIPT_DOWNSTREAM = DownstreamHooks()
register_receipt_downstream = RECEIPT_DOWNSTREAM.register


class GoodsReceipt(Base, Document, PurchaseHeaderMixin):
    __tablename__ = "goods_receipts"
    __doc_type__ = "goods_receipt"
    __doc_label__ = ("采购入库单", "Goods receipt")
    __view_endpoint__ = "goods_receipts.detail"
    #: A stock document: no close; cancel only before approval (unapprove first).
    TRANSITIONS = STOCK_TRANSITIONS

    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    #: The supplier's delivery note number (送货单号).
    delivery_ref: Mapped[str | None] = mapped_column(String(40))

    order = relationship("PurchaseOrder", lazy="selectin")
    lines: Mapped[list[GoodsReceiptLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="GoodsReceiptLine.line_no",
        lazy="selectin")

    def downstream_documents(self, session: Session) -> list[Document]:
        return RECEIPT_DOWNSTREAM.documents(session, self)

    @property
    def warehouse_changed(self) -> bool:
        """Received into another warehouse than the order's."""
        return self.order is not None and self.warehouse_id != self.order.warehouse_id


class GoodsReceiptLine(Base, DocumentLine, PurchaseLineMixin):
    __tablename__ = "goods_receipt_lines"
    __audit_parent__ = ("goods_receipt", "document_id")
    __table_args__ = (
        *line_checks(),
        CheckConstraint("qty_returned >= 0 AND qty_returned <= qty_base", name="qty_returned_in_range"),
        CheckConstraint("returned_net >= 0 AND returned_net <= amount_net", name="returned_net_in_range"),
        CheckConstraint("returned_gross >= 0 AND returned_gross <= amount_gross", name="returned_gross_in_range"),
        CheckConstraint("returned_net + returned_tax = returned_gross", name="returned_amounts_add_up"),
        CheckConstraint("qty_invoiced >= 0 AND qty_invoiced <= qty_base", name="qty_invoiced_in_range"),
        CheckConstraint("amount_invoiced >= 0", name="amount_invoiced_not_negative"),
        CheckConstraint("expiry_date IS NULL OR production_date IS NULL OR expiry_date >= production_date",
                        name="expiry_after_production"),
    )
    #: Kept by code after approval: the batch made at approval, the returns' and the
    #: supplier invoices' progress.
    PROGRESS_FIELDS = frozenset({"batch_id", "qty_returned", "returned_net", "returned_tax", "returned_gross",
                                 "qty_invoiced", "amount_invoiced"})

    document_id: Mapped[int] = mapped_column(ForeignKey("goods_receipts.id", ondelete="CASCADE"), index=True)
    origin_line_id: Mapped[int] = mapped_column(ForeignKey("purchase_order_lines.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    batch_no: Mapped[str | None] = mapped_column(String(40))
    production_date: Mapped[dt.date | None]
    expiry_date: Mapped[dt.date | None]
    #: Base unit and money sent back by approved purchase returns (they reduce what is owed).
    qty_returned: Mapped[Decimal] = mapped_column(Qty(), default=ZERO)
    returned_net: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    returned_tax: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    returned_gross: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    #: Base unit and gross amount billed by approved supplier invoices, net of return credits.
    qty_invoiced: Mapped[Decimal] = mapped_column(Qty(), default=ZERO)
    amount_invoiced: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)

    document: Mapped[GoodsReceipt] = relationship(back_populates="lines")
    origin = relationship("PurchaseOrderLine", lazy="joined")
    batch = relationship("Batch", lazy="joined")

    @property
    def qty_kept(self) -> Decimal:
        """Received and not returned (base unit)."""
        return self.qty_base - (self.qty_returned or ZERO)

    @property
    def amount_owed(self) -> Decimal:
        """Gross amount owed for the line: received less returned (价税合计)."""
        return self.amount_gross - (self.returned_gross or ZERO_MONEY)

    @property
    def qty_to_invoice(self) -> Decimal:
        return max(self.qty_kept - (self.qty_invoiced or ZERO), ZERO)

    @property
    def unit_cost(self) -> Decimal:
        """Net purchase cost per base unit (the stock's cost, 6 decimals)."""
        return round_price(self.amount_net / self.qty_base)
