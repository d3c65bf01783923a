"""Outbound API: /api/v1/outbounds (销售出库单)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from inventory.documents import load_visible, query_documents
from inventory.outbounds import services
from inventory.outbounds.models import Outbound
from inventory.outbounds.schemas import (
    AllocateIn,
    ChooseBatchesIn,
    OutboundIn,
    OutboundOut,
    OutboundQuery,
    OutboundUpdateIn,
)
from inventory.permissions import OUTBOUND_EDIT, OUTBOUND_VIEW

bp = Blueprint("outbounds_api", __name__, url_prefix="/api/v1")
TAGS = ["outbounds"]


@endpoint(bp, "/outbounds", permission=OUTBOUND_VIEW, query=OutboundQuery, response=OutboundOut, paged=True,
          tags=TAGS)
def list_outbounds(session, actor, args):
    stmt = query_documents(Outbound, actor, args, Outbound.warehouse_id)
    if args.get("customer_id"):
        stmt = stmt.where(Outbound.customer_id == args["customer_id"])
    return paginate(session, stmt, args)


@endpoint(bp, "/outbounds", "POST", permission=OUTBOUND_EDIT, body=OutboundIn, response=OutboundOut, status=201,
          tags=TAGS)
def create_outbound(session, actor, data):
    """Draft an outbound; lines without a batch are allocated FEFO (at approval at the latest)."""
    return services.create_outbound(session, actor, data)


@endpoint(bp, "/outbounds/<int:doc_id>", permission=OUTBOUND_VIEW, response=OutboundOut, tags=TAGS)
def get_outbound(session, actor, doc_id):
    return load_visible(session, actor, Outbound, doc_id)


@endpoint(bp, "/outbounds/<int:doc_id>", "PATCH", permission=OUTBOUND_EDIT, body=OutboundUpdateIn,
          response=OutboundOut, tags=TAGS)
def update_outbound(session, actor, doc_id, data):
    return services.update_outbound(session, actor, doc_id, data)


@endpoint(bp, "/outbounds/<int:doc_id>", "DELETE", permission=OUTBOUND_EDIT, tags=TAGS)
def delete_outbound(session, actor, doc_id):
    """Delete a draft."""
    services.delete_outbound(session, actor, doc_id)
    return {}


@endpoint(bp, "/outbounds/<int:doc_id>/allocate", "POST", permission=OUTBOUND_EDIT, body=AllocateIn,
          response=OutboundOut, tags=TAGS)
def allocate_outbound(session, actor, doc_id, data):
    """Choose batches FEFO for the lines whose batches the user did not choose."""
    return services.allocate_outbound(session, actor, doc_id, partial=data["partial"])


@endpoint(bp, "/outbounds/<int:doc_id>/allocations", "PUT", permission=OUTBOUND_EDIT, body=ChooseBatchesIn,
          response=OutboundOut, tags=TAGS)
def choose_batches(session, actor, doc_id, data):
    """Choose the batches of some lines yourself (an empty list: back to FEFO)."""
    return services.choose_batches(session, actor, doc_id, data["lines"])


document_verbs(bp, "outbounds", Outbound, response=OutboundOut, tags=TAGS, verbs={
    "submit": services.submit_outbound,
    "approve": services.approve_outbound,
    "reject": services.reject_outbound,
    "unapprove": services.unapprove_outbound,
    "cancel": services.cancel_outbound,
})
