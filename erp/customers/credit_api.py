"""Credit limit change API: /api/v1/credit-changes."""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from erp.api.framework import endpoint, paginate
from erp.customers import credit_services as services
from erp.customers.credit import (
    CREDIT_CHANGE_EDIT,
    CREDIT_CHANGE_VIEW,
    CreditLimitChange,
)
from erp.customers.credit_schemas import (
    CreditChangeIn,
    CreditChangeOut,
    CreditChangeQuery,
    CreditChangeUpdateIn,
)
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document

bp = Blueprint("credit_api", __name__, url_prefix="/api/v1")
TAGS = ["credit-changes"]


@endpoint(bp, "/credit-changes", permission=CREDIT_CHANGE_VIEW, query=CreditChangeQuery, response=CreditChangeOut,
          paged=True, tags=TAGS)
def list_credit_changes(session, actor, args):
    stmt = select(CreditLimitChange).order_by(CreditLimitChange.id.desc())
    if args.get("state"):
        stmt = stmt.where(CreditLimitChange.state == args["state"])
    if args.get("q"):
        stmt = stmt.where(CreditLimitChange.number.contains(args["q"]))
    return paginate(session, stmt, args)


@endpoint(bp, "/credit-changes", "POST", permission=CREDIT_CHANGE_EDIT, body=CreditChangeIn,
          response=CreditChangeOut, status=201, tags=TAGS)
def create_credit_change(session, actor, data):
    """Draft a change of customers' credit limits."""
    return services.create_credit_change(session, actor, data)


@endpoint(bp, "/credit-changes/<int:doc_id>", permission=CREDIT_CHANGE_VIEW, response=CreditChangeOut, tags=TAGS)
def get_credit_change(session, actor, doc_id):
    return get_document(session, CreditLimitChange, doc_id)


@endpoint(bp, "/credit-changes/<int:doc_id>", "PATCH", permission=CREDIT_CHANGE_EDIT, body=CreditChangeUpdateIn,
          response=CreditChangeOut, tags=TAGS)
def update_credit_change(session, actor, doc_id, data):
    return services.update_credit_change(session, actor, doc_id, data)


@endpoint(bp, "/credit-changes/<int:doc_id>", "DELETE", permission=CREDIT_CHANGE_EDIT, tags=TAGS)
def delete_credit_change(session, actor, doc_id):
    """Delete a draft."""
    services.delete_credit_change(session, actor, doc_id)
    return {}


document_verbs(bp, "credit-changes", CreditLimitChange, response=CreditChangeOut, tags=TAGS, verbs={
    "submit": services.submit_credit_change,
    "approve": services.approve_credit_change,
    "reject": services.reject_credit_change,
    "unapprove": services.unapprove_credit_change,
    "cancel": services.cancel_credit_change,
})
