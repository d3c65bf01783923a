"""Clerks acting at the same moment, each in a session and a transaction of their own with
real commits (the ``fresh_sessions`` fixture): what each one got."""
from __future__ import annotations

import threading
from collections.abc import Callable

from erp.auth.models import User
from erp.errors import Conflict


def race(sessions, attempts: list[tuple[int, Callable]]) -> list[str]:
    """Run each ``(user_id, attempt)`` as ``attempt(session, user)`` in a thread of its own,
    all started together; each commits when it succeeds ("won") and rolls back on a
    ``Conflict`` (its code). Returns the outcomes, sorted."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []

    def clerk(user_id, attempt):
        barrier.wait()  # before the session begins: on SQLite a transaction holds the write lock from BEGIN
        with sessions() as s:
            actor = s.get(User, user_id)
            try:
                attempt(s, actor)
                s.commit()
                outcomes.append("won")
            except Conflict as exc:
                s.rollback()
                outcomes.append(exc.code)

    threads = [threading.Thread(target=clerk, args=pair) for pair in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)
