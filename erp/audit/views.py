"""The admin page to browse and filter the audit log."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from erp.api.framework import paginate
from erp.audit.display import present
from erp.audit.services import search_audit
from erp.auth.models import User
from erp.auth.permissions import AUDIT_VIEW
from erp.errors import N_
from erp.web.nav import nav_item
from erp.web.pages import Pager, arg_date, arg_id, list_args, page

bp = Blueprint("audit", __name__, url_prefix="/admin", template_folder="templates")
nav_item("system", N_("Audit log"), "audit.audit_log", AUDIT_VIEW, 50)


@page(bp, "/audit", permission=AUDIT_VIEW)
def audit_log(session, actor):
    args = list_args(100)
    user_id = arg_id("user_id")
    stmt = search_audit(session, user_id=user_id, entity_type=request.args.get("entity_type") or None,
                        entity_id=request.args.get("entity_id") or None, action=request.args.get("action") or None,
                        date_from=arg_date("date_from"), date_to=arg_date("date_to"), text=args["q"])
    items, total, page_no, per_page = paginate(session, stmt, args)
    users = {u.id: u for u in session.scalars(select(User))}
    return render_template("audit/log.html", entries=present(session, items), pager=Pager(page_no, per_page, total),
                           users=users, args=request.args)
