"""Shared set-up for benchmarks: a fresh migrated database per backend."""
from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from erp.auth.services import AuthSettings, configure, sync_roles
from erp.db import make_engine
from erp.migrate import upgrade
from erp.models import import_all_models

import_all_models()
configure(AuthSettings(time_cost=1, memory_kib=64))


class BenchDatabase:
    """A new database (SQLite file or PostgreSQL database) dropped at the end."""

    def __init__(self, backend: str, url: str | None):
        self.backend = backend
        self._admin = None
        if backend == "sqlite":
            self._dir = tempfile.TemporaryDirectory()
            self.url = f"sqlite:///{Path(self._dir.name) / 'bench.sqlite3'}"
        else:
            base = make_url(url)
            self.name = f"erp_bench_{uuid.uuid4().hex[:8]}"
            self._admin = make_engine(base.set(database="postgres").render_as_string(hide_password=False),
                                      isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=0)
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))
            self.url = base.set(database=self.name).render_as_string(hide_password=False)
        self.engine = make_engine(self.url)
        upgrade(self.engine)
        with Session(self.engine) as session:
            sync_roles(session)
            session.commit()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()
        if self._admin is not None:
            with self._admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self._admin.dispose()
        else:
            self._dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
