"""Browser test fixtures (a pytest plugin, see tests/conftest.py): the real app served on a local port, driven by Playwright in Debian's
Chromium (never `playwright install`). Without Chromium they skip with a reason; under
CI=true they must run."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from erp import create_app
from erp.db import make_engine, make_session_factory
from tests.conftest import IN_CI, TEST_CONFIG

CHROMIUM = os.environ.get("ERP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_missing() -> str | None:
    if Path(CHROMIUM).exists():
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "playwright is not installed"
        return None
    return f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"


@pytest.fixture(scope="session")
def browser():
    reason = chromium_missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but browser tests cannot run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app, engine):
        self.app = app
        self.engine = engine
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def session(self) -> Session:
        return make_session_factory(self.engine)()

    def stop(self):
        self.server.shutdown()
        self.engine.dispose()


@pytest.fixture
def live_server(engines, tmp_path):
    """The whole app on a fresh SQLite database (real commits), on a free local port."""
    engines.get("sqlite")  # builds the migrated template
    path = tmp_path / "live.sqlite3"
    shutil.copy(engines.templates["sqlite"], path)
    engine = make_engine(f"sqlite:///{path}")
    config = dict(TEST_CONFIG)
    config.pop("ERP_TEST_SHARED_SESSION", None)
    config.update(WTF_CSRF_ENABLED=True, TESTING=False, PROPAGATE_EXCEPTIONS=False)
    app = create_app(config, engine=engine)
    server = LiveServer(app, engine)
    yield server
    server.stop()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def log_in(page, server, username, password):
    page.goto(f"{server.url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")
