"""Services of the goods receipt (采购入库单): made from a purchase order, approved into
stock at the purchase cost (net of VAT), unapproved while nothing was made from it."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import check_warehouse_access
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, ValidationFailed
from erp.money import round_price
from erp.warehouses.models import Warehouse
from erp.warehouses.services import active_warehouse
from inventory.batches.services import find_or_create_batch
from inventory.documents import load_document
from inventory.stock.ledger import StockSource, lock_stock, receive_stock, reverse_moves
from purchasing import checks as _checks  # noqa: F401  (registers the `erp check` checks)
from purchasing import common
from purchasing.lines import price_all
from purchasing.orders.models import PurchaseOrder
from purchasing.receipts.lines import check_batches_given, check_within_tolerance, receipt_lines
from purchasing.receipts.models import GoodsReceipt
from purchasing.settings import over_receipt_tolerance

HEADER_FIELDS = ("doc_date", "delivery_ref", "note")


def receiving_warehouse(session: Session, actor: User, order: PurchaseOrder, data: dict) -> Warehouse:
    """The order's warehouse, or another one the user names on purpose
    (``confirm_other_warehouse``) and may work in. Raises ``ValidationFailed`` (another
    warehouse not confirmed, unknown or inactive) and ``Forbidden`` (no access)."""
    warehouse_id = data.get("warehouse_id") or order.warehouse_id
    if warehouse_id != order.warehouse_id and not data.get("confirm_other_warehouse"):
        raise ValidationFailed(
            N_("%(document)s is to be received in %(warehouse)s; confirm to receive it into another warehouse."),
            document=str(order), warehouse=str(order.warehouse),
            fields={"warehouse_id": [N_("Not the order's warehouse: confirm the change.")]})
    warehouse = active_warehouse(session, warehouse_id)
    check_warehouse_access(actor, warehouse.id)
    return warehouse


def make_goods_receipt(session: Session, actor: User, order_id: int, data: dict) -> GoodsReceipt:
    """A draft receipt for all that remains of an approved order, or for ``lines``
    ``[{origin_line_id, qty, unit_id?, unit_price?, batch_no?, production_date?,
    expiry_date?}]``. ``data`` may also give ``supplier_id`` (must be the order's),
    ``warehouse_id`` (+ ``confirm_other_warehouse``), ``doc_date``, ``delivery_ref``,
    ``note``. Raises ``Conflict`` (order not approved, another supplier's order, inactive
    supplier or product, nothing remains), ``ValidationFailed`` (per line, warehouse),
    ``Forbidden``, ``PeriodClosed``."""
    common.require_edit(actor, GoodsReceipt)
    order = common.lock(session, PurchaseOrder, order_id)
    common.check_same_supplier(order, data.get("supplier_id"))
    common.check_upstream_approved(order, "receive goods")
    common.check_supplier_active(order.supplier)
    warehouse = receiving_warehouse(session, actor, order, data)
    doc = GoodsReceipt(doc_date=common.document_date(session, data), order=order, order_id=order.id,
                       supplier_id=order.supplier_id, warehouse_id=warehouse.id,
                       price_includes_vat=order.price_includes_vat, delivery_ref=data.get("delivery_ref"),
                       note=data.get("note"), created_by_id=actor.id)
    doc.lines = receipt_lines(session, order, data.get("lines"))
    common.check_products_active(doc)
    price_all(doc)
    insert_new(session, doc)
    return doc


def create_goods_receipt(session: Session, actor: User, data: dict) -> GoodsReceipt:
    """The same as :func:`make_goods_receipt`, the order named by ``order_id``."""
    return make_goods_receipt(session, actor, data["order_id"], data)


def update_goods_receipt(session: Session, actor: User, doc_id: int, data: dict) -> GoodsReceipt:
    """Change a draft: date, delivery reference, note, warehouse (as when made) and/or all lines."""
    doc = common.editable(session, actor, GoodsReceipt, doc_id)
    check_warehouse_access(actor, doc.warehouse_id)
    if data.get("warehouse_id") and data["warehouse_id"] != doc.warehouse_id:
        doc.warehouse_id = receiving_warehouse(session, actor, doc.order, data).id
    for key in HEADER_FIELDS:
        if key in data and not (key == "doc_date" and data[key] is None):
            setattr(doc, key, data[key])
    common.document_date(session, {"doc_date": doc.doc_date})
    if data.get("lines"):
        doc.lines = receipt_lines(session, doc.order, data["lines"], exclude_receipt_id=doc.id)
        common.check_products_active(doc)
    price_all(doc)
    session.flush()
    return doc


def check_receivable(session: Session, doc: GoodsReceipt) -> None:
    """What approval needs besides the state: the order still approved (not closed or
    cancelled), the supplier and products active, every batch given, and nothing beyond
    the over-receipt tolerance."""
    common.check_upstream_approved(doc.order, "receive goods")
    common.check_supplier_active(doc.supplier)
    common.check_products_active(doc)
    check_batches_given(doc)
    check_within_tolerance(session, doc, over_receipt_tolerance(session))


def _post(session: Session, actor: User, doc: GoodsReceipt) -> None:
    """Make the batches and receive every line at its net amount (the purchase cost
    without VAT); the order lines count what was received."""
    lock_stock(session, [(line.product_id, doc.warehouse_id) for line in doc.lines])
    for line in doc.lines:
        if line.product.batch_tracked:
            batch = find_or_create_batch(session, line.product, line.batch_no, production_date=line.production_date,
                                         expiry_date=line.expiry_date, supplier_id=doc.supplier_id)
            line.batch, line.batch_id = batch, batch.id
        receive_stock(session, actor, product_id=line.product_id, warehouse_id=doc.warehouse_id, qty=line.qty_base,
                      batch_id=line.batch_id, value=line.amount_net,
                      unit_cost=round_price(line.amount_net / line.qty_base), posting_date=doc.doc_date,
                      source=StockSource.of(doc, line))
        line.origin.qty_received += line.qty_base
    session.flush()


def lock_receipt(session: Session, actor: User, doc_id: int) -> GoodsReceipt:
    """Lock the order, then the receipt. Every purchasing verb locks down the chain (order →
    receipt → return), so two never wait for each other in a cycle, and two receipts of
    one order are approved one after the other."""
    doc = load_document(session, actor, GoodsReceipt, doc_id)
    common.lock(session, PurchaseOrder, doc.order_id)
    return load_document(session, actor, GoodsReceipt, doc_id, for_update=True)


def approve_goods_receipt(session: Session, actor: User, doc_id: int) -> GoodsReceipt:
    """Approve the next level; at the last one receive the goods (see :func:`check_receivable`
    for what is refused)."""
    doc = lock_receipt(session, actor, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        check_receivable(session, doc)
    if documents.approve(session, actor, doc):
        _post(session, actor, doc)
    return doc


def unapprove_goods_receipt(session: Session, actor: User, doc_id: int, reason: str | None = None) -> GoodsReceipt:
    """弃审: take the goods out again at the value they came in with. Refused while a
    document was made from the receipt (a purchase return, a supplier invoice:
    ``DownstreamExists``), when the goods are no longer there (``InsufficientStock``) or
    were issued since at an average that included them (``Conflict`` ``issued_since``).
    Batches made at approval stay."""
    doc = lock_receipt(session, actor, doc_id)
    documents.unapprove(session, actor, doc, reason)
    reverse_moves(session, actor, doc.__doc_type__, doc.id)
    for line in doc.lines:
        line.origin.qty_received -= line.qty_base
    session.flush()
    return doc


def cancel_goods_receipt(session: Session, actor: User, doc_id: int, reason: str | None = None) -> GoodsReceipt:
    """作废 a draft or pending receipt (an approved one is unapproved first)."""
    doc = load_document(session, actor, GoodsReceipt, doc_id, for_update=True)
    documents.cancel(session, actor, doc, reason)
    return doc


def submit_goods_receipt(session: Session, actor: User, doc_id: int) -> GoodsReceipt:
    load_document(session, actor, GoodsReceipt, doc_id)
    return common.submit(session, actor, GoodsReceipt, doc_id)


def reject_goods_receipt(session: Session, actor: User, doc_id: int, reason: str | None = None) -> GoodsReceipt:
    load_document(session, actor, GoodsReceipt, doc_id)
    return common.reject(session, actor, GoodsReceipt, doc_id, reason)


def delete_goods_receipt(session: Session, actor: User, doc_id: int) -> None:
    load_document(session, actor, GoodsReceipt, doc_id)
    common.delete(session, actor, GoodsReceipt, doc_id)
