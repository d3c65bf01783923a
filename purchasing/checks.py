"""``erp check``: the progress kept on order and receipt lines equals the documents
that made it (approved goods receipts and purchase returns), to the unit and the fen."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.checks import register_check
from erp.documents.base import DocState
from purchasing.orders.models import PurchaseOrderLine
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine
from purchasing.returns.models import PurchaseReturn, PurchaseReturnLine

ZERO = Decimal(0)
LIMIT = 50
POSTED = (DocState.APPROVED, DocState.CLOSED)


def _differences(label: str, kept: dict, summed: dict) -> list[str]:
    problems = []
    for key in sorted(set(kept) | set(summed)):
        have, want = kept.get(key, ZERO), summed.get(key, ZERO)
        if have != want:
            problems.append(f"{label} {key}: {have} recorded, {want} by the documents")
            if len(problems) >= LIMIT:
                break
    return problems


def _sum_by(session: Session, column, origin, header, line_cls) -> dict:
    return {key: total for key, total in session.execute(
        select(origin, func.sum(column)).join(header, header.id == line_cls.document_id)
        .where(header.state.in_(POSTED)).group_by(origin))}


@register_check("purchase progress equals the documents")
def check_purchase_progress(session: Session) -> list[str]:
    """Order lines: received = Σ approved receipt lines, returned = Σ approved return lines;
    receipt lines: returned quantity and amounts = Σ approved return lines."""
    received = _sum_by(session, GoodsReceiptLine.qty_base, GoodsReceiptLine.origin_line_id, GoodsReceipt,
                       GoodsReceiptLine)
    returned_by_receipt_line = _sum_by(session, PurchaseReturnLine.qty_base, PurchaseReturnLine.origin_line_id,
                                       PurchaseReturn, PurchaseReturnLine)
    order_lines = session.execute(select(PurchaseOrderLine.id, PurchaseOrderLine.qty_received,
                                         PurchaseOrderLine.qty_returned)).all()
    problems = _differences("received (order line)", {i: r for i, r, _ in order_lines if r}, received)
    receipt_to_order = dict(session.execute(select(GoodsReceiptLine.id, GoodsReceiptLine.origin_line_id)).all())
    returned_by_order_line: dict[int, Decimal] = {}
    for receipt_line_id, qty in returned_by_receipt_line.items():
        order_line_id = receipt_to_order[receipt_line_id]
        returned_by_order_line[order_line_id] = returned_by_order_line.get(order_line_id, ZERO) + qty
    problems += _differences("returned (order line)", {i: r for i, _, r in order_lines if r}, returned_by_order_line)
    receipt_lines = session.execute(select(GoodsReceiptLine.id, GoodsReceiptLine.qty_returned,
                                           GoodsReceiptLine.returned_gross)).all()
    problems += _differences("returned (receipt line)", {i: q for i, q, _ in receipt_lines if q},
                             returned_by_receipt_line)
    gross = _sum_by(session, PurchaseReturnLine.amount_gross, PurchaseReturnLine.origin_line_id, PurchaseReturn,
                    PurchaseReturnLine)
    problems += _differences("returned amount (receipt line)", {i: g for i, _, g in receipt_lines if g}, gross)
    return problems
