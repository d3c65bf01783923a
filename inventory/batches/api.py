"""Batches API: /api/v1/batches."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from inventory.batches import services
from inventory.batches.schemas import BatchIn, BatchOut, BatchQuery, BatchUpdateIn
from inventory.permissions import BATCH_EDIT, BATCH_VIEW

bp = Blueprint("batches_api", __name__, url_prefix="/api/v1")
TAGS = ["batches"]


@endpoint(bp, "/batches", permission=BATCH_VIEW, query=BatchQuery, response=BatchOut, paged=True, tags=TAGS)
def list_batches(session, actor, args):
    """Batches, earliest expiry first; filter by product, status, expired, expiring by a day."""
    return paginate(session, services.query_batches(
        product_id=args.get("product_id"), status=args.get("status"), q=args.get("q"),
        expired=args.get("expired"), expiring_by=args.get("expiring_by")), args)


@endpoint(bp, "/batches", "POST", permission=BATCH_EDIT, body=BatchIn, response=BatchOut, status=201, tags=TAGS)
def create_batch(session, actor, data):
    return services.create_batch(session, actor, data)


@endpoint(bp, "/batches/<int:batch_id>", permission=BATCH_VIEW, response=BatchOut, tags=TAGS)
def get_batch(session, actor, batch_id):
    return services.get_batch(session, batch_id)


@endpoint(bp, "/batches/<int:batch_id>", "PATCH", permission=BATCH_EDIT, body=BatchUpdateIn, response=BatchOut,
          tags=TAGS)
def update_batch(session, actor, batch_id, data):
    """Correct a batch, or block/unblock it (``status``)."""
    return services.update_batch(session, actor, batch_id, data)
