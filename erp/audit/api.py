"""Audit log API (read only: the log is append-only)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.audit.schemas import AuditOut, AuditQuery
from erp.audit.services import search_audit
from erp.auth.permissions import AUDIT_VIEW

bp = Blueprint("audit_api", __name__, url_prefix="/api/v1")


@endpoint(bp, "/audit-log", permission=AUDIT_VIEW, query=AuditQuery, response=AuditOut, paged=True, tags=["audit"])
def list_audit(session, actor, args):
    """Audit rows, newest first, filtered by user, entity, action and dates."""
    stmt = search_audit(session, user_id=args.get("user_id"), entity_type=args.get("entity_type"),
                        entity_id=args.get("entity_id"), action=args.get("action"),
                        date_from=args.get("date_from"), date_to=args.get("date_to"), text=args.get("q"))
    return paginate(session, stmt, args)
