"""In a real browser: a clerk enters an order by keyboard (customer, products by SKU and by
scanned barcode, quantities, Enter to add, Ctrl+S to save), the customer is over its
credit limit so a manager approves it from the approval inbox, and the chain is followed
from the order to an approved invoice with its amount in capitals."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from erp import clock
from erp.auth.services import create_user
from inventory.stock_ins import services as stock_ins
from tests import factories
from tests.browser.conftest import log_in

PASSWORD = "Sales-1234"


def seed(server):
    session = server.session()
    people = {name: create_user(session, None, username=name, display_name=display, password=PASSWORD, roles=roles)
              for name, display, roles in (("clerk", "王小丽", ["sales_clerk"]), ("boss", "张经理", ["sales_manager"]),
                                           ("admin", "管理员", ["admin"]))}
    warehouse = factories.warehouse(session, name="上海一号仓")
    factories.customer(session, name="七宝好邻居超市有限公司", credit_limit=D("100.00"))
    water = factories.product(session, sku="WATER550", name="农夫山泉550ml", batch_tracked=True, shelf_life_days=365,
                              list_price=D("2.00"))
    juice = factories.product(session, sku="JUICE1L", name="汇源橙汁1L", barcode="6901234567893", list_price=D("8.50"))
    for product in (water, juice):
        line = {"product_id": product.id, "qty": D(500), "unit_cost": D("1.00")}
        if product.batch_tracked:
            line.update(batch_no="L2401", expiry_date=clock.today() + dt.timedelta(days=200))
        doc = stock_ins.create_stock_in(session, people["admin"], {"warehouse_id": warehouse.id, "reason": "opening",
                                                                    "lines": [line]})
        stock_ins.approve_stock_in(session, people["admin"], doc.id)
    session.commit()
    session.close()


def as_user(page, server, username):
    page.context.clear_cookies()
    log_in(page, server, username, PASSWORD)


def test_a_clerk_enters_an_order_by_keyboard_a_manager_approves_it_and_the_chain_reaches_an_invoice(
        live_server, page):
    seed(live_server)
    url = live_server.url
    as_user(page, live_server, "clerk")
    page.goto(f"{url}/sales-orders/new")

    page.keyboard.type("七宝")  # the customer field has the focus
    page.wait_for_selector(".autocomplete-list div")
    page.keyboard.press("Enter")
    page.wait_for_selector("#credit-box:not([hidden])")
    assert "100.00" in page.inner_text("#credit-box")

    page.wait_for_function("document.activeElement.id === 'entry-product'")
    page.keyboard.type("WATER550")
    page.wait_for_selector(".autocomplete-list div")
    page.keyboard.press("Enter")  # picks the product; the case is its default sales unit
    page.wait_for_function("document.activeElement.id === 'entry-qty'")
    page.wait_for_function("document.getElementById('entry-price').value !== ''")
    assert page.input_value("#entry-price") == "48"
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry-rows tr:nth-child(1)")

    page.wait_for_function("document.activeElement.id === 'entry-product'")
    page.fill("#entry-product", "6901234567893")  # the scanner types the piece barcode and Enter
    page.press("#entry-product", "Enter")
    page.wait_for_function("document.activeElement.id === 'entry-qty'")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry-rows tr:nth-child(2)")
    assert "汇源橙汁1L" in page.inner_text("#entry-rows")
    page.keyboard.press("Control+s")
    page.wait_for_url(f"{url}/sales-orders/*")
    assert "121.50" in page.inner_text("#doc-total")  # 2 cases × 48.00 + 3 × 8.50

    page.click("button[data-verb=approve]")  # level 1; the credit limit sends it on to a manager
    page.wait_for_selector(".badge.state-pending")
    order_url = page.url

    as_user(page, live_server, "boss")
    page.goto(f"{url}/approvals")
    assert "超信用额度" in page.inner_text("main") or "信用额度" in page.inner_text("main")
    page.click("main table a")
    page.wait_for_url(order_url)
    page.click("button[data-verb=approve]")
    page.wait_for_selector(".badge.state-approved")

    as_user(page, live_server, "admin")
    page.goto(order_url)
    page.click("#make-delivery-note button[type=submit]")
    page.wait_for_url(f"{url}/delivery-notes/*")
    note_url = page.url
    page.click("button[data-verb=approve]")
    page.wait_for_selector(".badge.state-approved")
    page.click("#make-outbound button[type=submit]")
    page.wait_for_url(f"{url}/inventory/outbounds/*")
    page.click("button[data-verb=approve]")
    page.wait_for_selector(".badge.state-approved")
    page.goto(note_url)  # inventory's outbound page does not know the sales chain
    page.click("button[data-action=invoice]")
    page.wait_for_url(f"{url}/invoices/*")
    page.click("button[data-verb=approve]")
    page.wait_for_selector(".badge.state-approved")
    assert page.inner_text("#amount-in-words") == "壹佰贰拾壹元伍角整"
    chain = page.inner_text(".chain")
    assert "销售订单" in chain and "发货单" in chain and "销售出库单" in chain
    page.click(".chain a[href*='/documents/sales_order/']")
    page.wait_for_url(order_url)
    assert "已开票" in page.inner_text("#fulfilment")
