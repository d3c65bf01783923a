"""Transfer API: /api/v1/transfers (调拨单). Approve ships; receive brings the goods in."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.base import DocState
from inventory.documents import load_visible, query_documents
from inventory.permissions import TRANSFER_EDIT, TRANSFER_RECEIVE, TRANSFER_VIEW
from inventory.transfers import services
from inventory.transfers.models import Transfer
from inventory.transfers.schemas import (
    ReceiveIn,
    TransferIn,
    TransferOut,
    TransferQuery,
    TransferUpdateIn,
)

bp = Blueprint("transfers_api", __name__, url_prefix="/api/v1")
TAGS = ["transfers"]


@endpoint(bp, "/transfers", permission=TRANSFER_VIEW, query=TransferQuery, response=TransferOut, paged=True,
          tags=TAGS)
def list_transfers(session, actor, args):
    """Transfers touching the user's warehouses; ``in_transit=true``: shipped, not received."""
    stmt = query_documents(Transfer, actor, args, Transfer.from_warehouse_id, Transfer.to_warehouse_id)
    if args.get("in_transit") is not None:
        in_transit = Transfer.state == DocState.APPROVED
        stmt = stmt.where(in_transit if args["in_transit"] else ~in_transit)
    return paginate(session, stmt, args)


@endpoint(bp, "/transfers", "POST", permission=TRANSFER_EDIT, body=TransferIn, response=TransferOut, status=201,
          tags=TAGS)
def create_transfer(session, actor, data):
    """Draft a transfer; tracked lines without a batch are split FEFO over the source's batches."""
    return services.create_transfer(session, actor, data)


@endpoint(bp, "/transfers/<int:doc_id>", permission=TRANSFER_VIEW, response=TransferOut, tags=TAGS)
def get_transfer(session, actor, doc_id):
    return load_visible(session, actor, Transfer, doc_id)


@endpoint(bp, "/transfers/<int:doc_id>", "PATCH", permission=TRANSFER_EDIT, body=TransferUpdateIn,
          response=TransferOut, tags=TAGS)
def update_transfer(session, actor, doc_id, data):
    return services.update_transfer(session, actor, doc_id, data)


@endpoint(bp, "/transfers/<int:doc_id>", "DELETE", permission=TRANSFER_EDIT, tags=TAGS)
def delete_transfer(session, actor, doc_id):
    """Delete a draft."""
    services.delete_transfer(session, actor, doc_id)
    return {}


@endpoint(bp, "/transfers/<int:doc_id>/receive", "POST", permission=TRANSFER_RECEIVE, body=ReceiveIn,
          response=TransferOut, tags=TAGS)
def receive_transfer(session, actor, doc_id, data):
    """The goods in transit arrive (``received_on``: today by default)."""
    return services.receive_transfer(session, actor, doc_id, data.get("received_on"))


@endpoint(bp, "/transfers/<int:doc_id>/unreceive", "POST", permission=TRANSFER_RECEIVE, response=TransferOut,
          tags=TAGS)
def unreceive_transfer(session, actor, doc_id):
    """Take the receipt back: the goods are in transit again."""
    return services.unreceive_transfer(session, actor, doc_id)


document_verbs(bp, "transfers", Transfer, response=TransferOut, tags=TAGS, verbs={
    "submit": services.submit_transfer,
    "approve": services.approve_transfer,
    "reject": services.reject_transfer,
    "unapprove": services.unapprove_transfer,
    "cancel": services.cancel_transfer,
})
