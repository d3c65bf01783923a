"""The managers' dashboard (经营看板): what managers look at first thing in the morning.

* the sales trend of the last 12 months (net sales and gross margin per month);
* this month against the month before;
* the top customers and top products of those 12 months;
* the receivables aging summary, from finance's aging (for users who may read receivables);
* the stock value per warehouse (the moving-average values the stock ledger keeps).

Sales are those of :mod:`finance.reports.facts`, so the dashboard agrees with the sales
reports to the fen. A user limited to some warehouses sees their sales and stock only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import require, visible_warehouse_ids
from erp.warehouses.models import Warehouse
from finance.permissions import REPORT_RECEIVABLES, REPORT_RECEIVABLES_ALL
from finance.receivables.aging import AgingReport, receivables_aging
from finance.reports.facts import Figures, SalesScope, growth, sales_figures, shift_month, total_of
from finance.reports.permissions import DASHBOARD_VIEW
from finance.reports.sales import SalesRow, labelled_rows
from inventory.stock.models import StockCost

ZERO = Decimal("0.00")
TREND_MONTHS = 12
TOP = 10


@dataclass
class StockValue:
    warehouse_id: int
    code: str
    name: str
    qty: Decimal
    value: Decimal


@dataclass
class Dashboard:
    as_of: dt.date
    date_from: dt.date
    trend: list[SalesRow]
    top_customers: list[SalesRow]
    top_products: list[SalesRow]
    #: None: the user may not read receivables.
    aging: AgingReport | None
    stock: list[StockValue] = field(default_factory=list)

    @property
    def period_total(self) -> Figures:
        return total_of(self.trend)

    @property
    def this_month(self) -> Figures:
        return self.trend[-1]

    @property
    def last_month(self) -> Figures:
        return self.trend[-2]

    @property
    def month_growth_pct(self) -> Decimal | None:
        return growth(self.this_month.amount_net, self.last_month.amount_net)

    @property
    def stock_total(self) -> Decimal:
        return sum((s.value for s in self.stock), ZERO)

    @property
    def receivables_total(self) -> Decimal | None:
        return self.aging.total if self.aging is not None else None

    @property
    def overdue_total(self) -> Decimal | None:
        return sum(self.aging.totals[1:], ZERO) if self.aging is not None else None


def stock_values(session: Session, actor: User) -> list[StockValue]:
    """Quantity (base units, all products together) and value of the stock per warehouse,
    from the cost rows (Σ move values), for the warehouses the user may see."""
    stmt = (select(Warehouse, func.sum(StockCost.qty), func.sum(StockCost.value))
            .join(StockCost, StockCost.warehouse_id == Warehouse.id)
            .group_by(Warehouse.id).order_by(Warehouse.code))
    allowed = visible_warehouse_ids(actor)
    if allowed is not None:
        stmt = stmt.where(Warehouse.id.in_(allowed or [-1]))
    return [StockValue(w.id, w.code, w.name, qty, value) for w, qty, value in session.execute(stmt)]


def _top(rows: list[SalesRow], n: int) -> list[SalesRow]:
    return sorted(rows, key=lambda r: (-r.amount_net, r.code))[:n]


def manager_dashboard(session: Session, actor: User, *, as_of: dt.date | None = None,
                      top: int = TOP) -> Dashboard:
    """The dashboard on ``as_of`` (today): sales of the 12 months up to it, the ``top``
    customers and products, aging and stock value. Raises ``Forbidden`` (no
    ``dashboard.view``)."""
    require(actor, DASHBOARD_VIEW)
    as_of = as_of or clock.today()
    first = shift_month(as_of.year, as_of.month, -(TREND_MONTHS - 1))
    scope = SalesScope(date_from=dt.date(first[0], first[1], 1), date_to=as_of,
                       warehouse_ids=visible_warehouse_ids(actor))

    def rows(dimension: str, limit: int | None = None) -> list[SalesRow]:
        figures = {key[0]: f for key, f in sales_figures(session, scope, (dimension,)).items()}
        if limit is not None:  # name only the first ones
            figures = dict(sorted(figures.items(), key=lambda kv: -kv[1].amount_net)[:limit])
        return labelled_rows(session, dimension, figures, scope)

    sees_receivables = actor.can(REPORT_RECEIVABLES) or actor.can(REPORT_RECEIVABLES_ALL)
    return Dashboard(
        as_of=as_of, date_from=scope.date_from, trend=rows("month"),
        top_customers=_top(rows("customer", top), top), top_products=_top(rows("product", top), top),
        aging=receivables_aging(session, actor, as_of=as_of) if sees_receivables else None,
        stock=stock_values(session, actor))
