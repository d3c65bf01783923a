"""Every inventory endpoint through the test client, as the roles that use it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from erp.auth.services import update_user
from inventory.outbounds.models import Outbound
from inventory.stock.models import StockMove
from tests.inventory.conftest import TODAY, days

V1 = "/api/v1"


@pytest.fixture
def stocked(db, wh, make_tracked, make_product, receive, batch_of):
    """Milk in two batches (10 each) and water without batches (30), in one warehouse."""
    milk = make_tracked(name="纯牛奶")
    early = batch_of(receive(milk, wh, 10, "3.00", batch_no="M-1", expiry_date=days(20)))
    late = batch_of(receive(milk, wh, 10, "4.00", batch_no="M-2", expiry_date=days(90)))
    water = make_product(name="矿泉水")
    receive(water, wh, 30, "0.80")
    return {"milk": milk, "early": early, "late": late, "water": water}


def ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_batches_are_listed_created_read_and_blocked(api, keeper, make_user, make_tracked, make_product, stocked):
    milk = stocked["milk"]
    staff = api(keeper)
    listed = ok(staff.get(f"{V1}/batches?product_id={milk.id}"))
    assert [b["batch_no"] for b in listed["items"]] == ["M-1", "M-2"]
    assert listed["items"][0]["days_left"] == 20 and listed["items"][0]["expired"] is False

    yoghurt = make_tracked(shelf_life_days=21)
    created = ok(staff.post(f"{V1}/batches", json={"product_id": yoghurt.id, "batch_no": "Y-7",
                                                   "production_date": TODAY.isoformat()}), 201)
    assert created["expiry_date"] == days(21).isoformat()
    assert ok(staff.get(f"{V1}/batches/{created['id']}"))["batch_no"] == "Y-7"
    blocked = ok(staff.patch(f"{V1}/batches/{created['id']}", json={"status": "blocked"}))
    assert blocked["status"] == "blocked"
    assert ok(staff.get(f"{V1}/batches?status=blocked"))["total"] == 1

    duplicate = staff.post(f"{V1}/batches", json={"product_id": yoghurt.id, "batch_no": "Y-7"})
    assert duplicate.status_code == 422 and "batch_no" in duplicate.get_json()["error"]["fields"]
    untracked = staff.post(f"{V1}/batches", json={"product_id": make_product().id, "batch_no": "X"})
    assert untracked.status_code == 422
    assert api(make_user("sales_clerk")).post(f"{V1}/batches", json={"product_id": yoghurt.id,
                                                                     "batch_no": "Z"}).status_code == 403


def test_sales_read_availability_and_finance_reads_costs(api, make_user, wh, stocked):
    milk, water = stocked["milk"], stocked["water"]
    clerk = api(make_user("sales_clerk"))
    balances = ok(clerk.get(f"{V1}/stock?product_id={milk.id}"))
    assert [(b["batch_no"], b["on_hand"], b["available"]) for b in balances["items"]] == [
        ("M-1", "10.0000", "10.0000"), ("M-2", "10.0000", "10.0000")]
    assert "value" not in balances["items"][0]
    levels = ok(clerk.get(f"{V1}/stock/levels?product_id={milk.id}&product_id={water.id}"))
    assert [(lv["product_id"], lv["available"], lv["sellable"]) for lv in levels] == [
        (milk.id, "20.0000", "20.0000"), (water.id, "30.0000", "30.0000")]
    assert levels[0]["warehouses"][0]["warehouse_id"] == wh.id
    fefo = ok(clerk.get(f"{V1}/stock/fefo?product_id={milk.id}&warehouse_id={wh.id}&qty=25"))
    assert ([(p["batch_no"], p["qty"]) for p in fefo["picks"]], fefo["short"]) == (
        [("M-1", "10.0000"), ("M-2", "10.0000")], "5.0000")
    assert ok(clerk.get(f"{V1}/stock/reservations"))["total"] == 0
    assert clerk.get(f"{V1}/stock/costs").status_code == 403
    assert clerk.get(f"{V1}/stock-moves").status_code == 403

    finance = api(make_user("finance"))
    costs = ok(finance.get(f"{V1}/stock/costs?product_id={milk.id}"))
    assert [(c["qty"], c["value"], c["unit_cost"]) for c in costs["items"]] == [("20.0000", "70.00", "3.500000")]
    moves = ok(finance.get(f"{V1}/stock-moves?product_id={milk.id}"))
    assert [m["value"] for m in moves["items"]] == ["40.00", "30.00"]  # newest first
    assert ok(finance.get(f"{V1}/stock-moves/{moves['items'][0]['id']}"))["source_type"] == "stock_in"
    assert finance.get(f"{V1}/stock-moves/987654").status_code == 404


def test_an_outbound_through_the_api_from_draft_to_approved_and_back(api, keeper, make_user, db, wh, stocked):
    milk, water = stocked["milk"], stocked["water"]
    staff = api(keeper)
    body = {"warehouse_id": wh.id, "lines": [{"product_id": milk.id, "qty": "12"},
                                             {"product_id": water.id, "qty": "5"}]}
    created = ok(staff.post(f"{V1}/outbounds", json=body, headers={"Idempotency-Key": "ob-1"}), 201)
    again = ok(staff.post(f"{V1}/outbounds", json=body, headers={"Idempotency-Key": "ob-1"}), 201)
    assert again["id"] == created["id"] and created["state"] == "draft" and created["number"] is None
    doc_id = created["id"]

    patched = ok(staff.patch(f"{V1}/outbounds/{doc_id}", json={"note": "上午送"}))
    assert patched["note"] == "上午送"
    allocated = ok(staff.post(f"{V1}/outbounds/{doc_id}/allocate", json={}))
    assert [(a["batch_no"], a["qty"]) for a in allocated["lines"][0]["allocations"]] == [
        ("M-1", "10.0000"), ("M-2", "2.0000")]
    assert allocated["lines"][1]["allocations"] == [
        {"batch_id": None, "batch_no": None, "expiry_date": None, "qty": "5.0000", "manual": False}]

    assert ok(staff.post(f"{V1}/outbounds/{doc_id}/submit"))["state"] == "pending"
    assert ok(staff.post(f"{V1}/outbounds/{doc_id}/reject", json={"reason": "再核对"}))["state"] == "draft"
    approved = ok(staff.post(f"{V1}/outbounds/{doc_id}/approve"))
    assert approved["state"] == "approved" and approved["number"].startswith("XSCK")
    assert "cost_value" not in approved["lines"][0]  # costs are for stock.cost holders (stock-moves)
    assert ok(staff.get(f"{V1}/stock/levels?product_id={milk.id}"))[0]["on_hand"] == "8.0000"
    assert staff.patch(f"{V1}/outbounds/{doc_id}", json={"note": "x"}).status_code == 409
    assert staff.post(f"{V1}/outbounds/{doc_id}/cancel", json={}).status_code == 409

    unapproved = ok(api(make_user("sales_manager")).post(f"{V1}/outbounds/{doc_id}/unapprove",
                                                         json={"reason": "客户退单"}))
    assert unapproved["state"] == "draft"
    assert ok(staff.post(f"{V1}/outbounds/{doc_id}/cancel", json={"reason": "作废"}))["state"] == "cancelled"
    listed = ok(api(make_user("sales_clerk")).get(f"{V1}/outbounds?state=cancelled"))
    assert [d["id"] for d in listed["items"]] == [doc_id]

    other = ok(staff.post(f"{V1}/outbounds", json=body), 201)
    assert ok(staff.delete(f"{V1}/outbounds/{other['id']}")) == {}
    assert staff.get(f"{V1}/outbounds/{other['id']}").status_code == 404


@pytest.mark.parametrize("line, field", [
    ({"qty": "0"}, "qty"),
    ({"qty": "-3"}, "qty"),
    ({"qty": "1.00001"}, "qty"),
    ({"qty": "1", "unit_id": 987654}, "unit_id"),
    ({"qty": "1", "batch_id": 987654}, "batch_id"),
])
def test_bad_outbound_lines_are_422_with_the_field_named_and_nothing_written(api, keeper, db, wh, stocked, line,
                                                                            field):
    before = db.scalar(select(func.count(Outbound.id)))
    response = api(keeper).post(f"{V1}/outbounds", json={"warehouse_id": wh.id, "lines": [
        {"product_id": stocked["milk"].id, **line}]})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]["lines"]["0"]
    assert db.scalar(select(func.count(Outbound.id))) == before


def test_an_expired_batch_on_an_outbound_is_refused_in_chinese(api, keeper, db, wh, stocked, make_batch):
    expired = make_batch(stocked["milk"], "OLD", expiry_date=days(-1))
    response = api(keeper).post(f"{V1}/outbounds", json={"warehouse_id": wh.id, "lines": [
        {"product_id": stocked["milk"].id, "qty": "1", "batch_id": expired.id}]})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["lines"]["0"]["batch_id"] == ["该批次已过期。"]


def test_moving_more_than_available_is_a_409_naming_the_shortfall_and_nothing_moves(api, keeper, db, wh, stocked):
    staff = api(keeper)
    created = ok(staff.post(f"{V1}/outbounds", json={"warehouse_id": wh.id, "lines": [
        {"product_id": stocked["water"].id, "qty": "31"}]}), 201)
    moves = db.scalar(select(func.count(StockMove.id)))
    response = staff.post(f"{V1}/outbounds/{created['id']}/approve", headers={"Accept-Language": "en"})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "insufficient_stock" and "31 瓶 wanted, 30 available, 1 short" in error["message"]
    assert db.scalar(select(func.count(StockMove.id))) == moves
    assert ok(staff.get(f"{V1}/outbounds/{created['id']}"))["state"] == "draft"
    chinese = staff.post(f"{V1}/outbounds/{created['id']}/approve").get_json()["error"]["message"]
    assert "短缺 1" in chinese


def test_stock_ins_and_stock_outs_through_the_api(api, keeper, make_user, wh, make_tracked, stocked):
    staff = api(keeper)
    tea = make_tracked(shelf_life_days=365)
    created = ok(staff.post(f"{V1}/stock-ins", json={"warehouse_id": wh.id, "reason": "opening", "lines": [
        {"product_id": tea.id, "qty": "6", "unit_cost": "12.50", "batch_no": "T-1",
         "production_date": TODAY.isoformat()}]}), 201)
    assert created["total_amount"] == "75.00" and created["lines"][0]["expiry_date"] == days(365).isoformat()
    assert ok(staff.patch(f"{V1}/stock-ins/{created['id']}", json={"note": "期初"}))["note"] == "期初"
    approved = ok(staff.post(f"{V1}/stock-ins/{created['id']}/approve"))
    assert approved["lines"][0]["batch_id"] is not None
    assert ok(staff.get(f"{V1}/stock-ins?reason=opening"))["total"] >= 1
    assert ok(api(make_user("finance")).get(f"{V1}/stock-ins/{created['id']}"))["state"] == "approved"

    out = ok(staff.post(f"{V1}/stock-outs", json={"warehouse_id": wh.id, "reason": "sample", "lines": [
        {"product_id": tea.id, "qty": "2"}]}), 201)
    assert out["lines"][0]["batch_no"] == "T-1"
    assert ok(staff.patch(f"{V1}/stock-outs/{out['id']}", json={"reason": "gift"}))["reason"] == "gift"
    issued = ok(staff.post(f"{V1}/stock-outs/{out['id']}/approve"))
    assert issued["lines"][0]["cost_value"] == "25.00"
    assert ok(staff.get(f"{V1}/stock-outs/{out['id']}"))["number"].startswith("QTCK")
    assert ok(staff.get(f"{V1}/stock-outs?reason=gift"))["total"] == 1
    assert ok(staff.post(f"{V1}/stock-outs/{out['id']}/unapprove", json={}))["state"] == "draft"
    assert ok(staff.post(f"{V1}/stock-ins/{created['id']}/unapprove", json={}))["state"] == "draft"
    assert ok(staff.post(f"{V1}/stock-ins/{created['id']}/cancel", json={}))["state"] == "cancelled"
    assert ok(staff.delete(f"{V1}/stock-outs/{out['id']}")) == {}
    assert api(make_user("sales_clerk")).get(f"{V1}/stock-ins").status_code == 403


def test_a_transfer_through_the_api_ships_then_is_received(api, keeper, make_warehouse, wh, stocked):
    staff = api(keeper)
    suzhou = make_warehouse(name="苏州仓")
    created = ok(staff.post(f"{V1}/transfers", json={"from_warehouse_id": wh.id, "to_warehouse_id": suzhou.id,
                                                     "lines": [{"product_id": stocked["milk"].id, "qty": "12"}]}),
                 201)
    assert [line["batch_no"] for line in created["lines"]] == ["M-1", "M-2"]
    assert ok(staff.patch(f"{V1}/transfers/{created['id']}", json={"note": "补货"}))["note"] == "补货"
    shipped = ok(staff.post(f"{V1}/transfers/{created['id']}/approve"))
    assert shipped["transit_status"] == "in_transit"
    assert [t["id"] for t in ok(staff.get(f"{V1}/transfers?in_transit=true"))["items"]] == [created["id"]]
    received = ok(staff.post(f"{V1}/transfers/{created['id']}/receive", json={"received_on": TODAY.isoformat()}))
    assert received["transit_status"] == "received" and received["received_on"] == TODAY.isoformat()
    assert ok(staff.get(f"{V1}/stock/levels?product_id={stocked['milk'].id}&warehouse_id={suzhou.id}"))[0][
        "on_hand"] == "12.0000"
    assert ok(staff.post(f"{V1}/transfers/{created['id']}/unreceive"))["transit_status"] == "in_transit"
    assert ok(staff.post(f"{V1}/transfers/{created['id']}/unapprove", json={}))["state"] == "draft"
    assert ok(staff.get(f"{V1}/transfers/{created['id']}"))["transit_status"] == "draft"
    assert ok(staff.delete(f"{V1}/transfers/{created['id']}")) == {}


def test_a_scrap_through_the_api_needs_a_manager(api, keeper, manager, wh, stocked):
    staff = api(keeper)
    created = ok(staff.post(f"{V1}/scraps", json={"warehouse_id": wh.id, "reason": "damaged", "note": "叉车压坏",
                                                  "lines": [{"product_id": stocked["water"].id, "qty": "3"}]}), 201)
    assert created["value"] == "2.40"
    assert ok(staff.patch(f"{V1}/scraps/{created['id']}", json={"reason": "quality"}))["reason"] == "quality"
    assert staff.post(f"{V1}/scraps/{created['id']}/approve").status_code == 403
    assert ok(staff.post(f"{V1}/scraps/{created['id']}/submit"))["state"] == "pending"
    boss = api(manager)
    assert [s["id"] for s in ok(boss.get(f"{V1}/scraps?state=pending"))["items"]] == [created["id"]]
    approved = ok(boss.post(f"{V1}/scraps/{created['id']}/approve"))
    assert approved["state"] == "approved" and approved["lines"][0]["cost_value"] == "2.40"
    assert ok(boss.post(f"{V1}/scraps/{created['id']}/unapprove", json={}))["state"] == "draft"
    assert ok(staff.post(f"{V1}/scraps/{created['id']}/cancel", json={"reason": "不报了"}))["state"] == "cancelled"
    other = ok(staff.post(f"{V1}/scraps", json={"warehouse_id": wh.id, "reason": "other", "lines": [
        {"product_id": stocked["water"].id, "qty": "1"}]}), 201)
    ok(staff.post(f"{V1}/scraps/{other['id']}/submit"))
    assert ok(boss.post(f"{V1}/scraps/{other['id']}/reject", json={"reason": "请拍照"}))["state"] == "draft"
    assert ok(staff.get(f"{V1}/scraps/{other['id']}"))["state"] == "draft"
    assert ok(staff.delete(f"{V1}/scraps/{other['id']}")) == {}


def test_a_user_restricted_to_one_warehouse_neither_sees_nor_touches_the_others(api, db, make_user, make_warehouse,
                                                                               make_product, receive, keeper):
    mine, theirs = make_warehouse(code="MINE"), make_warehouse(code="THEIRS")
    soap = make_product()
    receive(soap, mine, 5)
    receive(soap, theirs, 7)
    foreign = api(keeper).post(f"{V1}/stock-outs", json={"warehouse_id": theirs.id, "reason": "sample",
                                                         "lines": [{"product_id": soap.id, "qty": "1"}]}).get_json()
    picker = make_user("warehouse")
    update_user(db, make_user("admin"), picker.id, {"warehouse_ids": [mine.id]})
    me = api(picker)
    assert [b["warehouse_code"] for b in ok(me.get(f"{V1}/stock?product_id={soap.id}"))["items"]] == ["MINE"]
    assert ok(me.get(f"{V1}/stock/levels?product_id={soap.id}"))[0]["on_hand"] == "5.0000"
    assert {m["warehouse_id"] for m in ok(me.get(f"{V1}/stock-moves"))["items"]} == {mine.id}
    assert ok(me.get(f"{V1}/stock-ins"))["total"] == 1
    assert ok(me.get(f"{V1}/stock-outs"))["total"] == 0
    assert me.get(f"{V1}/stock-outs/{foreign['id']}").status_code == 403
    assert me.post(f"{V1}/stock-outs/{foreign['id']}/approve").status_code == 403
    assert me.get(f"{V1}/stock/fefo?product_id={soap.id}&warehouse_id={theirs.id}&qty=1").status_code == 403
    refused = me.post(f"{V1}/stock-outs", json={"warehouse_id": theirs.id, "reason": "sample",
                                                "lines": [{"product_id": soap.id, "qty": "1"}]})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "warehouse_forbidden"


def test_every_verb_of_every_stock_document_is_routed_and_permissioned(app):
    from erp.api.framework import ENDPOINTS
    from erp.auth.permissions import REGISTRY
    from inventory.views import PAGES

    routes = {(ep.method, ep.rule): ep for ep in ENDPOINTS}
    for resource, spec in PAGES.items():
        for verb, transition in spec.cls.TRANSITIONS.items():
            assert spec.cls.permission(transition.action) in REGISTRY, (resource, verb)
            assert ("POST", f"{V1}/{resource}/<int:doc_id>/{verb}") in routes, (resource, verb)
            assert verb in spec.verbs, (resource, verb)
