"""Services of the purchase return (采购退货单): made from an approved goods receipt;
approval issues the goods at the cost they came in with and lowers what is owed — what
was already invoiced by a supplier credit against the invoice
(:mod:`purchasing.invoices.credits`)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from inventory.documents import load_document
from inventory.stock.ledger import StockSource, issue_stock, lock_stock, reverse_moves
from purchasing import common
from purchasing.invoices import credits
from purchasing.lines import set_totals
from purchasing.orders.models import PurchaseOrder
from purchasing.receipts.models import GoodsReceipt
from purchasing.returns.lines import check_returnable, return_lines
from purchasing.returns.models import PurchaseReturn

HEADER_FIELDS = ("doc_date", "reason", "note")


def make_purchase_return(session: Session, actor: User, receipt_id: int, data: dict) -> PurchaseReturn:
    """A draft return of all that is left of an approved receipt, or of ``lines``
    ``[{origin_line_id, qty, unit_id?, batch_id?}]``, from the receipt's warehouse.
    ``data`` may also give ``supplier_id`` (must be the receipt's), ``doc_date``,
    ``reason``, ``note``. Raises ``Conflict`` (receipt not approved, another supplier's
    receipt, nothing left), ``ValidationFailed`` (per line), ``Forbidden``, ``PeriodClosed``.
    A deactivated supplier or product does not stop a return: sending back what one no
    longer buys is a common reason to return."""
    common.require_edit(actor, PurchaseReturn)
    receipt = load_document(session, actor, GoodsReceipt, receipt_id, for_update=True)
    common.check_same_supplier(receipt, data.get("supplier_id"))
    common.check_upstream_approved(receipt, "return goods")
    doc = PurchaseReturn(doc_date=common.document_date(session, data), receipt=receipt, receipt_id=receipt.id,
                         order_id=receipt.order_id, supplier_id=receipt.supplier_id,
                         warehouse_id=receipt.warehouse_id, price_includes_vat=receipt.price_includes_vat,
                         reason=data.get("reason"), note=data.get("note"), created_by_id=actor.id)
    doc.lines = return_lines(session, receipt, data.get("lines"))
    set_totals(doc)
    insert_new(session, doc)
    return doc


def create_purchase_return(session: Session, actor: User, data: dict) -> PurchaseReturn:
    """The same as :func:`make_purchase_return`, the receipt named by ``receipt_id``."""
    return make_purchase_return(session, actor, data["receipt_id"], data)


def update_purchase_return(session: Session, actor: User, doc_id: int, data: dict) -> PurchaseReturn:
    """Change a draft: date, reason, note and/or all lines."""
    load_document(session, actor, PurchaseReturn, doc_id)
    doc = common.editable(session, actor, PurchaseReturn, doc_id)
    for key in HEADER_FIELDS:
        if key in data and not (key == "doc_date" and data[key] is None):
            setattr(doc, key, data[key])
    common.document_date(session, {"doc_date": doc.doc_date})
    if data.get("lines"):
        doc.lines = return_lines(session, doc.receipt, data["lines"], exclude_return_id=doc.id)
    set_totals(doc)
    session.flush()
    return doc


def _post(session: Session, actor: User, doc: PurchaseReturn) -> None:
    """Issue every line at its net amount (the cost it came in with); the receipt lines
    and the order lines count what went back."""
    lock_stock(session, [(line.product_id, doc.warehouse_id) for line in doc.lines])
    for line in doc.lines:
        move = issue_stock(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id,
                           qty=line.qty_base, batch_id=line.batch_id, value=line.amount_net,
                           posting_date=doc.doc_date, source=StockSource.of(doc, line))
        line.cost_value = -move.value
        _count(line, +1)
    session.flush()
    credits.credit_returned_goods(session, actor, doc)


def _count(line, sign: int) -> None:
    receipt_line = line.origin
    receipt_line.qty_returned += sign * line.qty_base
    receipt_line.returned_net += sign * line.amount_net
    receipt_line.returned_tax += sign * line.amount_tax
    receipt_line.returned_gross += sign * line.amount_gross
    receipt_line.origin.qty_returned += sign * line.qty_base


def lock_return(session: Session, actor: User, doc_id: int) -> PurchaseReturn:
    """Lock down the chain: the order, the receipt, then the return (as every purchasing
    verb does, so that none waits for another in a cycle); returns of one receipt are
    approved one after the other."""
    doc = load_document(session, actor, PurchaseReturn, doc_id)
    common.lock(session, PurchaseOrder, doc.order_id)
    common.lock(session, GoodsReceipt, doc.receipt_id)
    return load_document(session, actor, PurchaseReturn, doc_id, for_update=True)


def approve_purchase_return(session: Session, actor: User, doc_id: int) -> PurchaseReturn:
    """Approve the next level; at the last one send the goods back and credit what of them
    was invoiced. Refused when the receipt is no longer approved or keeps less than this
    return takes (``Conflict``), the goods are no longer in the batch
    (``InsufficientStock``), or an invoice to credit is paid already (``Conflict``
    ``invoice_paid``)."""
    doc = lock_return(session, actor, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        check_returnable(doc)
    if documents.approve(session, actor, doc):
        _post(session, actor, doc)
    return doc


def unapprove_purchase_return(session: Session, actor: User, doc_id: int,
                              reason: str | None = None) -> PurchaseReturn:
    """弃审: the goods come back at the value they left with; what is owed goes up again
    (the supplier credits it gave go back onto their invoices)."""
    doc = lock_return(session, actor, doc_id)
    documents.unapprove(session, actor, doc, reason)
    credits.reverse_return_credits(session, actor, doc)
    reverse_moves(session, actor, doc.__doc_type__, doc.id)
    for line in doc.lines:
        line.cost_value = None
        _count(line, -1)
    session.flush()
    return doc


def cancel_purchase_return(session: Session, actor: User, doc_id: int,
                           reason: str | None = None) -> PurchaseReturn:
    """作废 a draft or pending return (an approved one is unapproved first)."""
    doc = load_document(session, actor, PurchaseReturn, doc_id, for_update=True)
    documents.cancel(session, actor, doc, reason)
    return doc


def submit_purchase_return(session: Session, actor: User, doc_id: int) -> PurchaseReturn:
    load_document(session, actor, PurchaseReturn, doc_id)
    return common.submit(session, actor, PurchaseReturn, doc_id)


def reject_purchase_return(session: Session, actor: User, doc_id: int,
                           reason: str | None = None) -> PurchaseReturn:
    load_document(session, actor, PurchaseReturn, doc_id)
    return common.reject(session, actor, PurchaseReturn, doc_id, reason)


def delete_purchase_return(session: Session, actor: User, doc_id: int) -> None:
    load_document(session, actor, PurchaseReturn, doc_id)
    common.delete(session, actor, PurchaseReturn, doc_id)
