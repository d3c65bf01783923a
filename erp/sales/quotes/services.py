"""Services of the quote (报价单)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, Conflict, ValidationFailed
from erp.sales import common
from erp.sales.pricing import read_entered_lines, set_totals
from erp.sales.quotes.models import Quote, QuoteLine

#: A quote holds for this many days unless ``valid_until`` says otherwise.
DEFAULT_VALIDITY_DAYS = 30


def _check_validity(doc: Quote) -> None:
    if doc.valid_until < doc.doc_date:
        raise ValidationFailed(N_("The quote must be valid at least until its own date."),
                               fields={"valid_until": [N_("Must not be before the date.")]})


def check_quote_valid(quote: Quote, on: dt.date) -> None:
    """An expired quote cannot become an order (409 ``quote_expired``)."""
    if quote.is_expired(on):
        raise Conflict(N_("%(document)s expired on %(date)s; it cannot become an order."), code="quote_expired",
                       document=str(quote), date=quote.valid_until.isoformat())


def _set_lines(session: Session, doc: Quote, items: list[dict]) -> None:
    values = read_entered_lines(session, items, customer=doc.customer, on_date=doc.doc_date,
                                includes_vat=doc.price_includes_vat)
    doc.lines = [QuoteLine(line_no=i + 1, **v) for i, v in enumerate(values)]


def create_quote(session: Session, actor: User, data: dict) -> Quote:
    """Draft a quote. ``data``: ``customer_id``, ``lines`` ``[{product_id, unit_id?, qty,
    unit_price?, discount_rate?}]`` (a missing price comes from the customer's price list
    or the list price), optional ``doc_date`` (today), ``valid_until`` (+30 days),
    ``price_includes_vat`` (True), ``note``. Raises ``ValidationFailed`` (customer, lines),
    ``Forbidden``, ``PeriodClosed``."""
    common.require_edit(actor, Quote)
    customer = common.active_customer(session, data.get("customer_id"))
    doc_date = common.document_date(session, data)
    doc = Quote(doc_date=doc_date, customer=customer, created_by_id=actor.id, note=data.get("note"),
                valid_until=data.get("valid_until") or doc_date + dt.timedelta(days=DEFAULT_VALIDITY_DAYS),
                price_includes_vat=data.get("price_includes_vat", True))
    _check_validity(doc)
    _set_lines(session, doc, data.get("lines"))
    set_totals(doc)
    insert_new(session, doc)
    return doc


def update_quote(session: Session, actor: User, doc_id: int, data: dict) -> Quote:
    """Change a draft; ``lines`` given replace all lines (priced again when without a price)."""
    doc = common.editable(session, actor, Quote, doc_id)
    if data.get("customer_id"):
        doc.customer = common.active_customer(session, data["customer_id"])
    for key in ("doc_date", "valid_until", "note", "price_includes_vat"):
        if key in data and data[key] is not None:
            setattr(doc, key, data[key])
    common.document_date(session, {"doc_date": doc.doc_date})
    _check_validity(doc)
    if "lines" in data:
        _set_lines(session, doc, data["lines"])
    set_totals(doc)
    session.flush()
    return doc


def approve_quote(session: Session, actor: User, doc_id: int) -> Quote:
    """Approve the next level (a price below a product's minimum needs a manager by the
    default rules). Raises ``Forbidden`` naming the level needed, ``InvalidTransition``."""
    doc = common.lock(session, Quote, doc_id)
    if doc.state in (DocState.DRAFT, DocState.PENDING):
        common.check_customer_active(doc.customer)
        common.check_products_active(doc)
    documents.approve(session, actor, doc)
    return doc


def unapprove_quote(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Quote:
    """弃审: refused while an order made from the quote exists (``DownstreamExists``)."""
    doc = common.lock(session, Quote, doc_id)
    documents.unapprove(session, actor, doc, reason)
    return doc


def cancel_quote(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Quote:
    doc = common.lock(session, Quote, doc_id)
    documents.cancel(session, actor, doc, reason)
    return doc


def close_quote(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Quote:
    """No more orders from this quote (the rest was declined)."""
    doc = common.lock(session, Quote, doc_id)
    documents.close(session, actor, doc, reason)
    return doc


def reopen_quote(session: Session, actor: User, doc_id: int) -> Quote:
    doc = common.lock(session, Quote, doc_id)
    documents.reopen(session, actor, doc)
    return doc


def submit_quote(session: Session, actor: User, doc_id: int) -> Quote:
    return common.submit(session, actor, Quote, doc_id)


def reject_quote(session: Session, actor: User, doc_id: int, reason: str | None = None) -> Quote:
    return common.reject(session, actor, Quote, doc_id, reason)


def delete_quote(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, Quote, doc_id)
