"""Fixtures the packages that receive and move stock share (imported by their conftests):
the warehouse staff, a manager, a warehouse, batch-tracked products, and dates near today."""
from __future__ import annotations

import datetime as dt

import pytest

from erp import clock
from tests import factories

TODAY = clock.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def keeper(make_user):
    """Warehouse staff (仓库管理员)."""
    return make_user("warehouse")


@pytest.fixture
def manager(make_user):
    return make_user("sales_manager")


@pytest.fixture
def wh(make_warehouse):
    return make_warehouse(name="上海一号仓")


@pytest.fixture
def make_tracked(db):
    """A batch-tracked product with a shelf life (default one year), a case of 24."""

    def make(**overrides):
        overrides.setdefault("shelf_life_days", 365)
        return factories.product(db, batch_tracked=True, **overrides)

    return make
