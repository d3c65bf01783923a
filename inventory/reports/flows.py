"""Which moves are "in" and which are "out", the same for every report.

A receipt is in and an issue is out — except that a document's own direction wins:
a purchase return (a receipt undone) lowers *in*, a sales return lowers *out*, so
that *of which purchases* and *of which sales* are net. A reversal (弃审) counts on
the side of the move it reverses, as a negative amount. Thus for any set of moves
``in − out = Σ qty`` (and the same for values), which is what keeps the reports
agreeing with the ledger to the unit and the fen.
"""
from __future__ import annotations

from decimal import Decimal
from enum import IntEnum

from sqlalchemy import and_, case, literal, or_

from erp.db import Money, Qty
from inventory.stock.models import StockMove

PURCHASE_SOURCES = ("goods_receipt", "purchase_return")
SALES_SOURCES = ("outbound", "sales_return")
INBOUND_SOURCES = (*PURCHASE_SOURCES, "stock_in")
OUTBOUND_SOURCES = (*SALES_SOURCES, "stock_out", "scrap")

#: Zero bounds of the right column types (a bare Decimal would bind as a float on SQLite).
ZERO_QTY = literal(Decimal("0.0000"), Qty())
ZERO_MONEY = literal(Decimal("0.00"), Money())


def inbound_condition():
    """SQL: this move counts as *in*."""
    natural = or_(and_(StockMove.reverses_id.is_(None), StockMove.qty > ZERO_QTY),
                  and_(StockMove.reverses_id.is_not(None), StockMove.qty < ZERO_QTY))
    fixed = StockMove.source_type.in_(INBOUND_SOURCES + OUTBOUND_SOURCES)
    return or_(StockMove.source_type.in_(INBOUND_SOURCES), and_(~fixed, natural))


class Flow(IntEnum):
    """Where a move counts in the purchase-sales-inventory report."""

    AFTER = 0  # dated after the period
    PURCHASE_IN = 1
    OTHER_IN = 2
    SALES_OUT = 3
    OTHER_OUT = 4


def flow_of_move(date_to):
    """SQL: the :class:`Flow` of a move for a period ending ``date_to`` — one CASE per row,
    so that the report groups by (product, warehouse, flow) and sums plainly."""
    natural_in = or_(and_(StockMove.reverses_id.is_(None), StockMove.qty > ZERO_QTY),
                     and_(StockMove.reverses_id.is_not(None), StockMove.qty < ZERO_QTY))
    return case(
        (StockMove.posting_date > date_to, int(Flow.AFTER)),
        (StockMove.source_type.in_(PURCHASE_SOURCES), int(Flow.PURCHASE_IN)),
        (StockMove.source_type.in_(INBOUND_SOURCES), int(Flow.OTHER_IN)),
        (StockMove.source_type.in_(SALES_SOURCES), int(Flow.SALES_OUT)),
        (StockMove.source_type.in_(OUTBOUND_SOURCES), int(Flow.OTHER_OUT)),
        (natural_in, int(Flow.OTHER_IN)),
        else_=int(Flow.OTHER_OUT))


def is_inbound(move: StockMove) -> bool:
    """Python twin of :func:`inbound_condition` (for a ledger listing)."""
    if move.source_type in INBOUND_SOURCES:
        return True
    if move.source_type in OUTBOUND_SOURCES:
        return False
    return (move.qty > 0) == (move.reverses_id is None)
