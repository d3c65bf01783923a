"""One scheduler process per deployment (``erp scheduler``); jobs are plain functions
in each package's ``jobs.py``, each run in its own transaction."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable  # func(session) -> None
    trigger: str  # "cron" | "interval"
    options: dict


JOBS: list[Job] = []


def job(name: str, trigger: str, **options):
    def decorator(func):
        JOBS.append(Job(name, func, trigger, options))
        return func

    return decorator


def run_job(app: Flask, item: Job) -> None:
    from erp.db.flask import session_factory

    session = session_factory(app)()
    try:
        item.func(session)
        session.commit()
        log.info("job %s done", item.name)
    except Exception:
        session.rollback()
        log.exception("job %s failed", item.name)
    finally:
        session.close()


@job("purge expired idempotency keys and tokens", "cron", hour=3, minute=17)
def purge_expired(session) -> None:
    import datetime as dt

    from sqlalchemy import delete

    from erp.api.models import IdempotencyKey
    from erp.auth.models import AuthToken
    from erp.db import utcnow

    now = utcnow()
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < now - dt.timedelta(days=7)))
    session.execute(delete(AuthToken).where(AuthToken.expires_at < now - dt.timedelta(days=30)))


def run_scheduler(app: Flask) -> None:
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone=app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))
    for item in JOBS:
        scheduler.add_job(run_job, item.trigger, args=[app, item], id=item.name, replace_existing=True,
                          coalesce=True, max_instances=1, **item.options)
    log.info("scheduler started with %d jobs", len(JOBS))
    scheduler.start()
