"""Shipping outbounds (发运): packages and their weights, waybill numbers, one customer
and one warehouse per shipment, delivery confirmation (签收), all in the audit log."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp import clock
from erp.audit.models import AuditEntry
from erp.errors import Conflict, Forbidden, ValidationFailed
from logistics.carriers import services as carriers
from logistics.shipments import services as shipments
from logistics.shipments.models import ShipmentStatus
from tests import factories

TODAY = clock.today()


def test_each_case_is_a_package_and_the_loose_pieces_travel_together(chain, water, ship, sf):
    outbound = chain.shipped(chain.customer(), [(water, 77)])[2]
    shipment = ship([outbound], carrier_id=sf.id)
    # 77 bottles of 0.6 kg: three cases of 24 (14.4 kg each) and five loose bottles (3 kg).
    assert [(p.package_no, p.weight_kg) for p in shipment.packages] == [
        (1, D("14.4")), (2, D("14.4")), (3, D("14.4")), (4, D("3"))]
    assert shipment.total_weight == D("46.2")
    assert shipment.status == ShipmentStatus.SHIPPED and shipment.number.startswith(f"FY{TODAY:%Y%m%d}-")
    assert shipment.ship_to_name == "王店长" and shipment.ship_to_phone == "13912345678"
    assert shipment.ship_to_address == "上海市上海市闵行区七宝镇漕宝路3366号"


def test_a_case_weight_recorded_on_the_packing_wins_and_unknown_weights_stay_unknown(db, chain, ship):
    boxed = chain.product(name="整箱称重商品")
    boxed.packings[0].weight_kg = D("15.2")
    unweighed = chain.product(name="未称重商品", weight_kg=None)
    db.flush()
    outbound = chain.shipped(chain.customer(), [(boxed, 48), (unweighed, 24)])[2]
    shipment = ship([outbound])
    assert [p.weight_kg for p in shipment.packages] == [D("15.2"), D("15.2"), None]
    assert shipment.total_weight is None


def test_a_package_count_shares_the_weight_so_that_it_adds_up(chain, water, ship):
    outbound = chain.shipped(chain.customer(), [(water, 50)])[2]  # 30 kg
    shipment = ship([outbound], package_count=7)
    weights = [p.weight_kg for p in shipment.packages]
    assert len(weights) == 7 and sum(weights) == D("30") and weights[0] == D("4.2857")


def test_weights_may_be_given_per_package(chain, water, ship):
    outbound = chain.shipped(chain.customer(), [(water, 50)])[2]
    shipment = ship([outbound], weights=[D("12.5"), D("8")])
    assert [p.weight_kg for p in shipment.packages] == [D("12.5"), D("8")]


def test_several_outbounds_of_one_customer_travel_in_one_shipment(chain, water, ship):
    customer = chain.customer()
    first = chain.shipped(customer, [(water, 24)])[2]
    second = chain.shipped(customer, [(water, 48)])[2]
    shipment = ship([second, first])
    assert [o.id for o in shipment.outbounds] == sorted([first.id, second.id])
    assert len(shipment.packages) == 3


def test_outbounds_of_two_customers_are_not_one_shipment(chain, water, ship):
    one = chain.shipped(chain.customer(), [(water, 24)])[2]
    other = chain.shipped(chain.customer(name="另一家超市", uscc=None), [(water, 24)])[2]
    with pytest.raises(Conflict) as err:
        ship([one, other])
    assert err.value.code == "other_customer"


def test_only_approved_outbounds_are_shipped_and_each_only_once(chain, water, ship):
    customer = chain.customer()
    draft = chain.ship(chain.deliver(chain.order(customer, [(water, 24)])), approve=False)
    with pytest.raises(Conflict) as err:
        ship([draft])
    assert err.value.code == "outbound_not_approved"
    shipped = chain.shipped(customer, [(water, 24)])[2]
    first = ship([shipped])
    with pytest.raises(Conflict) as err:
        ship([shipped])
    assert err.value.code == "outbound_shipped" and first.number in str(err.value)


def test_waybill_numbers_come_from_the_carriers_prefix_one_after_another(chain, water, ship, sf):
    customer = chain.customer()
    a = ship([chain.shipped(customer, [(water, 24)])[2]], carrier_id=sf.id)
    b = ship([chain.shipped(customer, [(water, 24)])[2]], carrier_id=sf.id)
    assert (a.waybill_number, b.waybill_number) == (f"SF{TODAY:%Y%m%d}-0001", f"SF{TODAY:%Y%m%d}-0002")


def test_an_entered_waybill_is_kept_and_may_not_be_used_twice_with_one_carrier(db, chain, water, ship, sf, people):
    customer = chain.customer()
    ship([chain.shipped(customer, [(water, 24)])[2]], carrier_id=sf.id, waybill_number="SF1234567890123")
    with pytest.raises(ValidationFailed) as err:
        ship([chain.shipped(customer, [(water, 24)])[2]], carrier_id=sf.id, waybill_number="SF1234567890123")
    assert "waybill_number" in err.value.fields
    own = carriers.create_carrier(db, people["keeper"], {"code": "ZTO", "name": "中通快递"})
    with pytest.raises(ValidationFailed) as err:
        ship([chain.shipped(customer, [(water, 24)])[2]], carrier_id=own.id)
    assert "waybill_number" in err.value.fields  # no prefix: the carrier's own number must be entered


def test_a_customer_without_an_address_needs_one_typed(db, chain, water, ship):
    customer = factories.customer(db, name="无地址客户")
    outbound = chain.shipped(customer, [(water, 24)])[2]
    with pytest.raises(ValidationFailed) as err:
        ship([outbound])
    assert "ship_to_address" in err.value.fields
    shipment = ship([outbound], ship_to_name="张三", ship_to_phone="13800000000", ship_to_address="北京市朝阳区1号")
    assert (shipment.ship_to_name, shipment.ship_to_address) == ("张三", "北京市朝阳区1号")


def test_delivery_is_confirmed_once_with_who_when_and_a_remark(db, chain, water, ship, people):
    shipment = ship([chain.shipped(chain.customer(), [(water, 24)])[2]])
    at = dt.datetime.combine(TODAY, dt.time(15, 30))
    shipments.confirm_delivery(db, people["clerk"], shipment.id, {"received_by": "王店长", "delivered_at": at,
                                                                  "remark": "外箱轻微破损"})
    assert shipment.status == ShipmentStatus.DELIVERED
    assert (shipment.received_by, shipment.delivered_at, shipment.delivery_remark) == ("王店长", at, "外箱轻微破损")
    assert shipment.confirmed_by_id == people["clerk"].id
    with pytest.raises(Conflict):
        shipments.confirm_delivery(db, people["clerk"], shipment.id, {"received_by": "王店长"})
    with pytest.raises(Conflict):
        shipments.delete_shipment(db, people["keeper"], shipment.id)


def test_delivery_cannot_be_before_the_ship_date(db, chain, water, ship, people):
    shipment = ship([chain.shipped(chain.customer(), [(water, 24)])[2]])
    with pytest.raises(ValidationFailed) as err:
        shipments.confirm_delivery(db, people["keeper"], shipment.id, {
            "received_by": "王店长", "delivered_at": dt.datetime.combine(TODAY - dt.timedelta(days=3), dt.time(9))})
    assert "delivered_at" in err.value.fields


def test_deleting_a_shipment_on_its_way_frees_its_outbounds(db, chain, water, ship, people):
    outbound = chain.shipped(chain.customer(), [(water, 24)])[2]
    shipments.delete_shipment(db, people["keeper"], ship([outbound]).id)
    assert ship([outbound]).outbounds == [outbound]


def test_changing_the_packages_or_the_waybill_on_the_way(db, chain, water, ship, sf, people):
    shipment = ship([chain.shipped(chain.customer(), [(water, 48)])[2]])
    shipments.update_shipment(db, people["keeper"], shipment.id, {"carrier_id": sf.id, "waybill_number": None,
                                                                  "package_count": 3})
    assert shipment.waybill_number == f"SF{TODAY:%Y%m%d}-0001"
    assert [p.package_no for p in shipment.packages] == [1, 2, 3] and shipment.total_weight == D("28.8")
    shipments.update_shipment(db, people["keeper"], shipment.id, {"package_count": 3, "note": "易碎"})
    assert len(shipment.packages) == 3 and shipment.note == "易碎"


def test_every_change_is_in_the_audit_log(db, chain, water, ship, people):
    shipment = ship([chain.shipped(chain.customer(), [(water, 24)])[2]])
    shipments.confirm_delivery(db, people["clerk"], shipment.id, {"received_by": "王店长"})
    db.flush()
    rows = list(db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "shipments",
                                                    AuditEntry.entity_id == str(shipment.id))))
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[1].changes["status"] == ["shipped", "delivered"] and rows[1].changes["received_by"][1] == "王店长"
    packages = list(db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "shipment_packages",
                                                        AuditEntry.parent_id == str(shipment.id))))
    assert len(packages) == 1


def test_warehouse_staff_of_another_warehouse_neither_see_nor_ship(db, chain, water, ship, make_warehouse):
    outbound = chain.shipped(chain.customer(), [(water, 24)])[2]
    elsewhere = factories.user(db, roles=("warehouse",), warehouse_ids=[make_warehouse().id])
    with pytest.raises(Forbidden):
        shipments.create_shipment(db, elsewhere, {"outbound_ids": [outbound.id]})
    shipment = ship([outbound])
    with pytest.raises(Forbidden):
        shipments.get_shipment(db, elsewhere, shipment.id)
    assert list(db.scalars(shipments.query_shipments(elsewhere, {}))) == []


def test_the_to_ship_list_holds_approved_outbounds_not_shipped_yet(db, chain, water, ship, people):
    customer = chain.customer()
    shipped = chain.shipped(customer, [(water, 24)])[2]
    waiting = chain.shipped(customer, [(water, 24)])[2]
    draft = chain.ship(chain.deliver(chain.order(customer, [(water, 24)])), approve=False)
    ship([shipped])
    ids = [o.id for o in shipments.unshipped_outbounds(db, people["keeper"])]
    assert waiting.id in ids and shipped.id not in ids and draft.id not in ids


def test_a_delivery_time_with_an_offset_is_kept_on_the_users_clock(db, chain, water, ship, people):
    shipment = ship([chain.shipped(chain.customer(), [(water, 24)])[2]])
    # 07:30 UTC is 15:30 in Shanghai (ERP_TIMEZONE's default), the time on the signed paper
    at = dt.datetime.combine(TODAY, dt.time(7, 30), tzinfo=dt.UTC)
    shipments.confirm_delivery(db, people["clerk"], shipment.id, {"received_by": "王店长", "delivered_at": at})
    db.flush()
    db.expire(shipment)
    assert shipment.delivered_at == dt.datetime.combine(TODAY, dt.time(15, 30))
