"""Progress of a purchase order, line by line, in the base unit: ordered, on goods
receipts (drafts included), received (approved receipts), returned, still open, and how
much a new receipt may still take within the over-receipt tolerance."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.documents.base import DocState
from erp.money import round_qty
from purchasing.orders.models import PurchaseOrder, PurchaseOrderLine
from purchasing.settings import over_receipt_tolerance

ZERO = Decimal(0)


@dataclass
class LineProgress:
    line: PurchaseOrderLine
    ordered: Decimal
    on_receipts: Decimal
    received: Decimal
    returned: Decimal
    #: What a new receipt takes by default: ordered − (on receipts − returned).
    to_receive: Decimal
    #: The most a new receipt may take: the tolerance's limit − (on receipts − returned).
    receivable: Decimal

    @property
    def open(self) -> Decimal:
        return self.line.qty_open


def receipt_limit(line: PurchaseOrderLine, tolerance: Decimal) -> Decimal:
    """The most that may be kept of the line: ordered × (1 + tolerance), in the base unit."""
    return round_qty(line.qty_base * (1 + tolerance))


def on_receipts(session: Session, order_line_ids: list[int], *, exclude_receipt_id: int | None = None
                ) -> dict[int, Decimal]:
    """Base quantity per order line on goods receipts that are not cancelled."""
    from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine

    if not order_line_ids:
        return {}
    stmt = (select(GoodsReceiptLine.origin_line_id, func.sum(GoodsReceiptLine.qty_base))
            .join(GoodsReceipt, GoodsReceipt.id == GoodsReceiptLine.document_id)
            .where(GoodsReceiptLine.origin_line_id.in_(order_line_ids), GoodsReceipt.state != DocState.CANCELLED)
            .group_by(GoodsReceiptLine.origin_line_id))
    if exclude_receipt_id is not None:
        stmt = stmt.where(GoodsReceipt.id != exclude_receipt_id)
    return {line_id: total or ZERO for line_id, total in session.execute(stmt)}


def order_progress(session: Session, order: PurchaseOrder, *, exclude_receipt_id: int | None = None
                   ) -> list[LineProgress]:
    taken = on_receipts(session, [line.id for line in order.lines], exclude_receipt_id=exclude_receipt_id)
    tolerance = over_receipt_tolerance(session)
    receiving = order.state == DocState.APPROVED
    out = []
    for line in order.lines:
        kept = taken.get(line.id, ZERO) - line.qty_returned
        to_receive = max(line.qty_base - kept, ZERO) if receiving else ZERO
        receivable = max(receipt_limit(line, tolerance) - kept, ZERO) if receiving else ZERO
        out.append(LineProgress(line, line.qty_base, taken.get(line.id, ZERO), line.qty_received,
                                line.qty_returned, to_receive, receivable))
    return out
