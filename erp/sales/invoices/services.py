"""Services of the sales invoice (销售发票).

An invoice covers shipped goods only: lines of approved outbounds of ONE customer (named
directly, or through their delivery notes), never more than shipped and not yet invoiced
or returned. Approval sets what the customer owes (``amount_open`` = the gross total),
counts the lines as invoiced on the outbound and order lines; unapprove and cancel undo
it and are refused once a credit note exists or money was allocated to the invoice.

For finance: :func:`reduce_amount_open` / :func:`restore_amount_open` are the safe way to
change what is owed (one conditional UPDATE, never below zero nor above the total).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.db.uow import preload_many_to_one
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict, ValidationFailed
from erp.sales import common
from erp.sales.chain import wanted_lines
from erp.sales.delivery.models import DeliveryNote
from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
from erp.sales.pricing import set_totals
from erp.sales.progress import add_progress_many
from erp.sales.shipped import (
    check_outbound_shipped,
    in_outbound_unit,
    note_lines_of,
    price_for,
    remaining_to_invoice,
)
from inventory.outbounds.models import Outbound

ZERO = Decimal("0.00")


def due_date_for(doc_date: dt.date, customer) -> dt.date:
    return doc_date + dt.timedelta(days=customer.payment_terms_days or 0)


def shipped_outbounds(session: Session, outbound_ids: list[int] | None,
                      delivery_note_ids: list[int] | None = None) -> list[Outbound]:
    """The approved outbounds named, and those made from the delivery notes named, all of
    one customer (409 ``other_customer`` naming the odd one out)."""
    ids = list(outbound_ids or [])
    for note_id in delivery_note_ids or []:
        note = documents.get_document(session, DeliveryNote, note_id)
        shipped = [ob.id for ob in note.downstream_documents(session) if ob.state == DocState.APPROVED]
        if not shipped:
            raise Conflict(N_("Nothing of %(document)s has been shipped yet."), code="not_shipped",
                           document=str(note))
        ids += shipped
    if not ids:
        raise ValidationFailed(N_("Name at least one outbound or delivery note."),
                               fields={"outbound_ids": [N_("Required.")]})
    outbounds = [documents.get_document(session, Outbound, i, for_update=True) for i in dict.fromkeys(ids)]
    for outbound in outbounds:
        check_outbound_shipped(outbound, outbounds[0].customer_id)
    return outbounds


def _lines(session: Session, doc: SalesInvoice, outbounds: list[Outbound], requested: list[dict] | None,
           notes: dict | None = None) -> None:
    shipped = [line for ob in outbounds for line in ob.lines]
    remaining = remaining_to_invoice(session, shipped, excluding_invoice=doc.id)
    wanted = wanted_lines(session, shipped, remaining, requested, document=", ".join(str(ob) for ob in outbounds),
                          nothing_left=N_("Everything shipped on %(document)s is already invoiced or returned."))
    if notes is None:
        notes = note_lines_of(session, outbounds)
    lines = []
    for i, w in enumerate(wanted):
        in_outbound_unit(w.origin, w.qty_base)
        values = price_for(session, w.origin, notes.get(w.origin.id), doc.customer, doc.doc_date,
                           doc.price_includes_vat, w.unit_id)
        lines.append(SalesInvoiceLine(line_no=i + 1, origin_line_id=w.origin.id, outbound_id=w.origin.document_id,
                                      product=w.origin.product, unit_id=w.unit_id, qty=w.qty, qty_base=w.qty_base,
                                      **values))
    doc.lines = lines
    set_totals(doc)


def _price_basis(session: Session, outbounds: list[Outbound], data: dict, notes: dict | None = None) -> bool:
    if data.get("price_includes_vat") is not None:
        return data["price_includes_vat"]
    if notes is not None:  # the note lines of all the outbounds: keep those of the first
        first = {line.id for line in outbounds[0].lines}
        notes = {k: v for k, v in notes.items() if k in first}
    else:
        notes = note_lines_of(session, outbounds[:1])
    return next(iter(notes.values())).document.price_includes_vat if notes else True


def make_invoice(session: Session, actor: User, data: dict) -> SalesInvoice:
    """One invoice for what remains to invoice of ``outbound_ids`` and/or the outbounds of
    ``delivery_note_ids`` (one customer), or for ``lines`` ``[{origin_line_id (an outbound
    line), qty, unit_id?}]``, at the delivery notes' (orders') prices. ``data`` may give
    ``doc_date`` (due date = date + the customer's payment terms), ``note``.

    Raises ``Conflict``: an outbound not approved, of another customer
    (``other_customer``), or nothing left to invoice; ``ValidationFailed``: more than
    remains (naming it), a quantity that does not convert into the shipped unit;
    ``NotFound``; ``Forbidden``."""
    common.require_edit(actor, SalesInvoice)
    outbounds = shipped_outbounds(session, data.get("outbound_ids"), data.get("delivery_note_ids"))
    customer = outbounds[0].customer
    doc_date = common.document_date(session, data)
    notes = note_lines_of(session, outbounds)
    doc = SalesInvoice(doc_date=doc_date, customer=customer, due_date=due_date_for(doc_date, customer),
                       price_includes_vat=_price_basis(session, outbounds, data, notes), note=data.get("note"),
                       created_by_id=actor.id)
    _lines(session, doc, outbounds, data.get("lines"), notes)
    insert_new(session, doc)
    return doc


def make_invoice_from_outbound(session: Session, actor: User, outbound_id: int, data: dict) -> SalesInvoice:
    return make_invoice(session, actor, {**data, "outbound_ids": [outbound_id]})


def update_invoice(session: Session, actor: User, doc_id: int, data: dict) -> SalesInvoice:
    """Change a draft: ``doc_date`` (the due date follows), ``note``, and ``lines`` from its
    outbounds (or ``outbound_ids`` given), checked again against what remains."""
    doc = common.editable(session, actor, SalesInvoice, doc_id)
    if data.get("doc_date"):
        doc.doc_date = data["doc_date"]
    common.document_date(session, {"doc_date": doc.doc_date})
    doc.due_date = due_date_for(doc.doc_date, doc.customer)
    if "note" in data:
        doc.note = data["note"]
    if "lines" in data or data.get("outbound_ids"):
        outbounds = shipped_outbounds(session, data.get("outbound_ids") or doc.outbound_ids)
        common.check_same_customer(doc, outbounds[0].customer_id, outbounds[0])
        _lines(session, doc, outbounds, data.get("lines"))
    session.flush()
    return doc


def check_within_shipped(session: Session, doc: SalesInvoice) -> None:
    """At approval: every outbound still approved, and no line beyond what remains to invoice."""
    preload_many_to_one(session, doc.lines, "origin")
    outbounds = {line.outbound_id: line.origin.document for line in doc.lines}
    for outbound in outbounds.values():
        check_outbound_shipped(outbound, doc.customer_id)
    remaining = remaining_to_invoice(session, [line.origin for line in doc.lines], excluding_invoice=doc.id)
    for line in doc.lines:
        remaining[line.origin_line_id] -= line.qty_base
        if remaining[line.origin_line_id] < 0:
            raise Conflict(N_("%(product)s: the invoice covers more than was shipped and not yet invoiced."),
                           code="over_invoicing", product=str(line.product))


def _count(session: Session, doc: SalesInvoice, sign: int) -> None:
    """Count the lines as invoiced (``sign`` 1) or not (-1) on their outbound and order
    lines: one UPDATE run for each line per upstream document."""
    preload_many_to_one(session, doc.lines, "origin")
    preload_many_to_one(session, doc.lines, "order_line")
    shipped: dict[int, list] = {}
    ordered: dict[int, list] = {}
    for line in doc.lines:
        shipped.setdefault(line.outbound_id, []).append(
            (line.origin, sign * in_outbound_unit(line.origin, line.qty_base)))
        if line.order_line is not None:
            ordered.setdefault(line.order_line.document_id, []).append((line.order_line, sign * line.qty_base))
    # Per upstream document, so that a conflict names the document it happened on.
    for changes in shipped.values():
        add_progress_many(session, changes, "qty_invoiced", limit="qty")
    for changes in ordered.values():
        add_progress_many(session, changes, "qty_invoiced", limit="qty_base")


def _post(session: Session, doc: SalesInvoice) -> None:
    doc.amount_open = doc.total_gross
    _count(session, doc, 1)


def check_not_settled(doc: SalesInvoice) -> None:
    """Refuse to undo an invoice once money was allocated to it (finance first undoes that)."""
    if doc.amount_open != doc.total_gross:
        raise Conflict(N_("%(document)s has receipts allocated (%(open)s of %(total)s still open); undo them first."),
                       code="invoice_settled", document=str(doc), open=doc.amount_open, total=doc.total_gross)


def _unpost(session: Session, doc: SalesInvoice) -> None:
    check_not_settled(doc)
    doc.amount_open = ZERO
    _count(session, doc, -1)


def approve_invoice(session: Session, actor: User, doc_id: int) -> SalesInvoice:
    """Approve; at the last level the invoice gets its gap-free number, ``amount_open`` =
    the gross total, and its lines count as invoiced. Raises ``Conflict`` (outbound
    unapproved since, over-invoicing), ``Forbidden``, ``InvalidTransition``."""
    doc = common.lock(session, SalesInvoice, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        check_within_shipped(session, doc)
    if documents.approve(session, actor, doc):
        _post(session, doc)
        session.flush()
    return doc


def unapprove_invoice(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesInvoice:
    """弃审 (the number stays): refused while a credit note exists or receipts are allocated."""
    doc = common.lock(session, SalesInvoice, doc_id)
    documents.unapprove(session, actor, doc, reason)
    _unpost(session, doc)
    session.flush()
    return doc


def cancel_invoice(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesInvoice:
    """作废 (an approved invoice keeps its number, marked cancelled): same refusals as unapprove."""
    doc = common.lock(session, SalesInvoice, doc_id)
    was_approved = doc.state == DocState.APPROVED
    documents.cancel(session, actor, doc, reason)
    if was_approved:
        _unpost(session, doc)
    session.flush()
    return doc


def submit_invoice(session: Session, actor: User, doc_id: int) -> SalesInvoice:
    return common.submit(session, actor, SalesInvoice, doc_id)


def reject_invoice(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesInvoice:
    return common.reject(session, actor, SalesInvoice, doc_id, reason)


def delete_invoice(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, SalesInvoice, doc_id)


# --- what is owed: for credit notes here, and for finance's allocations (核销) ----------------

def reduce_amount_open(session: Session, invoice_id: int, amount: Decimal) -> None:
    """``amount_open -= amount`` on an approved invoice, in one conditional UPDATE (two
    concurrent allocations can never take it below zero). Raises ``Conflict``
    (``over_allocation``) when less is open. The caller writes its own audit record."""
    _change_open(session, invoice_id, -amount)


def restore_amount_open(session: Session, invoice_id: int, amount: Decimal) -> None:
    """``amount_open += amount`` (undoing an allocation or a credit note), never above the total."""
    _change_open(session, invoice_id, amount)


def _change_open(session: Session, invoice_id: int, delta: Decimal) -> None:
    if delta < 0:
        bound = SalesInvoice.amount_open >= -delta
    else:
        bound = SalesInvoice.total_gross - SalesInvoice.amount_open >= delta
    result = session.execute(
        update(SalesInvoice)
        .where(SalesInvoice.id == invoice_id, SalesInvoice.state == DocState.APPROVED, bound)
        .values(amount_open=SalesInvoice.amount_open + delta)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        invoice = session.get(SalesInvoice, invoice_id)
        raise Conflict(N_("%(amount)s is more than can change on %(document)s (%(open)s open of %(total)s)."),
                       code="over_allocation", amount=abs(delta), document=str(invoice),
                       open=invoice.amount_open if invoice else ZERO, total=invoice.total_gross if invoice else ZERO)
    session.expire(session.get(SalesInvoice, invoice_id), ["amount_open"])
