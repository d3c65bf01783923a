"""Fixtures of the platform tests."""
from __future__ import annotations

import pytest

from erp.demo import load_demo_data


@pytest.fixture
def demo_on_sqlite(backend, db, app):
    """The demo distributor, for tests that walk every page or endpoint: they run on SQLite
    only (the pages, schemas and services are the same on PostgreSQL, which the rest of the
    suite covers)."""
    if backend != "sqlite":
        pytest.skip("walks the pages and schemas, the same on PostgreSQL; run on SQLite")
    load_demo_data(db)
    db.commit()
