"""What sales makes from inventory's outbounds (invoices, returns), declared to inventory
so that an outbound cannot be unapproved or cancelled while they exist; and what a
delivery note allows of the outbounds made from it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.documents.base import DocState, Document, verb_term
from erp.documents.shared import lock
from erp.errors import N_, Conflict, NotFound
from erp.sales.delivery.models import DeliveryNote
from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
from erp.sales.returns.models import SalesReturn
from inventory.outbounds.models import Outbound, register_origin_guard, register_outbound_downstream


@register_outbound_downstream
def invoices_of_outbound(session: Session, outbound: Outbound) -> list[Document]:
    invoiced = select(SalesInvoiceLine.document_id).where(SalesInvoiceLine.outbound_id == outbound.id)
    return list(session.scalars(select(SalesInvoice).where(
        SalesInvoice.id.in_(invoiced), SalesInvoice.state != DocState.CANCELLED).order_by(SalesInvoice.id)))


@register_outbound_downstream
def returns_of_outbound(session: Session, outbound: Outbound) -> list[Document]:
    return list(session.scalars(select(SalesReturn).where(
        SalesReturn.outbound_id == outbound.id, SalesReturn.state != DocState.CANCELLED).order_by(SalesReturn.id)))


def _delivery_note_open(session: Session, outbound: Outbound, verb: str) -> None:
    """An outbound of a closed note stays approved: unapproving it would hold its goods
    again for a note that has given up what it did not ship (reopen the note first). The
    note is row-locked, as closing it locks it: an unapprove and a close of the same note
    at the same moment run one after the other."""
    try:
        note = lock(session, DeliveryNote, outbound.origin_id)
    except NotFound:
        return
    if note.state == DocState.CLOSED:
        raise Conflict(N_("Cannot %(verb)s %(document)s: %(origin)s is closed; reopen it first."),
                       code="origin_closed", verb=verb_term(verb), document=str(outbound), origin=str(note))


register_origin_guard(DeliveryNote.__doc_type__, _delivery_note_open)
