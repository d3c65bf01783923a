"""In a real browser (Chromium): the handheld count screen keeps the cursor where a scanner
needs it — scan, quantity, Enter, next — and the stock-in form is filled by keyboard and
scanner alone."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest

from erp import clock
from erp.auth.services import create_user
from inventory.stock_ins import services as stock_ins
from inventory.stocktakes import services as stocktakes
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
PASSWORD = "Count-1234"


def seed(server) -> dict:
    session = server.session()
    keeper = create_user(session, None, username="keeper", display_name="仓管老李", password=PASSWORD,
                         roles=["warehouse"])
    warehouse = factories.warehouse(session, name="上海一号仓")
    water = factories.product(session, sku="WATER550", name="矿泉水550ml", barcode="6901234567892")
    water.packings[0].barcode = "16901234567899"
    milk = factories.product(session, sku="MILK1L", name="纯牛奶1L", barcode="6901234567885", batch_tracked=True,
                             shelf_life_days=60)
    lines = [{"product_id": water.id, "qty": D(48), "unit_cost": D("0.50")}]
    for batch_no, days in (("M-1", 10), ("M-2", 40)):
        lines.append({"product_id": milk.id, "qty": D(6), "unit_cost": D("3.00"), "batch_no": batch_no,
                      "expiry_date": clock.today() + dt.timedelta(days=days)})
    doc = stock_ins.create_stock_in(session, keeper, {"warehouse_id": warehouse.id, "reason": "opening",
                                                      "lines": lines})
    stock_ins.approve_stock_in(session, keeper, doc.id)
    count = stocktakes.open_stocktake(session, keeper, {"warehouse_id": warehouse.id})
    session.commit()
    out = {"count": count.id, "warehouse": warehouse.id}
    session.close()
    return out


def focused(tab) -> str:
    return tab.evaluate("document.activeElement.id || document.activeElement.className")


def test_scan_quantity_enter_next_on_the_handheld_count_screen(live_server, page):
    ids = seed(live_server)
    log_in(page, live_server, "keeper", PASSWORD)
    page.set_viewport_size({"width": 400, "height": 800})  # a handheld
    page.goto(f"{live_server.url}/inventory/stocktakes/{ids['count']}/scan")
    assert focused(page) == "scan-code"

    page.keyboard.type("16901234567899")  # a case of 24
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'scan-qty'")
    assert "矿泉水550ml" in page.inner_text("#scan-product") and "箱" in page.inner_text("#scan-unit")
    page.keyboard.type("2")  # the quantity field is selected: typing replaces the 1
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('last-total').textContent.startsWith('48')")
    assert focused(page) == "scan-code" and "矿泉水550ml" in page.inner_text("#last-product")

    page.keyboard.type("6901234567885")  # milk: two batches on the count
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'scan-batch'")
    page.select_option("#scan-batch", label=page.eval_on_selector("#scan-batch option:nth-child(2)",
                                                                   "o => o.textContent"))
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'scan-qty'")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('last-product').textContent.includes('M-2')")
    assert page.inner_text("#last-total").startswith("5")

    page.check("#scan-fast")  # each scan counts one piece
    page.keyboard.type("6901234567892")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('last-total').textContent.startsWith('49')")
    assert focused(page) == "scan-code"
    assert "共 3 行，1 行未盘" in page.inner_text("#scan-progress")

    page.uncheck("#scan-fast")
    page.keyboard.type("0000")
    page.keyboard.press("Enter")
    page.wait_for_selector("#scan-message:not([hidden])")
    assert focused(page) == "scan-code"


def test_the_stock_in_form_is_filled_by_keyboard_and_scanner(live_server, page):
    ids = seed(live_server)
    log_in(page, live_server, "keeper", PASSWORD)
    page.goto(f"{live_server.url}/inventory/stock-ins/new")
    page.select_option("#f-warehouse_id", str(ids["warehouse"]))
    page.click("tr.line:nth-child(1) input.product-search")
    page.keyboard.type("WATER")
    page.wait_for_selector(".autocomplete-list div")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('qty')")
    page.keyboard.type("10")
    page.keyboard.press("Enter")  # next line
    page.wait_for_function("document.activeElement.classList.contains('product-search')")
    page.keyboard.type("16901234567899")  # scanned case barcode
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('qty')")
    assert page.eval_on_selector("tr.line:nth-child(2) select.unit", "s => s.selectedOptions[0].textContent") \
        .startswith("箱")
    page.keyboard.type("2")
    page.fill("tr.line:nth-child(1) input.cost", "0.60")
    page.fill("tr.line:nth-child(2) input.cost", "14.40")
    page.keyboard.press("Control+s")
    page.wait_for_url(re.compile(r".*/inventory/stock-ins/\d+$"))
    text = page.inner_text("main")
    assert "矿泉水550ml" in text and "14.40" in text and "28.80" in text
