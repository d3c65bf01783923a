"""The staff UI shell: login, layout by role, language switch, logout."""
from erp.auth.models import User


def test_login_page_is_chinese_by_default(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert "登录" in page.get_data(as_text=True)


def test_english_on_request(client):
    page = client.get("/login?lang=en")
    assert "Log in" in page.get_data(as_text=True)


def test_a_page_needs_a_login(client):
    response = client.get("/warehouses/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_with_password_then_home_shows_the_menu_of_the_role(client, make_user):
    make_user("warehouse", username="kuguan", password="Secret-123")
    response = client.post("/login", data={"username": "kuguan", "password": "Secret-123"})
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "仓库" in home
    assert "用户管理" not in home  # the admin menu is not shown to warehouse staff
    assert "/admin/users" not in home


def test_wrong_password_is_refused_and_counted(client, make_user, db):
    user = make_user(username="lily", password="Secret-123")
    response = client.post("/login", data={"username": "lily", "password": "nope"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)
    db.refresh(user)
    assert user.failed_logins == 1


def test_logout_ends_the_session(client, make_user, login):
    login(make_user())
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_language_switch_sticks_for_the_session(client, make_user, login):
    login(make_user())
    client.get("/lang/en")
    assert "Log out" in client.get("/").get_data(as_text=True)
    client.get("/lang/zh_Hans_CN")
    assert "退出" in client.get("/").get_data(as_text=True)


def test_users_page_is_for_admins_only(client, make_user, login):
    login(make_user("sales_clerk"))
    assert client.get("/admin/users").status_code == 403
    login(make_user("admin"))
    assert client.get("/admin/users").status_code == 200


def test_user_model_is_importable():
    assert User.__tablename__ == "users"


def test_pages_show_times_on_the_users_wall_clock(app, monkeypatch):
    """Times are stored in UTC; a clerk in Shanghai reads them at UTC+8 (ERP_TIMEZONE)."""
    import datetime as dt

    from erp.web.templating import fmt_date

    monkeypatch.setenv("ERP_TIMEZONE", "Asia/Shanghai")
    with app.test_request_context("/"):
        assert fmt_date(dt.datetime(2026, 11, 26, 20, 30)) == "2026-11-27 04:30"
        assert fmt_date(dt.date(2026, 11, 26)) == "2026-11-26"


def test_number_filters_show_what_a_user_typed_when_it_is_no_number():
    """A form re-shown after a typo echoes the typo instead of failing to format it."""
    from decimal import Decimal

    from erp.web.templating import fmt_money, fmt_qty

    assert fmt_money(Decimal("1234.5")) == "1,234.50" and fmt_money("1234.5") == "1,234.50"
    assert fmt_qty(Decimal("24.000")) == "24" and fmt_qty("1.50") == "1.5"
    assert fmt_money("12,0x") == "12,0x" and fmt_qty("x'<垃圾>") == "x'<垃圾>" and fmt_qty("NaN") == "NaN"
