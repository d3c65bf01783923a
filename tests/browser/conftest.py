"""The browser fixtures live in ``tests/browser/fixtures.py``, loaded once for the whole run
by the root conftest (``pytest_plugins``), so that any package's tests can use them without
starting a second Playwright. Helpers are re-exported here for existing imports."""
from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS, chromium_missing, log_in  # noqa: F401
