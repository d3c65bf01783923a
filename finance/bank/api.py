"""Bank reconciliation API: /api/v1/bank-statements, /bank-lines/{id}/…"""
from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy import select

from erp.api.framework import endpoint, paginate
from erp.api.schemas import ListQuery
from erp.imports.api import uploaded_file
from finance.bank import services
from finance.bank.models import BankStatement
from finance.bank.schemas import (
    BankImportQuery,
    BankLineOut,
    BankStatementOut,
    BankStatementSummaryOut,
    LineMatchOut,
    LineReceiptIn,
    MatchLineIn,
    ReconcileIn,
    ReconcileOut,
)
from finance.permissions import BANK_RECONCILE

bp = Blueprint("bank_api", __name__, url_prefix="/api/v1")
TAGS = ["bank-statements"]


@endpoint(bp, "/bank-statements", permission=BANK_RECONCILE, query=ListQuery,
          response=BankStatementSummaryOut, paged=True, tags=TAGS)
def list_bank_statements(session, actor, args):
    return paginate(session, select(BankStatement).order_by(BankStatement.id.desc()), args)


@endpoint(bp, "/bank-statements", "POST", permission=BANK_RECONCILE, query=BankImportQuery,
          response=BankStatementOut, status=201, tags=TAGS)
def import_bank_statement(session, actor, args):
    """Upload the bank's CSV (multipart field ``file``) of money received: all rows or none
    (422 with a report per row and column); each line is imported once (serial number)."""
    upload = request.files.get("file")
    return services.import_bank_statement(session, actor, uploaded_file(), account=args.get("account"),
                                          filename=upload.filename if upload else None)


@endpoint(bp, "/bank-statements/<int:statement_id>", permission=BANK_RECONCILE, response=BankStatementOut, tags=TAGS)
def get_bank_statement(session, actor, statement_id):
    return services.get_statement(session, statement_id)


@endpoint(bp, "/bank-statements/<int:statement_id>/proposal", permission=BANK_RECONCILE, response=LineMatchOut,
          many=True, tags=TAGS)
def propose_bank_matches(session, actor, statement_id):
    """For each unmatched line, the receipt it most likely is (writes nothing)."""
    return services.propose_bank_matches(session, actor, statement_id)


@endpoint(bp, "/bank-statements/<int:statement_id>/reconcile", "POST", permission=BANK_RECONCILE, body=ReconcileIn,
          response=ReconcileOut, tags=TAGS)
def reconcile_bank_statement(session, actor, statement_id, data):
    """Apply the proposed matches; ``create_receipts`` also enters (and approves) receipts for
    the unmatched lines whose customer is recognised."""
    return services.reconcile_statement(session, actor, statement_id, create_receipts=data["create_receipts"])


@endpoint(bp, "/bank-lines/<int:line_id>/match", "POST", permission=BANK_RECONCILE, body=MatchLineIn,
          response=BankLineOut, tags=TAGS)
def match_bank_line(session, actor, line_id, data):
    return services.match_line(session, actor, line_id, data["receipt_id"])


@endpoint(bp, "/bank-lines/<int:line_id>/receipt", "POST", permission=BANK_RECONCILE, body=LineReceiptIn,
          response=BankLineOut, tags=TAGS)
def create_line_receipt(session, actor, line_id, data):
    """Enter and approve the receipt this line shows (for its recognised customer or ``customer_id``)."""
    return services.create_receipt_for_line(session, actor, line_id, data.get("customer_id"))


@endpoint(bp, "/bank-lines/<int:line_id>/unmatch", "POST", permission=BANK_RECONCILE, response=BankLineOut,
          tags=TAGS)
def unmatch_bank_line(session, actor, line_id):
    return services.unmatch_line(session, actor, line_id)
