"""The closed-period guard that every document transition and posting calls.

Finance closes and reopens months (``finance`` package); this core check lives
in ``erp`` so that inventory and sales, which must not import finance, can
call it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.errors import N_, PeriodClosed
from erp.periods.models import Period


def month_of(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def is_period_closed(session: Session, day: dt.date) -> bool:
    cache = session.info.setdefault("closed_months", None)
    if cache is None:
        cache = set(session.scalars(select(Period.month).where(Period.closed.is_(True))))
        session.info["closed_months"] = cache
    return month_of(day) in cache


def forget_closed_periods(session: Session) -> None:
    """Call after closing or reopening a month inside this session."""
    session.info.pop("closed_months", None)


def check_period_open(session: Session, day: dt.date) -> None:
    """Refuse anything dated in a closed month."""
    if is_period_closed(session, day):
        raise PeriodClosed(
            N_("The period %(month)s is closed; nothing dated %(date)s can be changed."),
            month=month_of(day), date=day.isoformat(),
        )
