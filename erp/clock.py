"""The business clock: what day it is for the people using the system.

Document dates, due dates, ageing, expiry and every "today" default are business dates
on the users' wall clock (``ERP_TIMEZONE``, Asia/Shanghai by default, the zone the pages
show times in), never the server's: a server on UTC would otherwise date a sale made in
Shanghai at 07:30 on the day before. Times themselves are stored in UTC
(:func:`erp.db.utcnow`); :func:`local` turns one into wall-clock time.
"""
from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"


@lru_cache(maxsize=8)
def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def zone() -> dt.tzinfo:
    """The users' time zone (``ERP_TIMEZONE``; UTC when the name is unknown)."""
    return _zone(os.environ.get("ERP_TIMEZONE") or DEFAULT_ZONE)


def today() -> dt.date:
    """Today's business date."""
    return dt.datetime.now(zone()).date()


def local(value: dt.datetime | None) -> dt.datetime | None:
    """A naive UTC time (as stored) as the users' wall clock reads it, naive, to the second."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(zone()).replace(tzinfo=None, microsecond=0)
