"""Settings purchasing reads (edited on the system settings page): the over-receipt
tolerance and the three-way match tolerances of supplier invoices."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from erp.errors import N_
from erp.settings.services import declare, get_setting


def _fraction(value: Decimal) -> str | None:
    if not Decimal(0) <= value <= Decimal(1) or value != value.quantize(Decimal("0.0001")):
        return N_("A fraction between 0 and 1 with at most 4 decimals, e.g. 0.05 for 5 %.")
    return None


OVER_RECEIPT_TOLERANCE = declare(
    "purchasing.over_receipt_tolerance", N_("Over-receipt tolerance (purchasing)"), Decimal("0.05"), validate=_fraction,
    help=N_("How much more than ordered may be received, e.g. 0.05 for at most 5% more; 0: never more than ordered"))


def over_receipt_tolerance(session: Session) -> Decimal:
    """How much more than ordered may be received, as a fraction of the ordered quantity."""
    return get_setting(session, OVER_RECEIPT_TOLERANCE)


INVOICE_PRICE_TOLERANCE = declare(
    "purchasing.invoice_price_tolerance", N_("Supplier invoice price tolerance"), Decimal("0.01"), validate=_fraction,
    help=N_("Three-way match: an invoice price further than this fraction (e.g. 0.01 for 1%) from the order's and the receipt's needs a manager's approval"))
INVOICE_QTY_TOLERANCE = declare(
    "purchasing.invoice_qty_tolerance", N_("Supplier invoice quantity tolerance"), Decimal("0"), validate=_fraction,
    help=N_("Three-way match: invoicing more than ordered by more than this fraction needs a manager's approval; 0: never more than ordered"))


def invoice_price_tolerance(session: Session) -> Decimal:
    """How far an invoice price may be from the order's and the receipt's, as a fraction."""
    return get_setting(session, INVOICE_PRICE_TOLERANCE)


def invoice_qty_tolerance(session: Session) -> Decimal:
    """How much more than ordered may be invoiced without a manager, as a fraction."""
    return get_setting(session, INVOICE_QTY_TOLERANCE)
