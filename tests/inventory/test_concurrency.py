"""16 threads, each with its own session and a real commit, race for a batch of 10."""
from __future__ import annotations

from decimal import Decimal as D

from tests.inventory.concurrency import (
    final_state,
    sixteen_outbounds_of_one_unit,
    sixteen_reservations_of_one_unit,
)


def test_sixteen_concurrent_issues_of_one_unit_from_ten_leave_ten_issued_six_refused(fresh_sessions):
    outcomes, ids = sixteen_outbounds_of_one_unit(fresh_sessions)
    assert outcomes == {"issued": 10, "refused": 6}
    level, numbers, problems = final_state(fresh_sessions, ids)
    assert level.on_hand == D(0)
    assert len(numbers) == len(set(numbers)) == 10  # every approved outbound got its own number
    assert problems == []


def test_sixteen_concurrent_reservations_of_one_unit_from_ten_hold_exactly_ten(fresh_sessions):
    outcomes, ids = sixteen_reservations_of_one_unit(fresh_sessions)
    assert outcomes == {"issued": 10, "refused": 6}
    level, _numbers, problems = final_state(fresh_sessions, ids)
    assert (level.on_hand, level.reserved, level.available) == (D(10), D(10), D(0))
    assert problems == []
