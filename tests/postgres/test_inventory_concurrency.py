"""On PostgreSQL (row locks, READ COMMITTED): 16 threads, each its own session and a real
commit, race for a batch holding 10. Skipped without ERP_TEST_DATABASE_URL (CI sets it)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.inventory.concurrency import (
    final_state,
    sixteen_outbounds_of_one_unit,
    sixteen_reservations_of_one_unit,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def backend():
    return "postgresql"


def test_sixteen_concurrent_outbounds_of_one_unit_leave_ten_issued_six_refused_and_nothing_left(fresh_sessions):
    outcomes, ids = sixteen_outbounds_of_one_unit(fresh_sessions)
    assert outcomes == {"issued": 10, "refused": 6}
    level, numbers, problems = final_state(fresh_sessions, ids)
    assert level.on_hand == D(0) and level.reserved == D(0)
    assert len(numbers) == len(set(numbers)) == 10
    assert problems == []


def test_sixteen_concurrent_reservations_of_one_unit_hold_exactly_the_ten_there_are(fresh_sessions):
    outcomes, ids = sixteen_reservations_of_one_unit(fresh_sessions)
    assert outcomes == {"issued": 10, "refused": 6}
    level, _numbers, problems = final_state(fresh_sessions, ids)
    assert (level.on_hand, level.reserved) == (D(10), D(10))
    assert problems == []
