"""Period API: /api/v1/periods (月末结账 / 反结账)."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint
from finance.periods import services
from finance.periods.schemas import PeriodDetailOut, PeriodOut, ReopenIn, StockSnapshotOut
from finance.permissions import PERIOD_CLOSE, PERIOD_REOPEN, PERIOD_VIEW

bp = Blueprint("periods_api", __name__, url_prefix="/api/v1")
TAGS = ["periods"]


@endpoint(bp, "/periods", permission=PERIOD_VIEW, response=PeriodOut, many=True, tags=TAGS)
def list_periods(session, actor):
    """The last twelve months and every month ever closed, newest first."""
    return services.recent_periods(session)


@endpoint(bp, "/periods/<month>", permission=PERIOD_VIEW, response=PeriodDetailOut, tags=TAGS)
def get_period(session, actor, month):
    """A month: closed or not, what blocks closing it, the totals of its snapshot."""
    return services.period_detail(session, month)


@endpoint(bp, "/periods/<month>/close", "POST", permission=PERIOD_CLOSE, response=PeriodDetailOut, tags=TAGS)
def close_period(session, actor, month):
    """月末结账: refused (409 ``period_blocked``, ``fields.blockers``) while anything blocks it."""
    services.close_period(session, actor, month)
    return services.period_detail(session, month)


@endpoint(bp, "/periods/<month>/reopen", "POST", permission=PERIOD_REOPEN, body=ReopenIn,
          response=PeriodDetailOut, tags=TAGS)
def reopen_period(session, actor, month, data):
    """反结账 (admin): the reason goes to the audit log."""
    services.reopen_period(session, actor, month, data["reason"])
    return services.period_detail(session, month)


@endpoint(bp, "/periods/<month>/stock-snapshot", permission=PERIOD_VIEW, response=StockSnapshotOut, many=True,
          tags=TAGS)
def stock_snapshot(session, actor, month):
    """The inventory valuation kept when the month was closed (per product and warehouse)."""
    services.check_month(month)
    return services.stock_snapshot(session, month)
