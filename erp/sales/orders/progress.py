"""Progress of an order, line by line, in the base unit.

Delivered, invoiced and returned are kept on the order lines by the approvals of sales
documents. Shipped is derived: the approved outbounds' lines whose origin is one of
the order's delivery-note lines (inventory approves outbounds without calling sales,
so nothing could keep a stored figure right).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.documents.base import DocState
from erp.sales.delivery.models import DeliveryNote, DeliveryNoteLine
from erp.sales.orders.models import SalesOrder, SalesOrderLine
from inventory.outbounds.models import Outbound, OutboundLine

ZERO = Decimal(0)


@dataclass
class LineProgress:
    line: SalesOrderLine
    ordered: Decimal
    delivered: Decimal
    shipped: Decimal
    invoiced: Decimal
    returned: Decimal
    #: Not yet on any delivery note that counts (drafts included): what a new one may take.
    to_deliver: Decimal

    @property
    def open(self) -> Decimal:
        return max(self.ordered - self.delivered, ZERO)


def shipped_by_order_line(session: Session, order_line_ids: list[int]) -> dict[int, Decimal]:
    """Base quantity shipped (approved outbounds) per order line."""
    if not order_line_ids:
        return {}
    rows = session.execute(
        select(DeliveryNoteLine.origin_line_id, func.sum(OutboundLine.qty_base))
        .join(OutboundLine, OutboundLine.origin_line_id == DeliveryNoteLine.id)
        .join(Outbound, Outbound.id == OutboundLine.document_id)
        .where(DeliveryNoteLine.origin_line_id.in_(order_line_ids),
               Outbound.origin_type == DeliveryNote.__doc_type__,
               Outbound.origin_id == DeliveryNoteLine.document_id,
               Outbound.state == DocState.APPROVED)
        .group_by(DeliveryNoteLine.origin_line_id))
    return {line_id: qty or ZERO for line_id, qty in rows}


def on_delivery_notes(session: Session, order_line_ids: list[int]) -> dict[int, Decimal]:
    """Base quantity per order line on delivery notes that are not cancelled (a closed note
    with what it shipped)."""
    from erp.sales.chain import counted

    return counted(session, DeliveryNoteLine, DeliveryNote, DeliveryNoteLine.origin_line_id, order_line_ids,
                   net_of="qty_closed")


def order_progress(session: Session, order: SalesOrder) -> list[LineProgress]:
    ids = [line.id for line in order.lines]
    shipped = shipped_by_order_line(session, ids)
    noted = on_delivery_notes(session, ids)
    deliverable = order.state == DocState.APPROVED
    return [LineProgress(line, line.qty_base, line.qty_delivered, shipped.get(line.id, ZERO), line.qty_invoiced,
                         line.qty_returned,
                         max(line.qty_base - noted.get(line.id, ZERO), ZERO) if deliverable else ZERO)
            for line in order.lines]
