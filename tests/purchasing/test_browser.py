"""In a real browser: a purchaser types an order by keyboard — a product found by its
SKU, another by scanning its case barcode — and saves it."""
from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.auth.services import create_user
from tests import factories
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, chromium_missing, log_in  # noqa: F401
from tests.conftest import IN_CI

pytestmark = pytest.mark.browser


def in_browser(scenario) -> None:
    """Run ``scenario(page)`` in a Chromium of its own, on a thread of its own: another
    package's session-wide Playwright may already hold this thread's event loop."""
    reason = chromium_missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but browser tests cannot run: {reason}")
        pytest.skip(reason)
    failures = []

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.set_default_timeout(15000)
                try:
                    scenario(page)
                finally:
                    browser.close()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_a_purchaser_keys_in_an_order_by_sku_and_by_scanning_a_case(live_server):  # noqa: F811
    from purchasing.orders.models import PurchaseOrder

    session = live_server.session()
    create_user(session, None, username="buyer", display_name="采购小李", password="Buyer-1234", roles=["purchaser"])
    supplier, warehouse = factories.supplier(session), factories.warehouse(session)
    cola = factories.product(session, sku="COLA330", name="可口可乐 330ml", case_factor=24)
    cola.case_packing.is_purchase_default = True
    tea = factories.product(session, sku="TEA500", name="康师傅冰红茶", case_factor=15)
    tea.case_packing.barcode = "16901234567899"
    session.commit()
    ids = (supplier.id, warehouse.id, cola.id, tea.id, tea.case_packing.unit_id)
    session.close()

    in_browser(lambda page: key_in(page, live_server, ids))

    session = live_server.session()
    order = session.scalar(select(PurchaseOrder))
    assert [(ln.product_id, ln.qty_base) for ln in order.lines] == [(ids[2], D(240)), (ids[3], D(60))]
    session.close()


def key_in(page, server, ids) -> None:
    log_in(page, server, "buyer", "Buyer-1234")
    page.goto(f"{server.url}/purchasing/orders/new")
    page.select_option("#f-supplier_id", str(ids[0]))
    page.select_option("#f-warehouse_id", str(ids[1]))
    first = page.locator("tr.line").nth(0)
    first.locator(".product-search").fill("COLA3")
    page.wait_for_selector(".autocomplete-list div")
    first.locator(".product-search").press("Enter")
    page.wait_for_function("document.querySelector('tr.line .unit').options.length > 1")
    assert first.locator(".unit option:checked").inner_text().startswith("箱")
    first.locator(".qty").fill("10")
    first.locator(".qty").press("Enter")
    first.locator(".price").fill("48")
    first.locator(".price").press("Enter")
    second = page.locator("tr.line").nth(1)
    second.locator(".product-search").fill("16901234567899")
    second.locator(".product-search").press("Enter")
    page.wait_for_function("document.querySelectorAll('tr.line')[1].querySelector('.product-id').value !== ''")
    page.wait_for_function("document.querySelectorAll('tr.line')[1].querySelector('.unit').options.length > 1")
    assert second.locator(".unit").input_value() == str(ids[4])
    second.locator(".qty").fill("4")
    second.locator(".price").fill("30")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{server.url}/purchasing/orders/*")
    assert "可口可乐" in page.inner_text("main") and "康师傅冰红茶" in page.inner_text("main")
