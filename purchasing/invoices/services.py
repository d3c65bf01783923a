"""Services of the supplier invoice (采购发票): made from approved goods receipts of one
supplier, approved into the payables ledger, unapproved or cancelled while nothing of it
is paid or credited."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict, ValidationFailed
from erp.suppliers.models import Supplier
from finance.ledger import services as ledger
from finance.ledger.models import OpenItem, Side
from purchasing import common
from purchasing.invoices import checks as _checks  # noqa: F401  (registers the `erp check` checks)
from purchasing.invoices.lines import check_within_received, invoice_lines
from purchasing.invoices.models import SupplierInvoice
from purchasing.lines import price_all
from purchasing.orders.models import PurchaseOrder
from purchasing.receipts.models import GoodsReceipt

HEADER_FIELDS = ("supplier_invoice_no", "supplier_invoice_date", "note")


def due_date_for(invoice_date: dt.date, supplier: Supplier) -> dt.date:
    """The supplier's invoice date plus its payment terms (账期, days)."""
    return invoice_date + dt.timedelta(days=supplier.payment_terms_days or 0)


def invoiced_receipts(session: Session, receipt_ids: list[int] | None, supplier_id: int | None) -> list[GoodsReceipt]:
    """The receipts named, locked, all approved and of one supplier: the one given, else the
    first receipt's (409 ``other_supplier`` naming the receipt of another one)."""
    ids = list(dict.fromkeys(receipt_ids or []))
    if not ids:
        raise ValidationFailed(N_("Name at least one goods receipt."), fields={"receipt_ids": [N_("Required.")]})
    receipts = [documents.get_document(session, GoodsReceipt, i) for i in ids]
    supplier_id = supplier_id or receipts[0].supplier_id
    for receipt in receipts:
        common.check_same_supplier(receipt, supplier_id)
        common.check_upstream_approved(receipt, "invoice")
    return receipts


def check_unique_number(session: Session, doc: SupplierInvoice) -> None:
    """One supplier invoice number is entered once (not cancelled): 409 ``duplicate_invoice``."""
    other = session.scalar(select(SupplierInvoice).where(
        SupplierInvoice.supplier_id == doc.supplier_id, SupplierInvoice.supplier_invoice_no == doc.supplier_invoice_no,
        SupplierInvoice.state != DocState.CANCELLED, SupplierInvoice.id != (doc.id or 0)))
    if other is not None:
        raise Conflict(N_("Invoice %(invoice_no)s of %(supplier)s is entered already as %(document)s."),
                       code="duplicate_invoice", invoice_no=doc.supplier_invoice_no, supplier=str(doc.supplier),
                       document=str(other))


def _set_lines(session: Session, doc: SupplierInvoice, receipts: list[GoodsReceipt], requested: list[dict] | None
               ) -> None:
    doc.lines = invoice_lines(session, receipts, requested, doc.price_includes_vat, exclude_invoice_id=doc.id)
    price_all(doc)


def make_supplier_invoice(session: Session, actor: User, data: dict) -> SupplierInvoice:
    """A draft invoice for all that remains to invoice of ``receipt_ids`` (approved receipts
    of one supplier), or for ``lines`` ``[{origin_line_id, qty, unit_id?, unit_price?}]``.
    ``data`` gives ``supplier_invoice_no`` and may give ``supplier_id`` (must be the
    receipts'), ``supplier_invoice_date`` (default ``doc_date``), ``doc_date`` (today),
    ``price_includes_vat`` (default the first receipt's), ``note``. Due date = the
    supplier's invoice date + its payment terms. Raises ``Conflict`` (a receipt not
    approved or of another supplier, inactive supplier, nothing remains, the supplier's
    number entered already), ``ValidationFailed`` (per line: more than remains),
    ``NotFound``, ``Forbidden``, ``PeriodClosed``."""
    common.require_edit(actor, SupplierInvoice)
    receipts = invoiced_receipts(session, data.get("receipt_ids"), data.get("supplier_id"))
    supplier = receipts[0].supplier
    common.check_supplier_active(supplier)
    doc_date = common.document_date(session, data)
    invoice_date = data.get("supplier_invoice_date") or doc_date
    includes_vat = data.get("price_includes_vat")
    doc = SupplierInvoice(doc_date=doc_date, supplier=supplier, supplier_id=supplier.id,
                          supplier_invoice_no=data["supplier_invoice_no"], supplier_invoice_date=invoice_date,
                          due_date=due_date_for(invoice_date, supplier),
                          price_includes_vat=receipts[0].price_includes_vat if includes_vat is None else includes_vat,
                          note=data.get("note"), created_by_id=actor.id)
    check_unique_number(session, doc)
    _set_lines(session, doc, receipts, data.get("lines"))
    insert_new(session, doc)
    return doc


def make_invoice_from_receipt(session: Session, actor: User, receipt_id: int, data: dict) -> SupplierInvoice:
    """``POST /goods-receipts/{id}/supplier-invoices``: the same from one receipt."""
    return make_supplier_invoice(session, actor, {**data, "receipt_ids": [receipt_id]})


def update_supplier_invoice(session: Session, actor: User, doc_id: int, data: dict) -> SupplierInvoice:
    """Change a draft: the supplier's number and date (the due date follows), ``doc_date``,
    ``note``, and the lines — of its receipts, or of ``receipt_ids`` given — checked again
    against what remains."""
    doc = common.editable(session, actor, SupplierInvoice, doc_id)
    for key in HEADER_FIELDS:
        if data.get(key) is not None:
            setattr(doc, key, data[key])
    if data.get("doc_date"):
        doc.doc_date = data["doc_date"]
    common.document_date(session, {"doc_date": doc.doc_date})
    doc.due_date = due_date_for(doc.supplier_invoice_date, doc.supplier)
    check_unique_number(session, doc)
    if data.get("lines") is not None or data.get("receipt_ids") or data.get("price_includes_vat") is not None:
        if data.get("price_includes_vat") is not None:
            doc.price_includes_vat = data["price_includes_vat"]
        receipts = invoiced_receipts(session, data.get("receipt_ids") or [r.id for r in doc.receipts],
                                     doc.supplier_id)
        _set_lines(session, doc, receipts, data.get("lines"))
    session.flush()
    return doc


def lock_invoice(session: Session, actor: User, doc_id: int) -> SupplierInvoice:
    """Lock down the chain as every purchasing verb does — the orders, the receipts, then the
    invoice (each in id order) — so that invoices and returns of the same receipt never
    wait for each other in a cycle."""
    doc = documents.get_document(session, SupplierInvoice, doc_id)
    receipts = sorted({line.receipt_id for line in doc.lines})
    orders = sorted({line.receipt.order_id for line in doc.lines})
    for order_id in orders:
        common.lock(session, PurchaseOrder, order_id)
    for receipt_id in receipts:
        common.lock(session, GoodsReceipt, receipt_id)
    return common.lock(session, SupplierInvoice, doc_id)


def _doc_ref(doc: SupplierInvoice) -> ledger.DocRef:
    return ledger.DocRef(doc.__doc_type__, doc.id, doc.number, doc.doc_date)


def _count(doc: SupplierInvoice, sign: int) -> None:
    for line in doc.lines:
        line.origin.qty_invoiced += sign * line.qty_base
        line.origin.amount_invoiced += sign * line.amount_gross


def approve_supplier_invoice(session: Session, actor: User, doc_id: int) -> SupplierInvoice:
    """Approve the next level (a failed three-way match needs the manager level); at the
    last one the invoice gets its number, becomes an open payable of the supplier due on
    ``due_date`` and counts as invoiced on the receipt lines. Raises ``Conflict``
    (a receipt unapproved since, over-invoicing, inactive supplier), ``Forbidden``
    (level), ``InvalidTransition``, ``PeriodClosed``."""
    doc = lock_invoice(session, actor, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        common.check_supplier_active(doc.supplier)
        check_within_received(session, doc)
    if documents.approve(session, actor, doc):
        _count(doc, +1)
        ledger.book_charge(session, side=Side.PAYABLE, party_id=doc.supplier_id, doc=_doc_ref(doc),
                           due_date=doc.due_date, amount=doc.total_gross, user_id=actor.id,
                           reference=doc.supplier_invoice_no)
        session.flush()
        session.expire(doc, ["open_item"])
    return doc


def check_not_settled(session: Session, doc: SupplierInvoice) -> None:
    """An invoice with payments allocated, credits or write-offs cannot be undone (409
    ``item_settled``: the ledger's rule)."""
    item = ledger.item_of(session, doc.__doc_type__, doc.id)
    if item is not None:
        ledger.check_nothing_applied(item)


def _unpost(session: Session, actor: User, doc: SupplierInvoice) -> None:
    ledger.unbook(session, doc.__doc_type__, doc.id, user_id=actor.id)
    _count(doc, -1)
    session.flush()
    session.expire(doc, ["open_item"])


def unapprove_supplier_invoice(session: Session, actor: User, doc_id: int, reason: str | None = None
                               ) -> SupplierInvoice:
    """弃审: refused while anything is allocated to it or credited on it; the payable is
    reversed and the receipt lines may be invoiced again."""
    doc = lock_invoice(session, actor, doc_id)
    check_not_settled(session, doc)
    documents.unapprove(session, actor, doc, reason)
    _unpost(session, actor, doc)
    return doc


def cancel_supplier_invoice(session: Session, actor: User, doc_id: int, reason: str | None = None
                            ) -> SupplierInvoice:
    """作废 (an approved invoice keeps its number): the same refusals as unapprove."""
    doc = lock_invoice(session, actor, doc_id)
    was_approved = doc.state == DocState.APPROVED
    check_not_settled(session, doc)
    documents.cancel(session, actor, doc, reason)
    if was_approved:
        _unpost(session, actor, doc)
    return doc


def submit_supplier_invoice(session: Session, actor: User, doc_id: int) -> SupplierInvoice:
    return common.submit(session, actor, SupplierInvoice, doc_id)


def reject_supplier_invoice(session: Session, actor: User, doc_id: int, reason: str | None = None
                            ) -> SupplierInvoice:
    return common.reject(session, actor, SupplierInvoice, doc_id, reason)


def delete_supplier_invoice(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, SupplierInvoice, doc_id)


def query_supplier_invoices(args: dict) -> Select:
    """Supplier invoices newest first: ``q`` matches our number, the supplier's number or the
    supplier; filters ``state``, ``supplier_id``, ``date_from``, ``date_to``; ``open`` keeps
    approved invoices with something still to pay."""
    stmt = (select(SupplierInvoice).join(Supplier, Supplier.id == SupplierInvoice.supplier_id)
            .order_by(SupplierInvoice.doc_date.desc(), SupplierInvoice.id.desc()))
    if args.get("q"):
        pattern = f"%{args['q'].lower()}%"
        stmt = stmt.where(or_(func.lower(SupplierInvoice.number).like(pattern),
                              func.lower(SupplierInvoice.supplier_invoice_no).like(pattern),
                              func.lower(Supplier.name).like(pattern), func.lower(Supplier.code).like(pattern)))
    for key in ("state", "supplier_id"):
        if args.get(key):
            stmt = stmt.where(getattr(SupplierInvoice, key) == args[key])
    if args.get("date_from"):
        stmt = stmt.where(SupplierInvoice.doc_date >= args["date_from"])
    if args.get("date_to"):
        stmt = stmt.where(SupplierInvoice.doc_date <= args["date_to"])
    if args.get("open"):
        stmt = stmt.where(SupplierInvoice.id.in_(select(OpenItem.doc_id).where(
            OpenItem.doc_type == SupplierInvoice.__doc_type__, OpenItem.amount_open > 0)))
    return stmt
