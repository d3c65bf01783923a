"""Delivery note API: /api/v1/delivery-notes (发货单), and the outbounds made from them."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from erp.sales.delivery import outbounds, services
from erp.sales.delivery.models import DeliveryNote
from erp.sales.delivery.schemas import DeliveryNoteOut, DeliveryNoteUpdateIn, OutboundMakeIn
from erp.sales.permissions import DELIVERY_NOTE_EDIT, DELIVERY_NOTE_VIEW
from erp.sales.queries import filter_documents
from erp.sales.schemas import SalesQuery
from inventory.outbounds.schemas import OutboundOut
from inventory.permissions import OUTBOUND_EDIT

bp = Blueprint("delivery_notes_api", __name__, url_prefix="/api/v1")
TAGS = ["delivery-notes"]


@endpoint(bp, "/delivery-notes", permission=DELIVERY_NOTE_VIEW, query=SalesQuery, response=DeliveryNoteOut,
          paged=True, tags=TAGS)
def list_delivery_notes(session, actor, args):
    """Delivery notes, newest first (made with ``POST /sales-orders/{id}/delivery-notes``)."""
    return paginate(session, filter_documents(DeliveryNote, args), args)


@endpoint(bp, "/delivery-notes/<int:doc_id>", permission=DELIVERY_NOTE_VIEW, response=DeliveryNoteOut, tags=TAGS)
def get_delivery_note(session, actor, doc_id):
    return get_document(session, DeliveryNote, doc_id)


@endpoint(bp, "/delivery-notes/<int:doc_id>", "PATCH", permission=DELIVERY_NOTE_EDIT, body=DeliveryNoteUpdateIn,
          response=DeliveryNoteOut, tags=TAGS)
def update_delivery_note(session, actor, doc_id, data):
    return services.update_delivery_note(session, actor, doc_id, data)


@endpoint(bp, "/delivery-notes/<int:doc_id>", "DELETE", permission=DELIVERY_NOTE_EDIT, tags=TAGS)
def delete_delivery_note(session, actor, doc_id):
    """Delete a draft."""
    services.delete_delivery_note(session, actor, doc_id)
    return {}


@endpoint(bp, "/delivery-notes/<int:doc_id>/outbounds", "POST", permission=OUTBOUND_EDIT, body=OutboundMakeIn,
          response=OutboundOut, status=201, tags=TAGS)
def make_outbound(session, actor, doc_id, data):
    """An outbound (销售出库单) for all or part of what remains of an approved delivery note;
    batches FEFO unless a line names its own."""
    return outbounds.make_outbound(session, actor, doc_id, data)


document_verbs(bp, "delivery-notes", DeliveryNote, response=DeliveryNoteOut, tags=TAGS, verbs={
    "submit": services.submit_delivery_note,
    "approve": services.approve_delivery_note,
    "reject": services.reject_delivery_note,
    "unapprove": services.unapprove_delivery_note,
    "cancel": services.cancel_delivery_note,
    "close": services.close_delivery_note,
    "reopen": services.reopen_delivery_note,
})
