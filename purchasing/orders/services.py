"""Services of the purchase order (采购订单): enter, edit, approve by rule, close short."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import check_warehouse_access
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict, ValidationFailed
from erp.warehouses.services import active_warehouse
from purchasing import common
from purchasing.lines import price_all
from purchasing.orders.entry import read_entered_lines
from purchasing.orders.models import PurchaseOrder

HEADER_FIELDS = ("doc_date", "expected_date", "supplier_ref", "note")


def new_order(session: Session, actor: User, data: dict) -> PurchaseOrder:
    """An unsaved draft header from ``data`` (supplier, warehouse, dates, price basis)."""
    common.require_edit(actor, PurchaseOrder)
    supplier = common.active_supplier(session, data.get("supplier_id"))
    warehouse = active_warehouse(session, data.get("warehouse_id"))
    check_warehouse_access(actor, warehouse.id)
    doc_date = common.document_date(session, data)
    check_expected_date(doc_date, data.get("expected_date"))
    return PurchaseOrder(doc_date=doc_date, supplier=supplier, supplier_id=supplier.id, warehouse_id=warehouse.id,
                         expected_date=data.get("expected_date"), supplier_ref=data.get("supplier_ref"),
                         price_includes_vat=data.get("price_includes_vat", True), note=data.get("note"),
                         created_by_id=actor.id)


def check_expected_date(doc_date, expected_date) -> None:
    if expected_date is not None and expected_date < doc_date:
        raise ValidationFailed(N_("The expected date is before the order date."),
                               fields={"expected_date": [N_("Must not be before the order date.")]})


def create_order(session: Session, actor: User, data: dict) -> PurchaseOrder:
    """Draft a purchase order. ``data``: ``supplier_id``, ``warehouse_id``, ``lines``
    ``[{product_id, unit_id?, qty, unit_price?, vat_rate?}]``, optional ``doc_date``,
    ``expected_date``, ``supplier_ref``, ``price_includes_vat`` (default True), ``note``.
    A line's unit defaults to the product's purchase packing, its price to the last price
    paid to the supplier. Raises ``ValidationFailed`` (inactive supplier or product, per
    line), ``Forbidden``, ``PeriodClosed``."""
    doc = new_order(session, actor, data)
    doc.lines = read_entered_lines(session, data.get("lines"), supplier_id=doc.supplier_id,
                                   warehouse_id=doc.warehouse_id, includes_vat=doc.price_includes_vat)
    price_all(doc)
    insert_new(session, doc)
    return doc


def update_order(session: Session, actor: User, doc_id: int, data: dict) -> PurchaseOrder:
    """Change a draft: header fields, supplier, warehouse, price basis and/or all lines."""
    doc = common.editable(session, actor, PurchaseOrder, doc_id)
    if data.get("supplier_id"):
        supplier = common.active_supplier(session, data["supplier_id"])
        doc.supplier, doc.supplier_id = supplier, supplier.id
    if data.get("warehouse_id"):
        warehouse = active_warehouse(session, data["warehouse_id"])
        check_warehouse_access(actor, warehouse.id)
        doc.warehouse_id = warehouse.id
    for key in HEADER_FIELDS:
        if key in data and not (key == "doc_date" and data[key] is None):
            setattr(doc, key, data[key])
    if data.get("price_includes_vat") is not None:
        doc.price_includes_vat = data["price_includes_vat"]
    common.document_date(session, {"doc_date": doc.doc_date})
    check_expected_date(doc.doc_date, doc.expected_date)
    if data.get("lines"):
        doc.lines = read_entered_lines(session, data["lines"], supplier_id=doc.supplier_id,
                                       warehouse_id=doc.warehouse_id, includes_vat=doc.price_includes_vat)
    price_all(doc)
    session.flush()
    return doc


def approve_order(session: Session, actor: User, doc_id: int) -> PurchaseOrder:
    """Approve the next level (large orders need a manager: the rule on
    ``purchase_order.approve_manager``). Refused (409) when the supplier or a product was
    deactivated since the draft was made."""
    doc = common.lock(session, PurchaseOrder, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        common.check_supplier_active(doc.supplier)
        common.check_products_active(doc)
    documents.approve(session, actor, doc)
    return doc


def unapprove_order(session: Session, actor: User, doc_id: int, reason: str | None = None) -> PurchaseOrder:
    """弃审: refused while goods receipts made from the order exist."""
    doc = common.lock(session, PurchaseOrder, doc_id)
    documents.unapprove(session, actor, doc, reason)
    return doc


def cancel_order(session: Session, actor: User, doc_id: int, reason: str | None = None) -> PurchaseOrder:
    """作废: refused while goods receipts made from the order exist (close it short instead)."""
    doc = common.lock(session, PurchaseOrder, doc_id)
    documents.cancel(session, actor, doc, reason)
    return doc


def check_no_open_receipts(session: Session, doc: PurchaseOrder) -> None:
    """An order is closed only when no goods receipt of it waits for approval."""
    from purchasing.receipts.models import GoodsReceipt

    waiting = session.scalars(select(GoodsReceipt).where(
        GoodsReceipt.order_id == doc.id, GoodsReceipt.state.in_([DocState.DRAFT, DocState.PENDING]))).first()
    if waiting is not None:
        raise Conflict(N_("Cannot close %(document)s: %(receipt)s is not approved yet; approve or cancel it first."),
                       code="receipt_pending", document=str(doc), receipt=str(waiting))


def close_order(session: Session, actor: User, doc_id: int, reason: str | None = None) -> PurchaseOrder:
    """Close short (关闭): nothing more will be received. Needs a reason; refused while a
    goods receipt of the order is still a draft or pending."""
    doc = common.lock(session, PurchaseOrder, doc_id)
    if not reason:
        raise ValidationFailed(N_("Say why the order is closed."), fields={"reason": [N_("Required.")]})
    if doc.state == DocState.APPROVED:
        check_no_open_receipts(session, doc)
    documents.close(session, actor, doc, reason)
    return doc


def reopen_order(session: Session, actor: User, doc_id: int) -> PurchaseOrder:
    doc = common.lock(session, PurchaseOrder, doc_id)
    documents.reopen(session, actor, doc)
    return doc


def submit_order(session: Session, actor: User, doc_id: int) -> PurchaseOrder:
    return common.submit(session, actor, PurchaseOrder, doc_id)


def reject_order(session: Session, actor: User, doc_id: int, reason: str | None = None) -> PurchaseOrder:
    return common.reject(session, actor, PurchaseOrder, doc_id, reason)


def delete_order(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, PurchaseOrder, doc_id)
