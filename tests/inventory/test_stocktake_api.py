"""Stocktakes through the API, as the warehouse counts and the manager approves: every bad
input is a clear 4xx and writes nothing."""
from __future__ import annotations

import io
from decimal import Decimal as D

import pytest

from inventory.stock.queries import stock_level
from tests.inventory.conftest import days

V1 = "/api/v1"


def ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


@pytest.fixture
def shop(db, wh, make_product, make_tracked, receive):
    water = make_product(name="矿泉水", barcode="6900000000017", location="A-01-01")
    water.packings[0].barcode = "16900000000014"
    receive(water, wh, 48, "0.50")
    milk = make_tracked(name="纯牛奶", location="A-02-01")
    receive(milk, wh, 6, "3.00", batch_no="M-1", expiry_date=days(30))
    receive(milk, wh, 6, "3.00", batch_no="M-2", expiry_date=days(60))
    db.flush()
    return {"water": water, "milk": milk}


def test_a_count_is_opened_scanned_corrected_and_approved_through_the_api(api, keeper, manager, wh, shop, db):
    staff, boss = api(keeper), api(manager)
    doc = ok(staff.post(f"{V1}/stocktakes", json={"warehouse_id": wh.id}), 201)
    assert [(li["sku"], li["batch_no"], li["book_qty"]) for li in doc["lines"]] == [
        (shop["water"].sku, None, "48.0000"), (shop["milk"].sku, "M-1", "6.0000"), (shop["milk"].sku, "M-2", "6.0000")]
    url = f"{V1}/stocktakes/{doc['id']}"
    looked = ok(staff.get(f"{url}/lookup?code=16900000000014"))
    assert (looked["unit"]["name"], looked["factor"], looked["in_scope"]) == ("箱", "24.0000", True)
    scanned = ok(staff.post(f"{url}/scans", json={"code": "16900000000014"}, headers={"Idempotency-Key": "s-1"}), 201)
    assert (scanned["counted_qty"], scanned["lines_left"], scanned["lines_total"]) == ("24.0000", 2, 3)
    retried = staff.post(f"{url}/scans", json={"code": "16900000000014"}, headers={"Idempotency-Key": "s-1"})
    assert retried.headers["Idempotent-Replayed"] == "true" and retried.get_json()["counted_qty"] == "24.0000"
    scanned = ok(staff.post(f"{url}/scans", json={"code": "6900000000017", "qty": "22"}), 201)
    assert scanned["counted_qty"] == "46.0000" and scanned["variance"] == "-2.0000"
    milk_lines = [li for li in doc["lines"] if li["batch_no"]]
    ok(staff.post(f"{url}/counts", json={"entries": [{"line_id": milk_lines[0]["id"], "qty": "6"},
                                                     {"line_id": milk_lines[1]["id"], "qty": "7"}]}))
    sheet = ok(staff.get(url))
    assert (sheet["uncounted"], sheet["gain_value"], sheet["loss_value"], sheet["net_value"]) == (0, "3.00", "1.00", "2.00")

    assert staff.post(f"{url}/approve").status_code == 403
    approved = ok(boss.post(f"{url}/approve"))
    assert approved["state"] == "approved" and approved["number"].startswith("PD")
    again = boss.post(f"{url}/approve")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "invalid_transition"
    assert stock_level(db, shop["water"].id, wh.id).on_hand == D(46)
    assert stock_level(db, shop["milk"].id, wh.id).on_hand == D(13)


def test_bad_counts_are_refused_with_a_message_per_entry_and_nothing_is_counted(api, keeper, wh, shop, make_product):
    staff = api(keeper)
    doc = ok(staff.post(f"{V1}/stocktakes", json={"warehouse_id": wh.id, "location_from": "A-01",
                                                  "location_to": "A-01"}), 201)
    url = f"{V1}/stocktakes/{doc['id']}"
    negative = staff.post(f"{url}/counts", json={"entries": [{"product_id": shop["water"].id, "qty": "-1"}]})
    assert negative.status_code == 422 and "qty" in negative.get_json()["error"]["fields"]["entries"]["0"]
    outside = staff.post(f"{url}/counts", json={"entries": [{"product_id": shop["water"].id, "qty": "47"},
                                                            {"product_id": shop["milk"].id, "qty": "1"}]})
    body = outside.get_json()["error"]
    assert outside.status_code == 422 and body["fields"]["entries"] == {"1": {"product_id": ["不在本次盘点范围内。"]}}
    unknown = staff.post(f"{url}/scans", json={"code": "0000"})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["fields"]["code"]
    assert staff.post(f"{url}/counts", json={"entries": []}).status_code == 422
    assert ok(staff.get(url))["lines"][0]["counted_qty"] is None
    early = staff.post(f"{url}/submit")
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "uncounted_lines"
    overlapping = staff.post(f"{V1}/stocktakes", json={"warehouse_id": wh.id})
    assert overlapping.status_code == 409 and overlapping.get_json()["error"]["code"] == "stocktake_overlaps"


def test_a_count_file_is_all_or_nothing_with_a_report_per_row(api, keeper, wh, shop):
    staff = api(keeper)
    doc = ok(staff.post(f"{V1}/stocktakes", json={"warehouse_id": wh.id}), 201)
    url = f"{V1}/stocktakes/{doc['id']}"
    bad = ("商品编码,批次号,实盘数量\n"
           f"{shop['water'].sku},,40\n"
           f"{shop['milk'].sku},,3\n"
           "NOPE,,1\n").encode()
    refused = staff.post(f"{url}/import", data={"file": (io.BytesIO(bad), "counts.csv")},
                         content_type="multipart/form-data")
    error = refused.get_json()["error"]
    assert refused.status_code == 422
    assert error["fields"]["rows"] == {"3": {"batch_no": ["请选择盘点的批次。"]}, "4": {"sku": ["商品不存在。"]}}
    assert all(li["counted_qty"] is None for li in ok(staff.get(url))["lines"])
    good = ("商品编码,批次号,实盘数量\n"
            f"{shop['water'].sku},,40\n"
            f"{shop['milk'].sku},M-1,3\n").encode()
    report = ok(staff.post(f"{url}/import", data={"file": (io.BytesIO(good), "counts.csv")},
                           content_type="multipart/form-data"))
    assert [(r["row"], r["counted_qty"]) for r in report["rows"]] == [(2, "40.0000"), (3, "3.0000")]
    assert staff.post(f"{url}/import").status_code == 422  # no file
    filled = ok(staff.post(f"{url}/count-remaining", json={"as": "book"}))
    assert filled == {"filled": 1}


def test_stocktake_endpoints_need_their_permissions(api, make_user, keeper, wh, shop):
    doc = ok(api(keeper).post(f"{V1}/stocktakes", json={"warehouse_id": wh.id}), 201)
    clerk = api(make_user("sales_clerk"))
    assert clerk.get(f"{V1}/stocktakes").status_code == 403
    assert clerk.post(f"{V1}/stocktakes/{doc['id']}/scans", json={"code": "6900000000017"}).status_code == 403
    finance = api(make_user("finance"))
    assert ok(finance.get(f"{V1}/stocktakes/{doc['id']}"))["id"] == doc["id"]
    assert finance.post(f"{V1}/stocktakes/{doc['id']}/counts",
                        json={"entries": [{"line_id": doc["lines"][0]["id"], "qty": "1"}]}).status_code == 403


def test_every_stocktake_verb_is_routed_permissioned_and_offered_on_its_page(app):
    from erp.api.framework import ENDPOINTS
    from erp.auth.permissions import REGISTRY
    from inventory.stocktakes.models import Stocktake
    from inventory.stocktakes.views import VERBS

    routes = {(ep.method, ep.rule) for ep in ENDPOINTS}
    for verb, transition in Stocktake.TRANSITIONS.items():
        assert Stocktake.permission(transition.action) in REGISTRY, verb
        assert ("POST", f"{V1}/stocktakes/<int:doc_id>/{verb}") in routes, verb
        assert verb in VERBS, verb
