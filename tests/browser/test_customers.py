"""In a real browser, the platform issue's story: a sales clerk logs in, switches the
language, creates a customer through the form, sees a field error for a bad credit code,
and finds the customer in the list."""
from __future__ import annotations

from erp.auth.services import create_user
from erp.customers.models import CustomerCategory
from tests.browser.conftest import log_in

VALID_USCC = "91310115MA1H7GQX37"
BAD_USCC = "91310115MA1H7GQX3B"  # wrong check character


def test_a_clerk_creates_a_customer_fixing_a_bad_credit_code(live_server, page):
    session = live_server.session()
    create_user(session, None, username="lily", display_name="王小丽", password="Clerk-1234", roles=["sales_clerk"])
    session.add(CustomerCategory(code="01", name="超市", level=1))
    session.commit()
    session.close()

    log_in(page, live_server, "lily", "Clerk-1234")
    page.click("a[data-lang=en]")
    assert "Customers" in page.inner_text("nav")
    page.click("a[data-lang=zh_Hans_CN]")
    page.click("nav >> text=客户档案")
    page.click("text=新增客户")
    page.fill("#f-code", "C90001")
    page.fill("#f-name", "上海联华超市浦东店")
    page.select_option("#f-category_id", label="01 超市")
    page.fill("#f-uscc", BAD_USCC)
    page.click("form.card button[type=submit].primary")

    error = page.locator('.field-error[data-field="uscc"]')
    assert error.count() == 1
    assert "校验" in error.inner_text() or "统一社会信用代码" in error.inner_text()
    assert page.input_value("#f-name") == "上海联华超市浦东店"  # what was typed is kept

    page.fill("#f-uscc", VALID_USCC)
    page.click("form.card button[type=submit].primary")
    assert page.locator(".flash-success").count() == 1

    page.click("nav >> text=客户档案")
    page.fill("input[type=search]", "联华")
    page.press("input[type=search]", "Enter")
    table = page.inner_text("table.grid")
    assert "C90001" in table and "上海联华超市浦东店" in table
