"""The audit log as people read it (/admin/audit, and the history on document pages): actions
and fields in the user's language, values as written — the rows stored stay as they are."""
from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from sqlalchemy import select

from erp.audit.models import AuditEntry
from erp.customers import services as customers
from tests import factories


def _visible(html: str) -> str:
    html = re.sub(r"<(script|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_audit_log_shows_actions_fields_and_values_in_words(client, login, make_user, db):
    manager = make_user("sales_manager")
    customer = factories.customer(db)
    customers.update_customer(db, manager, customer.id, {"credit_limit": Decimal("1E+3"), "active": False})
    stored = db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "customers",
                                                 AuditEntry.entity_id == str(customer.id),
                                                 AuditEntry.action == "update")).one()
    assert stored.changes["credit_limit"] == [None, "1E+3"]  # the row stays as written
    login(make_user("admin"))
    url = f"/admin/audit?entity_type=customers&entity_id={customer.id}"
    html = client.get(url).get_data(as_text=True)
    assert 'data-action="update">修改</span>' in html and 'data-action="create">新建</span>' in html
    text = _visible(html)
    assert "信用额度 : — → 1,000.00" in text and "启用 : 是 → 否" in text and "客户 #" in text
    for raw in ("1E+3", "credit_limit", "True", "False", "update", "create"):
        assert raw not in text, raw
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:|:\d\d\.\d{6}", text)
    text = _visible(client.get(url + "&lang=en").get_data(as_text=True))
    assert "Credit limit : — → 1,000.00" in text and "Active : Yes → No" in text and "Changed" in text


def test_logins_read_as_words_in_the_audit_log(client, login, make_user):
    make_user("warehouse", username="kuguan", password="Secret-123")
    client.post("/login", data={"username": "kuguan", "password": "wrong"})
    client.post("/login", data={"username": "kuguan", "password": "Secret-123"})
    login(make_user("admin"))
    html = client.get("/admin/audit?entity_type=users").get_data(as_text=True)
    assert 'data-action="login">登录</span>' in html and 'data-action="login_failed">登录失败</span>' in html


def test_values_are_shown_as_a_user_writes_them(app, monkeypatch):
    import datetime as dt

    from erp.audit.display import show_value
    from erp.customers.models import Customer

    monkeypatch.setenv("ERP_TIMEZONE", "Asia/Shanghai")
    columns = Customer.__table__.columns
    with app.test_request_context("/?lang=en"):
        assert show_value(True) == "Yes" and show_value(None) == "—"
        assert show_value("1E+3", columns["credit_limit"]) == "1,000.00"
        assert show_value("1E+3") == "1000"  # a decimal of a table the display does not know
        when = dt.datetime(2026, 11, 27, 1, 3, 19, 421223)
        assert show_value(when.isoformat()) == "2026-11-27 09:03:19"  # Asia/Shanghai, no microseconds
        assert show_value("2026-11-27") == "2026-11-27"
        assert show_value("C0001") == "C0001"


def test_prices_show_at_least_two_decimals_and_at_most_six():
    from erp.web.templating import fmt_price

    assert [fmt_price(v) for v in ("52.5", Decimal("54.000000"), "9.583333", "1234.5", "0", None, "abc")] == [
        "52.50", "54.00", "9.583333", "1,234.50", "0.00", "", "abc"]
