"""Scrap API: /api/v1/scraps (报废单)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from inventory.documents import load_visible, query_documents
from inventory.permissions import SCRAP_EDIT, SCRAP_VIEW
from inventory.scraps import services
from inventory.scraps.models import Scrap
from inventory.scraps.schemas import ScrapIn, ScrapOut, ScrapQuery, ScrapUpdateIn

bp = Blueprint("scraps_api", __name__, url_prefix="/api/v1")
TAGS = ["scraps"]


@endpoint(bp, "/scraps", permission=SCRAP_VIEW, query=ScrapQuery, response=ScrapOut, paged=True, tags=TAGS)
def list_scraps(session, actor, args):
    stmt = query_documents(Scrap, actor, args, Scrap.warehouse_id)
    if args.get("reason"):
        stmt = stmt.where(Scrap.reason == args["reason"])
    return paginate(session, stmt, args)


@endpoint(bp, "/scraps", "POST", permission=SCRAP_EDIT, body=ScrapIn, response=ScrapOut, status=201, tags=TAGS)
def create_scrap(session, actor, data):
    """Draft a scrap (a manager approves it)."""
    return services.create_scrap(session, actor, data)


@endpoint(bp, "/scraps/<int:doc_id>", permission=SCRAP_VIEW, response=ScrapOut, tags=TAGS)
def get_scrap(session, actor, doc_id):
    return load_visible(session, actor, Scrap, doc_id)


@endpoint(bp, "/scraps/<int:doc_id>", "PATCH", permission=SCRAP_EDIT, body=ScrapUpdateIn, response=ScrapOut,
          tags=TAGS)
def update_scrap(session, actor, doc_id, data):
    return services.update_scrap(session, actor, doc_id, data)


@endpoint(bp, "/scraps/<int:doc_id>", "DELETE", permission=SCRAP_EDIT, tags=TAGS)
def delete_scrap(session, actor, doc_id):
    """Delete a draft."""
    services.delete_scrap(session, actor, doc_id)
    return {}


document_verbs(bp, "scraps", Scrap, response=ScrapOut, tags=TAGS, verbs={
    "submit": services.submit_scrap,
    "approve": services.approve_scrap,
    "reject": services.reject_scrap,
    "unapprove": services.unapprove_scrap,
    "cancel": services.cancel_scrap,
})
