"""What the finance pages share: the blueprint carrying the templates and the counter
script, the menu, and small helpers for reading page arguments."""
from __future__ import annotations

from flask import Blueprint, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.api.framework import load
from erp.customers.models import Customer
from erp.errors import N_, NotFound
from erp.web.nav import nav_item
from erp.web.pages import act
from finance.permissions import (
    ALLOCATION_CREATE,
    BANK_RECONCILE,
    COUNTER_SALE,
    PERIOD_VIEW,
    RECEIPT_VIEW,
    REPORT_RECEIVABLES,
)

bp = Blueprint("finance", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/finance")

nav_item("finance", N_("Receipts"), "receipts.index", RECEIPT_VIEW, 10)
nav_item("finance", N_("Automatic matching"), "allocations.auto", ALLOCATION_CREATE, 20)
nav_item("finance", N_("Bank reconciliation"), "bank.index", BANK_RECONCILE, 30)
nav_item("finance", N_("Receivables aging"), "receivables.aging", REPORT_RECEIVABLES, 40)
nav_item("finance", N_("Overdue receivables"), "receivables.overdue", REPORT_RECEIVABLES, 50)
nav_item("finance", N_("Customer statement"), "receivables.statement", REPORT_RECEIVABLES, 60)
nav_item("finance", N_("Period close"), "periods.index", PERIOD_VIEW, 70)
nav_item("sales", N_("Counter sale"), "counter.screen", COUNTER_SALE, 5)


@bp.app_template_global("write_offs_of")
def write_offs_of(doc) -> list:
    """The write-offs of a document's open item, oldest first, for its page (a sales or
    supplier invoice, a receipt or a payment: packages that cannot import finance)."""
    from erp.db.flask import db_session
    from finance.allocation.services import write_offs_of as of_item
    from finance.ledger.services import item_of

    doc_type = getattr(doc, "__doc_type__", None)
    if doc_type is None or getattr(doc, "id", None) is None:
        return []
    session = db_session()
    return of_item(session, item_of(session, doc_type, doc.id))


def customer_options(session: Session, limit: int = 3000) -> list[tuple[int, str]]:
    return [(c.id, f"{c.code} {c.name}") for c in session.scalars(
        select(Customer).where(Customer.active.is_(True)).order_by(Customer.code).limit(limit))]


def optional_url(endpoint: str, **values) -> str | None:
    """A link to another package's page or file when it exists (printing's document PDFs):
    the page still works, without the link, if that endpoint is renamed or absent."""
    from werkzeug.routing import BuildError

    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def write_off_form(schema, **ids) -> dict:
    """The write-off form of a document's page (amount, reason) read like the API's body."""
    return load(schema, {**ids, "amount": request.form.get("amount") or None, "reason": request.form.get("reason")})


def reverse_from_page(session, write_off_id: int, reverse):
    """Run ``reverse`` and go back to the page of the written-off document, with the
    refusal shown there (nothing kept) or "reversed"."""
    from finance.ledger.models import WriteOff

    record = session.get(WriteOff, write_off_id)
    if record is None:
        raise NotFound(N_("Write-off not found."))
    return act(reverse, N_("Write-off reversed."), "documents.open_document", doc_type=record.item.doc_type,
               doc_id=record.item.doc_id)
