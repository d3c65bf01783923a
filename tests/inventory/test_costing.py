"""Moving weighted average cost (移动加权平均) per product and warehouse, exact to the fen."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.errors import Conflict
from inventory.stock.checks import check_stock_costs
from inventory.stock.ledger import StockSource, issue_stock
from inventory.stock.models import StockCost, StockMove
from inventory.stock_ins import services as stock_ins
from inventory.stock_outs import services as stock_outs
from tests.inventory.conftest import TODAY


def cost(db, product, warehouse) -> StockCost:
    return db.scalars(select(StockCost).where(StockCost.product_id == product.id,
                                              StockCost.warehouse_id == warehouse.id)
                      .execution_options(populate_existing=True)).one()


def issue(db, actor, product, warehouse, qty, n=1):
    return issue_stock(db, actor, product_id=product.id, warehouse_id=warehouse.id, qty=D(qty),
                       source=StockSource("stock_out", n, n), posting_date=TODAY)


def stock_out(db, actor, product, warehouse, qty):
    doc = stock_outs.create_stock_out(db, actor, {"warehouse_id": warehouse.id, "reason": "internal_use",
                                                  "lines": [{"product_id": product.id, "qty": D(qty)}]})
    return stock_outs.approve_stock_out(db, actor, doc.id)


def test_receipts_average_the_cost_and_issues_go_out_at_the_average(db, wh, make_product, receive, keeper):
    beer = make_product()
    receive(beer, wh, 10, "3.00")
    receive(beer, wh, 30, "3.40")
    row = cost(db, beer, wh)
    assert (row.qty, row.value, row.unit_cost) == (D(40), D("132.00"), D("3.3"))
    move = issue(db, keeper, beer, wh, 7)
    assert (move.unit_cost, move.value) == (D("3.3"), D("-23.10"))
    row = cost(db, beer, wh)
    assert (row.qty, row.value, row.unit_cost) == (D(33), D("108.90"), D("3.3"))


def test_the_last_issue_takes_the_value_left_so_no_fen_stays_behind(db, wh, make_product, receive, keeper):
    pens = make_product()
    receive(pens, wh, 3, "3.333333")  # 3 × 3.333333 = 10.00 to the fen
    values = [issue(db, keeper, pens, wh, 1, n).value for n in (1, 2, 3)]
    assert values == [D("-3.33"), D("-3.33"), D("-3.34")]
    row = cost(db, pens, wh)
    assert (row.qty, row.value) == (D(0), D("0.00"))
    assert check_stock_costs(db) == []


def test_values_are_sums_of_rounded_move_values(db, wh, make_product, receive, keeper):
    salt = make_product()
    receive(salt, wh, 7, "1.428571")  # 10.00
    receive(salt, wh, 5, "0.999999")  # 5.00
    for n in range(1, 6):
        issue(db, keeper, salt, wh, "1.5" if n % 2 else 1, n)
    row = cost(db, salt, wh)
    moves = db.scalars(select(StockMove).where(StockMove.product_id == salt.id)).all()
    assert row.value == sum(m.value for m in moves)
    assert row.qty == sum(m.qty for m in moves) == D("5.5")
    assert check_stock_costs(db) == []


def test_unapprove_of_a_receipt_restores_the_earlier_average_exactly(db, wh, make_product, receive, keeper):
    flour = make_product()
    receive(flour, wh, 10, "4.00")
    before = cost(db, flour, wh)
    before = (before.qty, before.value, before.unit_cost)
    dear = receive(flour, wh, 3, "7.77")
    assert cost(db, flour, wh).unit_cost == D("4.87")
    stock_ins.unapprove_stock_in(db, keeper, dear.id)
    row = cost(db, flour, wh)
    assert (row.qty, row.value, row.unit_cost) == before
    assert check_stock_costs(db) == []


def test_reversing_a_receipt_after_stock_was_issued_at_its_average_is_refused(db, wh, make_product, receive,
                                                                               keeper):
    sugar = make_product()
    receive(sugar, wh, 10, "1.00")
    dear = receive(sugar, wh, 10, "2.00")
    issued = stock_out(db, keeper, sugar, wh, 4)
    with pytest.raises(Conflict) as refused:
        stock_ins.unapprove_stock_in(db, keeper, dear.id)
    assert refused.value.code == "issued_since"
    assert issued.number in str(refused.value)


def test_once_that_issue_is_reversed_the_receipt_can_be_reversed_again(db, wh, make_product, receive, keeper):
    sugar = make_product()
    receive(sugar, wh, 10, "1.00")
    dear = receive(sugar, wh, 10, "2.00")
    issued = stock_out(db, keeper, sugar, wh, 4)
    stock_outs.unapprove_stock_out(db, keeper, issued.id)
    stock_ins.unapprove_stock_in(db, keeper, dear.id)
    row = cost(db, sugar, wh)
    assert (row.qty, row.value, row.unit_cost) == (D(10), D("10.00"), D("1"))


def test_an_issue_reversed_comes_back_at_the_value_it_left_with(db, wh, make_product, receive, keeper):
    tea = make_product()
    receive(tea, wh, 10, "2.00")
    out = stock_out(db, keeper, tea, wh, 5)
    assert out.lines[0].cost_value == D("10.00")
    receive(tea, wh, 5, "4.00")  # the average is now (10 + 20) / 10 = 3
    stock_outs.unapprove_stock_out(db, keeper, out.id)
    row = cost(db, tea, wh)
    assert (row.qty, row.value, row.unit_cost) == (D(15), D("40.00"), D("2.666667"))
    reversal = db.scalars(select(StockMove).where(StockMove.reverses_id.is_not(None))).one()
    assert (reversal.qty, reversal.value) == (D(5), D("10.00"))
    assert out.lines[0].cost_value is None
    assert check_stock_costs(db) == []
