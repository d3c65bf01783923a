"""The variances of a stocktake (盘盈/盘亏) and their value at the moving average cost.

Before approval a variance is valued at the warehouse's current moving average
(qty × average, to the fen); approval posts it and the line keeps the value the
ledger gave it (``posted_value``), which is what is shown from then on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from erp.money import round_fen
from inventory.stock.models import StockCost
from inventory.stocktakes.models import Stocktake, StocktakeLine

ZERO_MONEY = Decimal("0.00")


def unit_costs(session: Session, warehouse_id: int, product_ids) -> dict[int, Decimal]:
    """The moving average cost of each product in the warehouse (missing: never stocked)."""
    ids = list(set(product_ids))
    if not ids:
        return {}
    with session.no_autoflush:  # also called while the approval engine builds its rows
        return dict(session.execute(select(StockCost.product_id, StockCost.unit_cost).where(
            StockCost.warehouse_id == warehouse_id, StockCost.product_id.in_(ids))).all())


@dataclass
class Variance:
    """A stocktake line with its valuation; reads through to the line."""

    line: StocktakeLine
    unit_cost: Decimal

    def __getattr__(self, name):
        if name.startswith("__") or name == "line":
            raise AttributeError(name)
        return getattr(self.line, name)

    @property
    def value(self) -> Decimal | None:
        """Signed value of the variance: posted, or estimated at the current average."""
        if self.line.posted_value is not None:
            return self.line.posted_value
        variance = self.line.variance
        return None if variance is None else round_fen(variance * self.unit_cost)


@dataclass
class StocktakeSheet:
    """A stocktake with its valued lines and totals; reads through to the document."""

    doc: Stocktake
    lines: list[Variance] = field(default_factory=list)

    def __getattr__(self, name):
        if name.startswith("__") or name == "doc":
            raise AttributeError(name)
        return getattr(self.doc, name)

    @property
    def counted_lines(self) -> int:
        return sum(1 for v in self.lines if v.counted)

    @property
    def variance_lines(self) -> int:
        return sum(1 for v in self.lines if v.variance)

    @property
    def gain_value(self) -> Decimal:
        return sum((v.value for v in self.lines if v.value and v.value > 0), ZERO_MONEY)

    @property
    def loss_value(self) -> Decimal:
        """盘亏 as a positive amount."""
        return -sum((v.value for v in self.lines if v.value and v.value < 0), ZERO_MONEY)

    @property
    def net_value(self) -> Decimal:
        return self.gain_value - self.loss_value


def stocktake_sheet(session: Session, doc: Stocktake) -> StocktakeSheet:
    costs = unit_costs(session, doc.warehouse_id, [line.product_id for line in doc.lines])
    return StocktakeSheet(doc, [Variance(line, costs.get(line.product_id, Decimal(0))) for line in doc.lines])


def adjustment_amount(doc: Stocktake) -> Decimal:
    """Gains plus losses, both counted positive (what approval rules by amount compare with)."""
    session = object_session(doc)
    if session is None:
        return ZERO_MONEY
    sheet = stocktake_sheet(session, doc)
    return sheet.gain_value + sheet.loss_value
