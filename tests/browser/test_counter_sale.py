"""In a real browser, at the cash-and-carry counter: the cashier scans a member card and
two products (a piece and a case), takes cash, sees the change and the receipt offered."""
from __future__ import annotations

from decimal import Decimal as D

from erp.auth.services import create_user
from tests import factories
from tests.browser.conftest import log_in


def stock_the_shop(server):
    from inventory.stock_ins import services as stock_ins

    session = server.session()
    cashier = create_user(session, None, username="counter", display_name="钱收银", password="Till-1234",
                          roles=("sales_clerk",))
    keeper = factories.user(session, ("warehouse",))
    wh = factories.warehouse(session, name="门店仓")
    water = factories.product(session, name="农夫山泉 550ml", list_price=D("2.50"), barcode="6921168509256")
    water.packings[0].barcode = "16921168509253"
    cola = factories.product(session, name="可口可乐 330ml", list_price=D("3.00"), barcode="6928804011173")
    session.flush()
    doc = stock_ins.create_stock_in(session, keeper, {"warehouse_id": wh.id, "reason": "opening", "lines": [
        {"product_id": water.id, "qty": D(240), "unit_cost": D("1.20")},
        {"product_id": cola.id, "qty": D(120), "unit_cost": D("1.60")}]})
    stock_ins.approve_stock_in(session, keeper, doc.id)
    factories.customer(session, name="张三餐饮店", member_card_no="M0000777", credit_limit=D("0"))
    session.commit()
    session.close()
    return cashier


def test_a_cashier_scans_a_card_and_two_products_takes_cash_and_is_offered_the_receipt(live_server, page):
    stock_the_shop(live_server)
    log_in(page, live_server, "counter", "Till-1234")
    page.goto(f"{live_server.url}/counter/")
    page.fill("#member-card", "M0000777")
    page.press("#member-card", "Enter")
    page.wait_for_selector("#member.ok")
    assert "张三餐饮店" in page.inner_text("#member")

    page.fill("#product-code", "16921168509253")  # a case of water: 24 × 2.50
    page.press("#product-code", "Enter")
    page.wait_for_function("document.querySelectorAll('#basket tbody tr').length === 1")
    page.fill("#product-code", "2*6928804011173")  # two cans of cola
    page.press("#product-code", "Enter")
    page.wait_for_function("document.getElementById('total').textContent === '66.00'")
    rows = page.inner_text("#basket tbody")
    assert "农夫山泉" in rows and "可口可乐" in rows and "箱" in rows

    page.keyboard.press("F2")
    page.keyboard.type("100")
    assert page.inner_text("#change") == "34.00"
    page.keyboard.press("Enter")
    page.wait_for_selector("#done:not([hidden])")
    assert page.inner_text("#done-change") == "34.00"
    assert page.inner_text("#done-invoice").startswith("XSFP")
    link = page.get_attribute("#print-receipt", "href")
    assert link.endswith("/receipt/pdf")
    response = page.request.get(f"{live_server.url}{link}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    invoice = page.get_attribute("#print-invoice", "href")
    assert invoice.endswith("/pdf") and "/invoices/" in invoice
    assert page.request.get(f"{live_server.url}{invoice}").status == 200
