"""Services of the credit note (红字发票).

From a sales return: for the returned goods that were invoiced, one credit note per
original invoice, at the invoice's prices (goods returned before invoicing need none —
they are simply not invoiced). From an invoice: an allowance or a full reversal of some
of its lines, optionally at a lower price. Approval reduces the invoice's ``amount_open``
(never below zero: what was paid must be refunded by finance) and, for returned goods,
counts them as no longer invoiced on the outbound and order lines.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState, state_term
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict, ValidationFailed
from erp.sales import common
from erp.sales.chain import counted, natural_unit, wanted_lines
from erp.sales.credit_notes.models import CreditNote, CreditNoteLine
from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
from erp.sales.invoices.services import reduce_amount_open, restore_amount_open
from erp.sales.pricing import carried_price, set_totals
from erp.sales.progress import add_progress
from erp.sales.returns.models import SalesReturn
from erp.sales.shipped import in_outbound_unit

ZERO = Decimal(0)


def creditable(session: Session, invoice_lines: list[SalesInvoiceLine], *,
               excluding: int | None = None) -> dict[int, Decimal]:
    """Base quantity of each invoice line not yet on a credit note that counts."""
    extra = (CreditNote.id != excluding,) if excluding else ()
    taken = counted(session, CreditNoteLine, CreditNote, CreditNoteLine.origin_line_id,
                    [line.id for line in invoice_lines], extra=extra)
    return {line.id: line.qty_base - taken.get(line.id, ZERO) for line in invoice_lines}


def _credit_line(no: int, origin: SalesInvoiceLine, unit_id: int, qty: Decimal, qty_base: Decimal,
                 unit_price: Decimal | None = None, return_line=None) -> CreditNoteLine:
    factor = origin.product.factor(unit_id) or Decimal(1)
    price = unit_price if unit_price is not None else carried_price(origin.unit_price, origin.factor, factor)
    return CreditNoteLine(line_no=no, origin_line_id=origin.id, return_line=return_line, product=origin.product,
                          unit_id=unit_id, qty=qty, qty_base=qty_base, unit_price=price,
                          discount_rate=origin.discount_rate, vat_rate=origin.vat_rate,
                          price_source=origin.document.name_zh[:120])


def _new(session: Session, actor: User, invoice: SalesInvoice, data: dict, sales_return=None) -> CreditNote:
    return CreditNote(doc_date=common.document_date(session, data), invoice_id=invoice.id, customer=invoice.customer,
                      sales_return_id=sales_return.id if sales_return else None,
                      reason=data.get("reason") or (sales_return.reason if sales_return else None),
                      price_includes_vat=invoice.price_includes_vat, note=data.get("note"), created_by_id=actor.id)


def make_credit_notes_from_return(session: Session, actor: User, return_id: int, data: dict) -> list[CreditNote]:
    """Credit notes for what of an approved return was invoiced and not yet credited: one
    per original invoice. ``data`` may give ``doc_date``, ``reason``, ``note``. Raises
    ``Conflict`` (return not approved; nothing to credit), ``Forbidden``."""
    common.require_edit(actor, CreditNote)
    sales_return = common.lock(session, SalesReturn, return_id)
    common.check_upstream_approved(sales_return, "make a credit note")
    done = counted(session, CreditNoteLine, CreditNote, CreditNoteLine.return_line_id,
                   [line.id for line in sales_return.lines])
    by_invoice: dict[int, list[CreditNoteLine]] = {}
    for ret_line in sales_return.lines:
        left = ret_line.qty_base - done.get(ret_line.id, ZERO)
        if left <= 0:
            continue
        candidates = list(session.scalars(
            select(SalesInvoiceLine).join(SalesInvoice, SalesInvoice.id == SalesInvoiceLine.document_id)
            .where(SalesInvoiceLine.origin_line_id == ret_line.origin_line_id,
                   SalesInvoice.state == DocState.APPROVED).order_by(SalesInvoiceLine.id)))
        open_qty = creditable(session, candidates)
        for inv_line in candidates:
            take = min(left, open_qty[inv_line.id])
            if take <= 0:
                continue
            unit_id, qty = natural_unit(ret_line, take)
            notes = by_invoice.setdefault(inv_line.document_id, [])
            notes.append(_credit_line(len(notes) + 1, inv_line, unit_id, qty, take, return_line=ret_line))
            left -= take
            if left <= 0:
                break
    if not by_invoice:
        raise Conflict(N_("Nothing returned on %(document)s is invoiced and not yet credited; no credit note is "
                          "needed."), code="nothing_to_credit", document=str(sales_return))
    out = []
    for invoice_id, lines in by_invoice.items():
        doc = _new(session, actor, session.get(SalesInvoice, invoice_id), data, sales_return)
        doc.lines = lines
        set_totals(doc)
        session.add(doc)
        out.append(doc)
    session.flush()
    return out


def make_credit_note_from_invoice(session: Session, actor: User, invoice_id: int, data: dict) -> CreditNote:
    """A credit note for all that is not yet credited of an approved invoice, or for
    ``lines`` ``[{origin_line_id (invoice line), qty, unit_id?, unit_price?}]`` — a lower
    ``unit_price`` makes an allowance (折让). Raises ``Conflict`` (invoice not approved,
    nothing left), ``ValidationFailed`` (beyond the invoice, a price above the invoice's)."""
    common.require_edit(actor, CreditNote)
    invoice = common.lock(session, SalesInvoice, invoice_id)
    common.check_upstream_approved(invoice, "make a credit note")
    requested = data.get("lines")
    wanted = wanted_lines(session, invoice.lines, creditable(session, invoice.lines), requested,
                          document=str(invoice))
    prices = {item["origin_line_id"]: item.get("unit_price") for item in requested or ()}
    doc = _new(session, actor, invoice, data)
    lines = []
    for i, w in enumerate(wanted):
        full = carried_price(w.origin.unit_price, w.origin.factor, w.factor)
        price = prices.get(w.origin.id)
        if price is not None and price > full:
            raise ValidationFailed(N_("A credit note cannot credit more than the invoice's price (%(price)s)."),
                                   price=full, fields={"lines": {i: {"unit_price": [N_("Above the invoice price.")]}}})
        lines.append(_credit_line(i + 1, w.origin, w.unit_id, w.qty, w.qty_base, price))
    doc.lines = lines
    set_totals(doc)
    insert_new(session, doc)
    return doc


def check_creditable(session: Session, doc: CreditNote) -> None:
    invoice = doc.invoice
    if invoice.state != DocState.APPROVED:
        raise Conflict(N_("%(document)s is %(state)s; only an approved invoice can be credited."),
                       code="invoice_not_approved", document=str(invoice), state=state_term(invoice.state))
    left = creditable(session, [line.origin for line in doc.lines], excluding=doc.id)
    for line in doc.lines:
        left[line.origin_line_id] -= line.qty_base
        if left[line.origin_line_id] < 0:
            raise Conflict(N_("%(product)s: more would be credited than %(document)s invoiced."),
                           code="over_credit", product=str(line.product), document=str(invoice))


def _count(session: Session, doc: CreditNote, sign: int) -> None:
    for line in doc.lines:
        add_progress(session, line.origin, "qty_credited", sign * line.qty_base, limit="qty_base")
        ret_line = line.return_line
        if ret_line is not None:
            add_progress(session, ret_line.origin, "qty_invoiced",
                         -sign * in_outbound_unit(ret_line.origin, line.qty_base), limit="qty")
            if ret_line.order_line is not None:
                add_progress(session, ret_line.order_line, "qty_invoiced", -sign * line.qty_base, limit="qty_base")


def approve_credit_note(session: Session, actor: User, doc_id: int) -> CreditNote:
    """Approve; at the last level (gap-free number) the invoice's ``amount_open`` drops by
    the credit note's total — refused (409 ``over_allocation``) when less is open."""
    doc = common.lock(session, CreditNote, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        common.lock(session, SalesInvoice, doc.invoice_id)
        check_creditable(session, doc)
    if documents.approve(session, actor, doc):
        reduce_amount_open(session, doc.invoice_id, doc.total_gross)
        _count(session, doc, 1)
        session.flush()
    return doc


def _undo(session: Session, doc: CreditNote) -> None:
    restore_amount_open(session, doc.invoice_id, doc.total_gross)
    _count(session, doc, -1)
    session.flush()


def unapprove_credit_note(session: Session, actor: User, doc_id: int, reason: str | None = None) -> CreditNote:
    doc = common.lock(session, CreditNote, doc_id)
    documents.unapprove(session, actor, doc, reason)
    _undo(session, doc)
    return doc


def cancel_credit_note(session: Session, actor: User, doc_id: int, reason: str | None = None) -> CreditNote:
    doc = common.lock(session, CreditNote, doc_id)
    was_approved = doc.state == DocState.APPROVED
    documents.cancel(session, actor, doc, reason)
    if was_approved:
        _undo(session, doc)
    return doc


def submit_credit_note(session: Session, actor: User, doc_id: int) -> CreditNote:
    return common.submit(session, actor, CreditNote, doc_id)


def reject_credit_note(session: Session, actor: User, doc_id: int, reason: str | None = None) -> CreditNote:
    return common.reject(session, actor, CreditNote, doc_id, reason)


def delete_credit_note(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, CreditNote, doc_id)



def update_credit_note(session: Session, actor: User, doc_id: int, data: dict) -> CreditNote:
    """Change a draft's ``doc_date``, ``reason``, ``note`` (its lines follow its origin:
    delete it and make it again to change them)."""
    doc = common.editable(session, actor, CreditNote, doc_id)
    for key in ("doc_date", "reason", "note"):
        if key in data and not (key == "doc_date" and data[key] is None):
            setattr(doc, key, data[key])
    common.document_date(session, {"doc_date": doc.doc_date})
    session.flush()
    return doc
