"""In a real browser: log in, switch language, see the menu of one's role."""
from __future__ import annotations

from erp.auth.services import create_user
from tests.browser.conftest import log_in


def make(server, username, *roles):
    session = server.session()
    create_user(session, None, username=username, display_name="王小丽", password="Clerk-1234", roles=roles)
    session.commit()
    session.close()


def test_a_clerk_logs_in_sees_chinese_switches_to_english_and_logs_out(live_server, page):
    make(live_server, "clerk", "sales_clerk")
    log_in(page, live_server, "clerk", "Clerk-1234")
    assert "您好，王小丽" in page.inner_text("main")
    assert "待我审批" in page.inner_text("nav")
    page.click("a[data-lang=en]")
    assert "Hello, 王小丽" in page.inner_text("main")
    assert "Approval inbox" in page.inner_text("nav")
    page.click("text=Log out")
    page.wait_for_url(f"{live_server.url}/login")


def test_a_wrong_password_shows_the_message_on_the_form(live_server, page):
    make(live_server, "clerk2", "sales_clerk")
    page.goto(f"{live_server.url}/login")
    page.fill("#username", "clerk2")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.inner_text(".flash-error")
