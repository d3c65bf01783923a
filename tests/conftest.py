"""Test fixtures.

Every test that uses the database runs on SQLite and, when
``ERP_TEST_DATABASE_URL`` is set (CI sets it), on PostgreSQL too. The schema
is built once per backend by the Alembic migrations; each test runs inside a
transaction that is rolled back at the end (services commit nothing; requests
"commit" into a savepoint). Tests that need real commits from several threads
use ``fresh_engine``: a database of their own.
"""
from __future__ import annotations

import itertools
import os
import shutil
import uuid

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from erp import create_app
from erp.auth.models import TokenKind
from erp.auth.services import AuthSettings, configure, issue_token, sync_roles
from erp.db import make_engine, make_session_factory
from erp.migrate import upgrade
from erp.models import import_all_models
from tests import factories

# Browser fixtures (Playwright, live server) and the stock packages' people, warehouse and
# products (``keeper``, ``manager``, ``wh``, ``make_tracked``) for every package's tests, loaded once.
pytest_plugins = ["tests.browser.fixtures", "tests.stock_fixtures"]

PG_URL = os.environ.get("ERP_TEST_DATABASE_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = ["sqlite", "postgresql"]

TEST_CONFIG = {
    "TESTING": True,
    "ERP_TEST_SHARED_SESSION": True,
    "WTF_CSRF_ENABLED": False,
    "ERP_PASSWORD_TIME_COST": 1,
    "ERP_PASSWORD_MEMORY_KIB": 64,
    "SECRET_KEY": "test-secret",
    "SERVER_NAME": None,
}

import_all_models()
# Cheap password hashing for tests that make users without an app (the app factory sets it too).
configure(AuthSettings(time_cost=1, memory_kib=64))


def pg_missing_reason() -> str | None:
    if PG_URL:
        return None
    if IN_CI:
        pytest.fail("CI=true but ERP_TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI")
    return "PostgreSQL not configured (set ERP_TEST_DATABASE_URL)"


def _reset_postgres(url: str) -> None:
    engine = make_engine(url, pool_size=1, max_overflow=0)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _prepare(engine) -> None:
    upgrade(engine)
    session = Session(bind=engine)
    sync_roles(session)
    session.commit()
    session.close()


class _Engines:
    def __init__(self, tmp_dir):
        self.tmp_dir = tmp_dir
        self.engines = {}
        self.templates = {}

    def get(self, backend: str):
        if backend not in self.engines:
            if backend == "sqlite":
                path = self.tmp_dir / "test.sqlite3"
                engine = make_engine(f"sqlite:///{path}")
                _prepare(engine)
                engine.dispose()
                template = self.tmp_dir / "template.sqlite3"
                shutil.copy(path, template)
                self.templates["sqlite"] = template
                engine = make_engine(f"sqlite:///{path}")
            else:
                reason = pg_missing_reason()
                if reason:
                    pytest.skip(reason)
                _reset_postgres(PG_URL)
                engine = make_engine(PG_URL)
                _prepare(engine)
            self.engines[backend] = engine
        return self.engines[backend]

    def dispose(self):
        for engine in self.engines.values():
            engine.dispose()
        template = self.templates.get("postgresql")
        if template:
            admin = make_engine(make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False),
                                isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=0)
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture(scope="session")
def engines(tmp_path_factory):
    holder = _Engines(tmp_path_factory.mktemp("db"))
    yield holder
    holder.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def engine(backend, engines):
    return engines.get(backend)


@pytest.fixture
def db(engine):
    """A session inside a transaction that is rolled back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False,
                      autoflush=True)
    try:
        yield session
    finally:
        session.close()
        if transaction.is_active:
            transaction.rollback()
        connection.close()


class ErpClient(FlaskClient):
    """Commits the test's own setup before each request, so that a request which fails
    and rolls back undoes only its own work (as in production)."""

    db: Session

    def open(self, *args, **kwargs):
        self.db.commit()
        return super().open(*args, **kwargs)


@pytest.fixture
def app(db, engine):
    app = create_app(dict(TEST_CONFIG), engine=engine, session_factory=lambda: db)
    app.test_client_class = ErpClient
    return app


@pytest.fixture
def client(app, db):
    c = app.test_client()
    c.db = db
    return c


# --- people and logins -------------------------------------------------------------

_counter = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(*roles: str, **overrides):
        return factories.user(db, roles or ("sales_clerk",), **overrides)

    return make


@pytest.fixture
def token_for(db):
    """``headers = token_for(user)``: bearer headers for API calls as that user."""

    def make(user) -> dict:
        secret, _ = issue_token(db, user, TokenKind.API)
        return {"Authorization": f"Bearer {secret}"}

    return make


@pytest.fixture
def api(client, token_for, make_user):
    """``api(user).get(url)`` / ``.post(url, json=…)``: the test client with a bearer token."""

    class As:
        def __init__(self, user):
            self.headers = token_for(user)
            self.user = user

        def _call(self, method, url, **kwargs):
            headers = dict(self.headers)
            headers.update(kwargs.pop("headers", {}) or {})
            return client.open(url, method=method, headers=headers, **kwargs)

        def get(self, url, **kw):
            return self._call("GET", url, **kw)

        def post(self, url, **kw):
            return self._call("POST", url, **kw)

        def put(self, url, **kw):
            return self._call("PUT", url, **kw)

        def patch(self, url, **kw):
            return self._call("PATCH", url, **kw)

        def delete(self, url, **kw):
            return self._call("DELETE", url, **kw)

    return As


@pytest.fixture
def login(client, db):
    """``login(user)``: the test client now carries that user's web session cookie."""
    from erp.web.security import SESSION_KEY

    def do(user):
        secret, _ = issue_token(db, user, TokenKind.SESSION)
        with client.session_transaction() as s:
            s[SESSION_KEY] = secret
        return client

    return do


# --- master data factories -----------------------------------------------------------

@pytest.fixture
def make_warehouse(db):
    return lambda **kw: factories.warehouse(db, **kw)


@pytest.fixture
def make_customer(db):
    return lambda **kw: factories.customer(db, **kw)


@pytest.fixture
def make_product(db):
    return lambda **kw: factories.product(db, **kw)


@pytest.fixture
def make_supplier(db):
    return lambda **kw: factories.supplier(db, **kw)


# --- databases of their own, for real commits from several threads ----------------------

@pytest.fixture
def fresh_engine(backend, engines, tmp_path):
    """An engine on a new, migrated database that this test may commit to freely."""
    engines.get(backend)  # builds the template (or skips without PostgreSQL)
    if backend == "sqlite":
        path = tmp_path / f"fresh-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copy(engines.templates["sqlite"], path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    base = make_url(PG_URL)
    template = engines.templates.get("postgresql")
    admin = make_engine(base.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=0)
    if template is None:
        template = f"erp_tpl_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{template}"'))
            conn.execute(text(f'CREATE DATABASE "{template}"'))
        tpl_engine = make_engine(base.set(database=template).render_as_string(hide_password=False))
        _prepare(tpl_engine)
        tpl_engine.dispose()
        engines.templates["postgresql"] = template
    name = f"erp_fresh_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    engine = make_engine(base.set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh_sessions(fresh_engine):
    return make_session_factory(fresh_engine)
