"""Stocktake (盘点): open a count with a snapshot, count by hand, scan and file, value the
variances at the moving average, approve to post them — while the warehouse keeps working."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.errors import (
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
    ReadOnlyDocument,
    ValidationFailed,
)
from erp.products.models import ProductCategory
from inventory.outbounds import services as outbounds
from inventory.stock.checks import check_stock_balances, check_stock_costs
from inventory.stock.models import StockCost, StockMove
from inventory.stock.queries import stock_level
from inventory.stocktakes import counting, services, uploads
from inventory.stocktakes.variances import stocktake_sheet
from tests.inventory.conftest import days


@pytest.fixture
def drinks(db):
    root = ProductCategory(code="01", name="饮料", level=1)
    water = ProductCategory(code="0101", name="饮用水", level=2, parent=root)
    dairy = ProductCategory(code="02", name="乳品", level=1)
    db.add_all([root, water, dairy])
    db.flush()
    return {"drinks": root, "water": water, "dairy": dairy}


@pytest.fixture
def shelf(db, wh, drinks, make_product, make_tracked, receive, batch_of):
    """Water (24 a case, A-01-02) 30 at 0.80; milk (A-02-01) in two batches of 10 at 3.00 and 4.00;
    juice in another category (B-01-01) 12 at 2.50."""
    water = make_product(name="矿泉水", barcode="6900000000017", category=drinks["water"], location="A-01-02")
    water.packings[0].barcode = "16900000000014"
    receive(water, wh, 30, "0.80")
    milk = make_tracked(name="纯牛奶", barcode="6900000000024", category=drinks["dairy"], location="A-02-01")
    early = batch_of(receive(milk, wh, 10, "3.00", batch_no="M-1", expiry_date=days(20)))
    late = batch_of(receive(milk, wh, 10, "4.00", batch_no="M-2", expiry_date=days(90)))
    juice = make_product(name="橙汁", barcode="6900000000031", category=drinks["drinks"], location="B-01-01")
    receive(juice, wh, 12, "2.50")
    db.flush()
    return {"water": water, "milk": milk, "early": early, "late": late, "juice": juice}


def line_of(doc, product, batch=None):
    return next(li for li in doc.lines if li.product_id == product.id and li.batch_id == (batch.id if batch else None))


def count(db, actor, doc, *entries):
    return counting.record_counts(db, actor, doc.id, list(entries))


def test_opening_a_count_snapshots_the_book_per_batch_in_walking_order(db, keeper, wh, shelf):
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id})
    assert [(li.location, li.product.name, li.batch.batch_no if li.batch else None, li.book_qty) for li in doc.lines] == [
        ("A-01-02", "矿泉水", None, D(30)), ("A-02-01", "纯牛奶", "M-1", D(10)), ("A-02-01", "纯牛奶", "M-2", D(10)),
        ("B-01-01", "橙汁", None, D(12))]
    assert doc.uncounted == 4 and doc.number is None and doc.state == "draft"


def test_a_count_of_a_category_or_a_range_of_locations_lists_only_those_products(db, keeper, wh, shelf, drinks):
    drinks_count = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": drinks["drinks"].id})
    assert {li.product.name for li in drinks_count.lines} == {"矿泉水", "橙汁"}  # with the sub-category 饮用水
    services.cancel_stocktake(db, keeper, drinks_count.id)
    aisle = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "location_from": "A-02",
                                                 "location_to": "A-02"})
    assert {li.product.name for li in aisle.lines} == {"纯牛奶"}


def test_scans_add_up_pieces_and_cases_and_a_hand_count_replaces_the_total(db, keeper, wh, shelf):
    water = shelf["water"]
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id})
    assert counting.scan_count(db, keeper, doc.id, "6900000000017").counted_qty == D(1)
    assert counting.scan_count(db, keeper, doc.id, "16900000000014").counted_qty == D(25)  # + one case of 24
    assert counting.scan_count(db, keeper, doc.id, "6900000000017", D(3)).counted_qty == D(28)
    line = count(db, keeper, doc, {"product_id": water.id, "qty": D(29)})[0]
    assert (line.counted_qty, line.book_qty_at_count, line.variance) == (D(29), D(30), D(-1))
    case_unit = water.packings[0].unit_id
    line = count(db, keeper, doc, {"line_id": line.id, "unit_id": case_unit, "qty": D(1), "mode": "add"})[0]
    assert line.counted_qty == D(53)


def test_a_batch_tracked_product_is_counted_per_batch(db, keeper, wh, shelf):
    milk, early, late = shelf["milk"], shelf["early"], shelf["late"]
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id})
    with pytest.raises(ValidationFailed) as exc:
        counting.scan_count(db, keeper, doc.id, "6900000000024")
    assert exc.value.fields == {"batch_id": ["Choose the batch counted."]}
    counting.scan_count(db, keeper, doc.id, "6900000000024", D(9), batch_id=early.id)
    count(db, keeper, doc, {"product_id": milk.id, "batch_no": "M-2", "qty": D(12)})
    assert (line_of(doc, milk, early).variance, line_of(doc, milk, late).variance) == (D(-1), D(2))


def test_variances_are_valued_at_the_moving_average_and_approval_posts_them(db, keeper, manager, wh, shelf):
    water, milk, early, late, juice = (shelf[k] for k in ("water", "milk", "early", "late", "juice"))
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id})
    count(db, keeper, doc, {"product_id": water.id, "qty": D(28)},
          {"product_id": milk.id, "batch_id": early.id, "qty": D(10)},
          {"product_id": milk.id, "batch_id": late.id, "qty": D(11)},
          {"product_id": juice.id, "qty": D(12)})
    sheet = stocktake_sheet(db, doc)
    assert [(v.product.name, v.variance, v.value) for v in sheet.lines if v.variance] == [
        ("矿泉水", D(-2), D("-1.60")), ("纯牛奶", D(1), D("3.50"))]
    assert (sheet.gain_value, sheet.loss_value, sheet.net_value) == (D("3.50"), D("1.60"), D("1.90"))

    with pytest.raises(Forbidden):
        services.approve_stocktake(db, keeper, doc.id)  # warehouse staff count; a manager approves
    services.submit_stocktake(db, keeper, doc.id)
    services.approve_stocktake(db, manager, doc.id)
    assert doc.state == "approved" and doc.number.startswith("PD")
    assert stock_level(db, water.id, wh.id).on_hand == D(28)
    assert stock_level(db, milk.id, wh.id, late.id).on_hand == D(11)
    milk_cost = db.scalar(select(StockCost).where(StockCost.product_id == milk.id, StockCost.warehouse_id == wh.id))
    assert (milk_cost.qty, milk_cost.value) == (D(21), D("73.50"))
    assert [li.posted_value for li in doc.lines] == [D("-1.60"), D("0.00"), D("3.50"), D("0.00")]
    assert check_stock_balances(db) == [] and check_stock_costs(db) == []


def test_approving_twice_is_refused_and_posts_the_variance_once(db, keeper, manager, wh, shelf):
    water = shelf["water"]
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": water.category_id})
    count(db, keeper, doc, {"product_id": water.id, "qty": D(27)})
    services.approve_stocktake(db, manager, doc.id)
    with pytest.raises(InvalidTransition):
        services.approve_stocktake(db, manager, doc.id)
    assert stock_level(db, water.id, wh.id).on_hand == D(27)
    assert len(db.scalars(select(StockMove).where(StockMove.source_type == "stocktake")).all()) == 1


def test_moves_posted_while_the_count_is_open_are_not_counted_as_differences(db, keeper, manager, wh, shelf):
    water, juice = shelf["water"], shelf["juice"]
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": juice.category_id})
    sold = outbounds.create_outbound(db, keeper, {"warehouse_id": wh.id,
                                                  "lines": [{"product_id": water.id, "qty": D(5)}]})
    outbounds.approve_outbound(db, keeper, sold.id)  # 5 bottles leave before the shelf is counted
    count(db, keeper, doc, {"product_id": water.id, "qty": D(25)}, {"product_id": juice.id, "qty": D(12)})
    later = outbounds.create_outbound(db, keeper, {"warehouse_id": wh.id,
                                                   "lines": [{"product_id": juice.id, "qty": D(4)}]})
    outbounds.approve_outbound(db, keeper, later.id)  # 4 juices leave after they were counted
    water_line, juice_line = line_of(doc, water), line_of(doc, juice)
    assert (water_line.book_qty, water_line.moved_since_snapshot, water_line.variance) == (D(30), D(-5), D(0))
    assert (juice_line.book_qty_at_count, juice_line.variance) == (D(12), D(0))
    services.approve_stocktake(db, manager, doc.id)
    assert (stock_level(db, water.id, wh.id).on_hand, stock_level(db, juice.id, wh.id).on_hand) == (D(25), D(8))
    assert db.scalars(select(StockMove).where(StockMove.source_type == "stocktake")).all() == []


def test_a_loss_counted_while_goods_were_sold_is_posted_against_the_book_of_that_moment(db, keeper, manager, wh,
                                                                                        shelf):
    water = shelf["water"]
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": water.category_id})
    count(db, keeper, doc, {"product_id": water.id, "qty": D(27)})  # 3 missing
    sold = outbounds.create_outbound(db, keeper, {"warehouse_id": wh.id,
                                                  "lines": [{"product_id": water.id, "qty": D(10)}]})
    outbounds.approve_outbound(db, keeper, sold.id)
    services.approve_stocktake(db, manager, doc.id)
    assert stock_level(db, water.id, wh.id).on_hand == D(17)  # 30 − 3 lost − 10 sold


def test_counts_outside_the_scope_negative_or_unconvertible_are_refused_and_nothing_is_written(
        db, keeper, wh, shelf, make_product):
    water, juice = shelf["water"], shelf["juice"]
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": water.category_id})
    stranger = make_product(name="外来商品")
    with pytest.raises(ValidationFailed) as exc:
        count(db, keeper, doc, {"product_id": water.id, "qty": D(29)},
              {"product_id": juice.id, "qty": D(1)},
              {"product_id": water.id, "qty": D(-1)},
              {"product_id": stranger.id, "unit_id": juice.base_unit_id, "qty": D(1)},
              {"code": "0000000000000", "qty": D(1)})
    assert exc.value.fields["entries"] == {
        1: {"product_id": ["Not in the scope of this stocktake."]},
        2: {"qty": ["A count cannot be negative."]},
        3: {"product_id": ["Not in the scope of this stocktake."]},
        4: {"code": ["No product has this barcode, SKU or name."]}}
    assert line_of(doc, water).counted_qty is None


def test_uncounted_lines_block_approval_until_counted_as_booked_or_as_zero(db, keeper, manager, wh, shelf,
                                                                          make_warehouse, receive):
    water = shelf["water"]
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id})
    count(db, keeper, doc, {"product_id": water.id, "qty": D(30)})
    with pytest.raises(Conflict) as exc:
        services.approve_stocktake(db, manager, doc.id)
    assert exc.value.code == "uncounted_lines" and exc.value.params["count"] == 3
    assert counting.count_remaining(db, keeper, doc.id, as_booked=True) == 3
    assert stocktake_sheet(db, doc).variance_lines == 0

    shop = make_warehouse(name="门店")
    receive(water, shop, 5, "0.80")
    zeroed = services.open_stocktake(db, keeper, {"warehouse_id": shop.id})
    assert counting.count_remaining(db, keeper, zeroed.id, as_booked=False) == 1
    assert zeroed.lines[0].variance == D(-5)


def test_two_open_counts_may_not_cover_the_same_products(db, keeper, wh, shelf, drinks):
    services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": drinks["water"].id})
    with pytest.raises(Conflict) as exc:
        services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": drinks["drinks"].id})
    assert exc.value.code == "stocktake_overlaps"
    dairy = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": drinks["dairy"].id})
    assert {li.product.name for li in dairy.lines} == {"纯牛奶"}


def test_goods_found_that_the_snapshot_did_not_list_get_a_line_of_their_own(db, keeper, manager, wh, shelf,
                                                                          make_batch):
    milk = shelf["milk"]
    found = make_batch(milk, "M-0", expiry_date=days(5))
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": milk.category_id})
    line = count(db, keeper, doc, {"product_id": milk.id, "batch_id": found.id, "qty": D(2)})[0]
    assert (line.book_qty, line.variance, line.line_no) == (D(0), D(2), 3)
    counting.count_remaining(db, keeper, doc.id, as_booked=True)
    services.approve_stocktake(db, manager, doc.id)
    assert stock_level(db, milk.id, wh.id, found.id).on_hand == D(2)


def test_unapproving_reverses_the_adjustments_and_reopens_the_counts(db, keeper, manager, wh, shelf):
    water = shelf["water"]
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id, "category_id": water.category_id})
    count(db, keeper, doc, {"product_id": water.id, "qty": D(26)})
    services.approve_stocktake(db, manager, doc.id)
    with pytest.raises(ReadOnlyDocument):
        count(db, keeper, doc, {"product_id": water.id, "qty": D(30)})
    services.unapprove_stocktake(db, manager, doc.id, "recount")
    assert stock_level(db, water.id, wh.id).on_hand == D(30) and doc.state == "draft"
    count(db, keeper, doc, {"product_id": water.id, "qty": D(29)})
    services.approve_stocktake(db, manager, doc.id)
    assert stock_level(db, water.id, wh.id).on_hand == D(29)
    assert check_stock_costs(db) == []


def test_a_file_of_counts_is_entered_row_by_row_with_a_report(db, keeper, wh, shelf):
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id})
    content = ("商品编码,批次号,实盘数量,单位\n"
               f"{shelf['water'].sku},,1,箱\n"
               f"{shelf['water'].sku},,5,\n"
               f"{shelf['milk'].sku},M-2,9,\n"
               ",,,\n"
               "6900000000031,,0,\n").replace("6900000000031", shelf["juice"].sku).encode("utf-8")
    report = uploads.import_counts(db, keeper, doc.id, content)
    assert [(r.row, r.sku, r.batch_no, r.qty_base, r.counted_qty) for r in report] == [
        (2, shelf["water"].sku, None, D(24), D(29)), (3, shelf["water"].sku, None, D(5), D(29)),
        (4, shelf["milk"].sku, "M-2", D(9), D(9)), (6, shelf["juice"].sku, None, D(0), D(0))]
    assert line_of(doc, shelf["juice"]).variance == D(-12)


def test_a_file_with_bad_rows_counts_nothing_and_names_each_bad_row(db, keeper, wh, shelf):
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id})
    content = ("sku,batch_no,qty\n"
               f"{shelf['water'].sku},,12\n"
               "NOPE,,1\n"
               f"{shelf['milk'].sku},M-9,1\n"
               f"{shelf['juice'].sku},,-2\n"
               f"{shelf['juice'].sku},,abc\n").encode()
    with pytest.raises(ValidationFailed) as exc:
        uploads.import_counts(db, keeper, doc.id, content)
    assert exc.value.fields["rows"] == {3: {"sku": ["Unknown product."]}, 4: {"batch_no": ["Unknown batch."]},
                                        5: {"qty": ["A count cannot be negative."]},
                                        6: {"qty": ["Not a valid number."]}}
    assert all(li.counted_qty is None for li in doc.lines)
    with pytest.raises(ValidationFailed) as exc:
        uploads.import_counts(db, keeper, doc.id, b"name,note\nx,y\n")
    assert "file" in exc.value.fields


def test_lookup_tells_the_scanner_screen_the_unit_and_the_batches_to_choose(db, keeper, wh, shelf):
    doc = services.open_stocktake(db, keeper, {"warehouse_id": wh.id})
    case = counting.lookup_for_count(db, keeper, doc.id, "16900000000014")
    assert (case.product.name, case.unit.name, case.factor, case.in_scope) == ("矿泉水", "箱", D(24), True)
    milk = counting.lookup_for_count(db, keeper, doc.id, "6900000000024")
    assert [li.batch.batch_no for li in milk.lines] == ["M-1", "M-2"]
    with pytest.raises(NotFound):
        counting.lookup_for_count(db, keeper, doc.id, "123")
