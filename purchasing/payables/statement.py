"""The supplier statement (供应商往来明细) for a period: the balance at the start, every
supplier invoice, return credit, payment and write-off of the period with the running
balance, the balance at the end, and — for information, as they move no balance — the
allocations made in the period (which payment settled which invoice).

Balance = what we owe the supplier at the end of a day: open invoices − unapplied
payments (the payables ledger's :func:`~finance.ledger.queries.balance_as_of`), so the
closing balance is the ledger's balance on the last day. In the payables way of
writing it, an invoice is a credit (贷方: we owe more), payments and credits are debits.
The statement itself is the ledger's (:mod:`finance.ledger.statement`); here are its names.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.errors import N_, NotFound
from erp.suppliers.models import Supplier
from finance.ledger.models import EntryType, Side
from finance.ledger.statement import Statement, StatementKind, check_period, party_statement
from purchasing.permissions import REPORT_PAYABLES

#: Entry types that move the balance, and how the statement names them.
LINE_LABELS = {
    EntryType.INVOICE: N_("Supplier invoice"),
    EntryType.INVOICE_REVERSAL: N_("Supplier invoice reversed"),
    EntryType.CREDIT_NOTE: N_("Return credit"),
    EntryType.CREDIT_NOTE_REVERSAL: N_("Return credit reversed"),
    EntryType.PAYMENT: N_("Payment"),
    EntryType.PAYMENT_REVERSAL: N_("Payment reversed"),
    EntryType.WRITE_OFF: N_("Write-off"),
    EntryType.WRITE_OFF_REVERSAL: N_("Write-off reversed"),
}
#: An invoice increases what we owe: a credit (贷方).
PAYABLES = StatementKind(Side.PAYABLE, LINE_LABELS, debit_increases=False)


class SupplierStatement(Statement):
    @property
    def supplier(self) -> Supplier:
        return self.party

    @property
    def paid(self) -> Decimal:
        return self.payments


def supplier_statement(session: Session, actor: User, supplier_id: int, date_from: dt.date,
                       date_to: dt.date) -> SupplierStatement:
    """The statement of one supplier from ``date_from`` to ``date_to`` (inclusive). Raises
    ``NotFound`` (supplier), ``ValidationFailed`` (period), ``Forbidden``."""
    require(actor, REPORT_PAYABLES)
    supplier = session.get(Supplier, supplier_id)
    if supplier is None:
        raise NotFound(N_("Unknown supplier."))
    check_period(date_from, date_to, ends_before=N_("The end date is before the start date."))
    return party_statement(session, PAYABLES, supplier, date_from, date_to, SupplierStatement)
