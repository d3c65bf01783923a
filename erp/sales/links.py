"""The document chain, one step each way, for every document a sales page shows:
quote → order → delivery note → outbound → invoice / return → credit note."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.documents.base import Document
from erp.sales.credit_notes.models import CreditNote
from erp.sales.delivery.models import DeliveryNote
from erp.sales.invoices.models import SalesInvoice
from erp.sales.orders.models import SalesOrder
from erp.sales.returns.models import SalesReturn
from inventory.outbounds.models import Outbound


def upstream_of(session: Session, doc: Document) -> list[Document]:
    if isinstance(doc, SalesOrder):
        return [doc.quote] if doc.quote_id else []
    if isinstance(doc, DeliveryNote):
        return [doc.order]
    if isinstance(doc, Outbound):
        if doc.origin_type == DeliveryNote.__doc_type__ and doc.origin_id:
            return [session.get(DeliveryNote, doc.origin_id)]
        return []
    if isinstance(doc, SalesInvoice):
        return [session.get(Outbound, oid) for oid in doc.outbound_ids]
    if isinstance(doc, SalesReturn):
        return [doc.outbound]
    if isinstance(doc, CreditNote):
        return [doc.invoice] + ([doc.sales_return] if doc.sales_return_id else [])
    return []


def downstream_of(session: Session, doc: Document) -> list[Document]:
    return doc.downstream_documents(session)
