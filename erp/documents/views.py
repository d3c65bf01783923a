"""The approval inbox, the approval rules page, and a generic link to any document."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from erp.api.framework import load
from erp.auth.permissions import APPROVAL_RULE_MANAGE, REGISTRY
from erp.documents import approvals
from erp.documents.approval_models import ApprovalRule
from erp.documents.base import DOCUMENT_TYPES
from erp.documents.schemas import ApprovalRuleIn
from erp.errors import N_, ErpError
from erp.web.nav import nav_item
from erp.web.pages import Form, arg_id, done, form_data, page

bp = Blueprint("documents", __name__, template_folder="templates")
nav_item("sales", N_("Approval inbox"), "documents.inbox", None, 1)
nav_item("system", N_("Approval rules"), "documents.rules", APPROVAL_RULE_MANAGE, 35)


@page(bp, "/approvals", permission=None)
def inbox(session, actor):
    mine = approvals.inbox(session, actor)
    everything = approvals.waiting_requests(session) if actor.can(APPROVAL_RULE_MANAGE) else []
    return render_template("documents/inbox.html", mine=mine, everything=everything, labels=_labels())


@page(bp, "/documents/<doc_type>/<int:doc_id>", permission=None)
def open_document(session, actor, doc_type, doc_id):
    cls = DOCUMENT_TYPES.get(doc_type)
    if cls is None or not cls.__view_endpoint__:
        abort(404)
    return redirect(url_for(cls.__view_endpoint__, id=doc_id))


def _labels():
    return {t: cls.__doc_label__ for t, cls in DOCUMENT_TYPES.items()}


@page(bp, "/admin/approval-rules", permission=APPROVAL_RULE_MANAGE, methods=("GET", "POST"))
def rules(session, actor):
    form = Form(values={"level": 2, "active": True})
    status = 200
    if request.method == "POST":
        data = form_data(ApprovalRuleIn)
        rule_id = arg_id("rule_id", source=request.form)
        data.pop("rule_id", None)
        try:
            approvals.save_rule(session, actor, load(ApprovalRuleIn, data), rule_id)
            return done(N_("Saved."), "documents.rules")
        except ErpError as exc:
            form, status = Form.from_error(data, exc), 422
    all_rules = list(session.scalars(select(ApprovalRule).order_by(ApprovalRule.doc_type, ApprovalRule.level)))
    permissions = sorted(p for p in REGISTRY if p.endswith(".approve") or ".approve_" in p)
    return render_template("documents/rules.html", rules=all_rules, form=form, labels=_labels(),
                           flags=approvals.FLAGS, permissions=permissions), status
