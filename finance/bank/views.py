"""Bank reconciliation pages: upload a statement, see its lines, match or create receipts."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from erp.api.framework import paginate
from erp.errors import N_, ErpError
from erp.imports.services import ImportRefused
from erp.web.pages import Pager, arg_id, done, list_args, page, refused
from finance.bank import services
from finance.bank.models import STATUS_LABELS, BankStatement
from finance.permissions import BANK_RECONCILE
from finance.web import customer_options

bp = Blueprint("bank", __name__, url_prefix="/bank")


def _index(session, report=None, message=None, status=200):
    args = list_args()
    items, total, page_no, per_page = paginate(session, select(BankStatement).order_by(BankStatement.id.desc()), args)
    return render_template("finance/bank_list.html", statements=items, pager=Pager(page_no, per_page, total),
                           report=report, message=message), status


@page(bp, "/", permission=BANK_RECONCILE)
def index(session, actor):
    return _index(session)


@page(bp, "/", permission=BANK_RECONCILE, methods=("POST",))
def upload(session, actor):
    upload_ = request.files.get("file")
    try:
        statement = services.import_bank_statement(session, actor, upload_.read() if upload_ else b"",
                                                   filename=upload_.filename if upload_ else None,
                                                   account=request.form.get("account") or None)
    except ImportRefused as exc:
        from flask import g
        from flask_babel import gettext

        g.db_rollback = True
        return _index(session, report=exc.entries(), message=exc.render(gettext), status=422)
    except ErpError as exc:
        return refused(exc, "bank.index")
    return done(N_("Imported."), "bank.detail", id=statement.id)


@page(bp, "/<int:id>", permission=BANK_RECONCILE)
def detail(session, actor, id):
    statement = services.get_statement(session, id)
    proposals = {m.line.id: m.receipt for m in services.propose_bank_matches(session, actor, id)}
    return render_template("finance/bank_detail.html", statement=statement, proposals=proposals,
                           statuses=STATUS_LABELS, customers=customer_options(session))


@page(bp, "/<int:id>/reconcile", permission=BANK_RECONCILE, methods=("POST",))
def reconcile(session, actor, id):
    try:
        services.reconcile_statement(session, actor, id, create_receipts=request.form.get("create_receipts") == "1")
    except ErpError as exc:
        return refused(exc, "bank.detail", id=id)
    return done(N_("Reconciled."), "bank.detail", id=id)


@page(bp, "/lines/<int:line_id>/<action>", permission=BANK_RECONCILE, methods=("POST",))
def line_action(session, actor, line_id, action):
    statement_id = arg_id("statement_id", source=request.form) or 0
    try:
        if action == "match":
            services.match_line(session, actor, line_id, arg_id("receipt_id", source=request.form) or 0)
        elif action == "receipt":
            services.create_receipt_for_line(session, actor, line_id, arg_id("customer_id", source=request.form))
        elif action == "unmatch":
            services.unmatch_line(session, actor, line_id)
        else:
            from flask import abort

            abort(404)
    except ErpError as exc:
        return refused(exc, "bank.detail", id=statement_id)
    return done(N_("Done."), "bank.detail", id=statement_id)
