"""The business date is the users' (ERP_TIMEZONE), not the server's: a document entered in
Shanghai at 07:30 is dated that day even when the server runs on UTC."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from erp import clock
from erp.sales.quotes import services as quotes
from tests import factories

EAST, WEST = "Etc/GMT-14", "Etc/GMT+12"  # UTC+14 and UTC-12: never the same date


def test_today_is_the_date_on_the_users_wall_clock(monkeypatch):
    monkeypatch.setenv("ERP_TIMEZONE", EAST)
    east = clock.today()
    monkeypatch.setenv("ERP_TIMEZONE", WEST)
    west = clock.today()
    assert east - west in (dt.timedelta(days=1), dt.timedelta(days=2))
    assert west == dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=-12))).date()


def test_an_unknown_zone_falls_back_to_utc(monkeypatch):
    monkeypatch.setenv("ERP_TIMEZONE", "Mars/Olympus_Mons")
    assert clock.today() == dt.datetime.now(dt.UTC).date()


def test_local_shows_a_stored_utc_time_on_the_wall_clock(monkeypatch):
    monkeypatch.setenv("ERP_TIMEZONE", "Asia/Shanghai")
    assert clock.local(dt.datetime(2026, 11, 26, 23, 30, 5, 123)) == dt.datetime(2026, 11, 27, 7, 30, 5)
    assert clock.local(None) is None


def test_documents_are_dated_on_the_users_day(db, make_user, monkeypatch):
    clerk = make_user("sales_clerk")
    customer = factories.customer(db)
    product = factories.product(db, list_price=D("10.00"))
    dates = {}
    for zone in (EAST, WEST):
        monkeypatch.setenv("ERP_TIMEZONE", zone)
        quote = quotes.create_quote(db, clerk, {"customer_id": customer.id,
                                                "lines": [{"product_id": product.id, "qty": D(1)}]})
        dates[zone] = quote.doc_date
        assert quote.doc_date == clock.today()
        assert quote.valid_until == clock.today() + dt.timedelta(days=quotes.DEFAULT_VALIDITY_DAYS)
    assert dates[EAST] > dates[WEST]
