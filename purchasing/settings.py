"""Settings purchasing reads (edited on the system settings page)."""
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
    "purchasing.over_receipt_tolerance", "采购超收容差", Decimal("0.05"), validate=_fraction,
    help="可超过订单数量收货的比例，如 0.05 表示最多多收 5%；0 表示不得超收")


def over_receipt_tolerance(session: Session) -> Decimal:
    """How much more than ordered may be received, as a fraction of the ordered quantity."""
    return get_setting(session, OVER_RECEIPT_TOLERANCE)
