"""Lines and posting shared by the documents that only take stock out of one warehouse
(other stock-out, scrap): one batch per line, one issue move per line at the moving
average cost, reversed as a whole by unapprove."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents.base import Document
from inventory.stock.ledger import StockSource, issue_stock, lock_stock
from inventory.stock.lines import LineErrors, line_batches, read_quantity, require_lines


def issue_lines(session: Session, line_cls, items: list[dict], warehouse_id: int, on_date, *, fefo: bool) -> list:
    """Build the lines of an issuing document from input. ``fefo``: a batch-tracked line
    without a batch is split over batches earliest expiry first; else it is refused."""
    errors = LineErrors()
    lines = []
    for index, item in enumerate(require_lines(items)):
        parsed = read_quantity(session, index, item, errors)
        if parsed is None:
            continue
        for part in line_batches(session, index, item, parsed, warehouse_id, on_date, errors, fefo=fefo):
            lines.append(line_cls(line_no=len(lines) + 1, product=parsed.product, unit_id=part.unit_id,
                                  qty=part.qty, qty_base=part.qty_base, batch_id=part.batch_id))
    errors.raise_if_any()
    return lines


def post_issue_lines(session: Session, actor: User, doc: Document) -> None:
    """Issue every line (``doc.warehouse_id``), recording each line's ``cost_value``."""
    lock_stock(session, [(line.product_id, doc.warehouse_id) for line in doc.lines])
    for line in doc.lines:
        move = issue_stock(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id,
                           qty=line.qty_base, batch_id=line.batch_id, posting_date=doc.doc_date,
                           source=StockSource.of(doc, line))
        line.cost_value = -move.value
    session.flush()


def clear_costs(doc: Document) -> None:
    for line in doc.lines:
        line.cost_value = None

