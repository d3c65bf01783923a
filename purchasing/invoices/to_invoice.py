"""What a supplier has delivered and not yet billed: its approved goods receipts with
something left to invoice, line by line (the list the invoice entry picks from)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.documents.base import DocState
from erp.errors import N_, NotFound
from erp.suppliers.models import Supplier
from purchasing.invoices.lines import left_to_invoice
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine

LIMIT = 200


@dataclass
class LineToInvoice:
    line: GoodsReceiptLine
    #: Base unit still to invoice (drafts of invoices count).
    left: Decimal


@dataclass
class ReceiptToInvoice:
    receipt: GoodsReceipt
    lines: list[LineToInvoice] = field(default_factory=list)


def receipts_to_invoice(session: Session, supplier_id: int, *, exclude_invoice_id: int | None = None
                        ) -> list[ReceiptToInvoice]:
    """The supplier's approved receipts (oldest first, at most 200) with a line left to
    invoice; ``NotFound`` for an unknown supplier."""
    if session.get(Supplier, supplier_id) is None:
        raise NotFound(N_("Unknown supplier."))
    unbilled = select(GoodsReceiptLine.document_id).where(GoodsReceiptLine.qty_invoiced + GoodsReceiptLine.qty_returned
                                                          < GoodsReceiptLine.qty_base)
    receipts = list(session.scalars(select(GoodsReceipt).where(
        GoodsReceipt.supplier_id == supplier_id, GoodsReceipt.state == DocState.APPROVED,
        GoodsReceipt.id.in_(unbilled)).order_by(GoodsReceipt.doc_date, GoodsReceipt.id).limit(LIMIT)))
    left = left_to_invoice(session, receipts, exclude_invoice_id=exclude_invoice_id)
    out = []
    for receipt in receipts:
        lines = [LineToInvoice(line, left[line.id]) for line in receipt.lines if left[line.id] > 0]
        if lines:
            out.append(ReceiptToInvoice(receipt, lines))
    return out
