"""How sales documents enter the receivables ledger (过账).

Sales must not import finance, so the sales invoice's approval cannot call us. Instead
finance **books what sales approved**: :func:`book_sales_documents` compares the sales
invoices and credit notes with what the ledger holds and posts the difference —

* an approved invoice not yet booked → a charge of its gross, due on its due date
  (``invoice`` entry dated on the invoice);
* an invoice booked but no longer approved (unapproved, cancelled) → ``invoice_reversal``;
* an approved credit note not yet booked → ``credit_note`` entry on its invoice;
* a credit note booked but no longer approved → ``credit_note_reversal``.

Every finance entry point that reads or writes receivables calls it first, in its own
transaction (allocation, matching, aging, statements, period close, ``erp check``
reads it as a "pending" state only), so an invoice approved through the sales API is a
receivable for whoever looks next — no one has to remember a step. Booking is
idempotent and safe under concurrency (rows are created with ``ON CONFLICT DO NOTHING``
and changed by conditional UPDATEs). The sales invoice keeps its own ``amount_open``
(sales sets it at approval and credit notes reduce it); finance's allocations and
write-offs keep it in step through :func:`finance.ledger.services.register_open_amount`.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from erp.documents.base import DocState
from erp.sales.credit_notes.models import CreditNote
from erp.sales.invoices.models import SalesInvoice
from erp.sales.invoices.services import reduce_amount_open, restore_amount_open
from finance.ledger import services as ledger
from finance.ledger.models import ZERO, BookedCredit, OpenItem, Side

INVOICE = SalesInvoice.__doc_type__
CREDIT_NOTE = CreditNote.__doc_type__


def _keep_invoice_open_amount(session: Session, invoice_id: int, delta: Decimal) -> None:
    """Allocations and write-offs change the sales invoice's ``amount_open`` too."""
    if delta < 0:
        reduce_amount_open(session, invoice_id, -delta)
    else:
        restore_amount_open(session, invoice_id, delta)


ledger.register_open_amount(INVOICE, _keep_invoice_open_amount)


def _invoices_to_book(session: Session, customer_id: int | None):
    booked = and_(OpenItem.doc_type == INVOICE, OpenItem.doc_id == SalesInvoice.id)
    approved = SalesInvoice.state == DocState.APPROVED
    stmt = (select(SalesInvoice.id, SalesInvoice.customer_id, SalesInvoice.number, SalesInvoice.doc_date,
                   SalesInvoice.due_date, SalesInvoice.total_gross, SalesInvoice.state, SalesInvoice.approved_by_id)
            .outerjoin(OpenItem, booked)
            .where(or_(and_(approved, or_(OpenItem.id.is_(None), OpenItem.amount == ZERO)),
                       and_(~approved, OpenItem.amount > ZERO))))
    if customer_id is not None:
        stmt = stmt.where(SalesInvoice.customer_id == customer_id)
    return session.execute(stmt.order_by(SalesInvoice.id)).all()


def _credit_notes_to_book(session: Session, customer_id: int | None):
    booked = and_(BookedCredit.doc_type == CREDIT_NOTE, BookedCredit.doc_id == CreditNote.id)
    approved = CreditNote.state == DocState.APPROVED
    stmt = (select(CreditNote.id, CreditNote.invoice_id, CreditNote.number, CreditNote.doc_date,
                   CreditNote.total_gross, CreditNote.state, CreditNote.approved_by_id)
            .outerjoin(BookedCredit, booked)
            .where(or_(and_(approved, or_(BookedCredit.id.is_(None), BookedCredit.amount == ZERO)),
                       and_(~approved, BookedCredit.amount > ZERO))))
    if customer_id is not None:
        stmt = stmt.where(CreditNote.customer_id == customer_id)
    return session.execute(stmt.order_by(CreditNote.id)).all()


def book_sales_documents(session: Session, *, customer_id: int | None = None) -> int:
    """Post what sales approved, unapproved or cancelled since the last time (for one
    customer, or all). Returns how many documents were booked or reversed."""
    invoices = _invoices_to_book(session, customer_id)
    credits = _credit_notes_to_book(session, customer_id)
    if not invoices and not credits:
        return 0
    # Undo first (a credit note before its invoice), then book (an invoice before its credit notes).
    for row in credits:
        if row.state != DocState.APPROVED:
            ledger.unbook_credit(session, CREDIT_NOTE, row.id)
    for row in invoices:
        if row.state != DocState.APPROVED:
            ledger.unbook(session, INVOICE, row.id)
    for row in invoices:
        if row.state == DocState.APPROVED:
            ledger.book_charge(session, side=Side.RECEIVABLE, party_id=row.customer_id,
                               doc=ledger.DocRef(INVOICE, row.id, row.number, row.doc_date), due_date=row.due_date,
                               amount=row.total_gross, user_id=row.approved_by_id)
    for row in credits:
        if row.state == DocState.APPROVED:
            charge = ledger.item_of(session, INVOICE, row.invoice_id)
            ledger.book_credit(session, doc=ledger.DocRef(CREDIT_NOTE, row.id, row.number, row.doc_date),
                               charge=charge, amount=row.total_gross, user_id=row.approved_by_id)
    return len(invoices) + len(credits)


def book_invoice(session: Session, invoice: SalesInvoice) -> OpenItem:
    """Book one approved invoice now (the counter sale, which allocates to it at once)."""
    return ledger.book_charge(session, side=Side.RECEIVABLE, party_id=invoice.customer_id,
                              doc=ledger.DocRef(INVOICE, invoice.id, invoice.number, invoice.doc_date),
                              due_date=invoice.due_date, amount=invoice.total_gross, user_id=invoice.approved_by_id)


def pending_bookings(session: Session) -> tuple[set[int], set[int]]:
    """Ids of the invoices and credit notes sales changed since the last booking (for checks)."""
    return ({row.id for row in _invoices_to_book(session, None)},
            {row.id for row in _credit_notes_to_book(session, None)})


from finance.receivables import checks as _checks  # noqa: E402,F401  (registers the `erp check` checks)
