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
    "purchasing.over_receipt_tolerance", "采购超收容差", Decimal("0.05"), validate=_fraction,
    help="可超过订单数量收货的比例，如 0.05 表示最多多收 5%；0 表示不得超收")


def over_receipt_tolerance(session: Session) -> Decimal:
    """How much more than ordered may be received, as a fraction of the ordered quantity."""
    return get_setting(session, OVER_RECEIPT_TOLERANCE)


INVOICE_PRICE_TOLERANCE = declare(
    "purchasing.invoice_price_tolerance", "采购发票价格容差", Decimal("0.01"), validate=_fraction,
    help="三单匹配：发票单价与订单、入库单价相差超过该比例（如 0.01 即 1%）时，需经理审批")
INVOICE_QTY_TOLERANCE = declare(
    "purchasing.invoice_qty_tolerance", "采购发票数量容差", Decimal("0"), validate=_fraction,
    help="三单匹配：开票数量超过订单数量的比例超过该值时，需经理审批；0 表示不得超过订单数量")


def invoice_price_tolerance(session: Session) -> Decimal:
    """How far an invoice price may be from the order's and the receipt's, as a fraction."""
    return get_setting(session, INVOICE_PRICE_TOLERANCE)


def invoice_qty_tolerance(session: Session) -> Decimal:
    """How much more than ordered may be invoiced without a manager, as a fraction."""
    return get_setting(session, INVOICE_QTY_TOLERANCE)
