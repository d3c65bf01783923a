"""Approval inbox and approval rules."""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from erp.api.framework import LOGIN, endpoint
from erp.auth.permissions import APPROVAL_RULE_MANAGE
from erp.documents import approvals
from erp.documents.approval_models import ApprovalRule
from erp.documents.schemas import ApprovalRequestOut, ApprovalRuleIn, ApprovalRuleOut
from erp.errors import N_, NotFound

bp = Blueprint("documents_api", __name__, url_prefix="/api/v1")


@endpoint(bp, "/approvals/inbox", permission=LOGIN, response=ApprovalRequestOut, many=True, tags=["approvals"])
def approval_inbox(session, actor):
    """Documents waiting for the current user's approval."""
    return approvals.inbox(session, actor)


@endpoint(bp, "/approvals/waiting", permission=APPROVAL_RULE_MANAGE, response=ApprovalRequestOut, many=True,
          tags=["approvals"])
def approvals_waiting(session, actor):
    """Every document waiting for approval, and for whom."""
    return approvals.waiting_requests(session)


@endpoint(bp, "/approval-rules", permission=APPROVAL_RULE_MANAGE, response=ApprovalRuleOut, many=True,
          tags=["approvals"])
def list_approval_rules(session, actor):
    return list(session.scalars(select(ApprovalRule).order_by(ApprovalRule.doc_type, ApprovalRule.level)))


@endpoint(bp, "/approval-rules", "POST", permission=APPROVAL_RULE_MANAGE, body=ApprovalRuleIn,
          response=ApprovalRuleOut, status=201, tags=["approvals"])
def create_approval_rule(session, actor, data):
    """Add an approval level for a document type (by amount and/or flag)."""
    return approvals.save_rule(session, actor, data)


@endpoint(bp, "/approval-rules/<int:rule_id>", "PUT", permission=APPROVAL_RULE_MANAGE, body=ApprovalRuleIn,
          response=ApprovalRuleOut, tags=["approvals"])
def update_approval_rule(session, actor, rule_id, data):
    if session.get(ApprovalRule, rule_id) is None:
        raise NotFound(N_("Approval rule not found."))
    return approvals.save_rule(session, actor, data, rule_id)
