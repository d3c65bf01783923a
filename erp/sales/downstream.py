"""What sales makes from inventory's outbounds (invoices, returns), declared to inventory
so that an outbound cannot be unapproved or cancelled while they exist."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.documents.base import DocState, Document
from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
from erp.sales.returns.models import SalesReturn
from inventory.outbounds.models import Outbound, register_outbound_downstream


@register_outbound_downstream
def invoices_of_outbound(session: Session, outbound: Outbound) -> list[Document]:
    invoiced = select(SalesInvoiceLine.document_id).where(SalesInvoiceLine.outbound_id == outbound.id)
    return list(session.scalars(select(SalesInvoice).where(
        SalesInvoice.id.in_(invoiced), SalesInvoice.state != DocState.CANCELLED).order_by(SalesInvoice.id)))


@register_outbound_downstream
def returns_of_outbound(session: Session, outbound: Outbound) -> list[Document]:
    return list(session.scalars(select(SalesReturn).where(
        SalesReturn.outbound_id == outbound.id, SalesReturn.state != DocState.CANCELLED).order_by(SalesReturn.id)))
