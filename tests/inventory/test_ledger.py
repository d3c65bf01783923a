"""The stock ledger and balances: receipts and issues, refusals, the balance = ledger check."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DatabaseError

from erp.checks import run_checks
from erp.errors import Forbidden, InsufficientStock, ValidationFailed
from inventory.stock.checks import check_stock_balances, check_stock_costs
from inventory.stock.ledger import StockSource, issue_stock, receive_stock
from inventory.stock.models import StockBalance, StockMove
from inventory.stock.queries import product_stock, stock_level
from tests.inventory.conftest import TODAY, days

SOURCE = StockSource("stock_out", 1, 1, "TEST-1")


def moves_count(db):
    return db.scalar(select(func.count(StockMove.id)))


def test_receive_opening_stock_in_two_batches(db, wh, make_tracked, receive, batch_of):
    rice = make_tracked(name="东北大米5kg")
    first = receive(rice, wh, 10, "30.00", batch_no="R2401", expiry_date=days(30))
    second = receive(rice, wh, 20, "32.00", batch_no="R2402", expiry_date=days(90))

    assert stock_level(db, rice.id, wh.id).on_hand == D(30)
    assert stock_level(db, rice.id, wh.id, batch_of(first).id).on_hand == D(10)
    assert stock_level(db, rice.id, wh.id, batch_of(second).id).on_hand == D(20)
    moves = db.scalars(select(StockMove).where(StockMove.product_id == rice.id).order_by(StockMove.id)).all()
    assert [(m.qty, m.value, m.source_type, m.source_number) for m in moves] == [
        (D(10), D("300.00"), "stock_in", first.number), (D(20), D("640.00"), "stock_in", second.number)]
    assert check_stock_balances(db) == [] and check_stock_costs(db) == []


def test_an_issue_takes_stock_out_and_the_balance_follows(db, wh, make_product, receive, keeper):
    oil = make_product()
    receive(oil, wh, 12, "5.00")
    move = issue_stock(db, keeper, product_id=oil.id, warehouse_id=wh.id, qty=D(5), source=SOURCE,
                       posting_date=TODAY)
    assert move.qty == D(-5) and move.value == D("-25.00") and move.unit_cost == D("5")
    assert move.user_id == keeper.id and move.source_line_id == 1
    assert stock_level(db, oil.id, wh.id).on_hand == D(7)
    assert check_stock_balances(db) == []


def test_issuing_more_than_available_names_the_shortfall_and_writes_nothing(db, wh, make_product, receive, keeper):
    oil = make_product(name="金龙鱼调和油")
    receive(oil, wh, 3, "5.00")
    before = moves_count(db)
    with pytest.raises(InsufficientStock) as refused:
        with db.begin_nested():
            issue_stock(db, keeper, product_id=oil.id, warehouse_id=wh.id, qty=D(5), source=SOURCE,
                        posting_date=TODAY)
    assert refused.value.status == 409
    assert "5 瓶 wanted, 3 available, 2 short" in str(refused.value)
    assert refused.value.shortfall == D(2)
    assert moves_count(db) == before
    assert stock_level(db, oil.id, wh.id).on_hand == D(3)


def test_nothing_on_hand_is_a_shortfall_of_everything(db, wh, make_product, keeper):
    with pytest.raises(InsufficientStock, match="1 瓶 wanted, 0 available, 1 short"):
        issue_stock(db, keeper, product_id=make_product().id, warehouse_id=wh.id, qty=D(1), source=SOURCE,
                    posting_date=TODAY)


def test_negative_stock_only_where_the_warehouse_allows_it(db, make_warehouse, make_product, keeper):
    shop = make_warehouse(allow_negative_stock=True)
    soap = make_product()
    issue_stock(db, keeper, product_id=soap.id, warehouse_id=shop.id, qty=D(2), source=SOURCE, posting_date=TODAY)
    assert stock_level(db, soap.id, shop.id).on_hand == D(-2)
    receive_stock(db, keeper, product_id=soap.id, warehouse_id=shop.id, qty=D(5), unit_cost=D("3"),
                  source=SOURCE, posting_date=TODAY)
    assert stock_level(db, soap.id, shop.id).on_hand == D(3)
    assert check_stock_balances(db) == [] and check_stock_costs(db) == []


def test_a_batch_tracked_product_always_moves_with_its_own_batch(db, wh, make_tracked, make_product, make_batch,
                                                                 keeper):
    milk, water = make_tracked(), make_product()
    other = make_batch(make_tracked())
    cases = [
        (milk.id, None, "This product is batch-tracked: give a batch."),
        (milk.id, other.id, "This batch belongs to another product."),
        (water.id, make_batch(milk).id, "This product is not batch-tracked: leave the batch empty."),
    ]
    for product_id, batch_id, message in cases:
        with pytest.raises(ValidationFailed) as refused:
            receive_stock(db, keeper, product_id=product_id, warehouse_id=wh.id, qty=D(1), unit_cost=D(1),
                          batch_id=batch_id, source=SOURCE, posting_date=TODAY)
        assert refused.value.fields == {"batch_id": [message]}
    assert moves_count(db) == 0


def test_quantities_must_be_positive(db, wh, make_product, keeper):
    for qty in (D(0), D(-1)):
        with pytest.raises(ValidationFailed) as refused:
            issue_stock(db, keeper, product_id=make_product().id, warehouse_id=wh.id, qty=qty, source=SOURCE,
                        posting_date=TODAY)
        assert "qty" in refused.value.fields


def test_a_user_restricted_to_another_warehouse_cannot_move_stock_here(db, wh, make_warehouse, make_user,
                                                                       make_product):
    from erp.auth.services import update_user

    picker = make_user("warehouse")
    update_user(db, make_user("admin"), picker.id, {"warehouse_ids": [make_warehouse().id]})
    with pytest.raises(Forbidden):
        receive_stock(db, picker, product_id=make_product().id, warehouse_id=wh.id, qty=D(1), unit_cost=D(1),
                      source=SOURCE, posting_date=TODAY)


def test_the_ledger_is_append_only(db, wh, make_product, receive):
    receive(make_product(), wh, 1)
    for statement in ("UPDATE stock_moves SET qty = 2", "DELETE FROM stock_moves"):
        with pytest.raises(DatabaseError):
            with db.begin_nested():
                db.execute(text(statement))


def test_a_stock_lookup_reads_balances_never_the_ledger(db, engine, wh, make_tracked, receive):
    milk = make_tracked()
    for i in range(3):
        receive(milk, wh, 5, batch_no=f"M{i}", expiry_date=days(10 + i))
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        level = stock_level(db, milk.id, wh.id)
        [stock] = product_stock(db, [milk.id])
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert level.on_hand == D(15) and stock.total.on_hand == D(15)
    assert statements and not any("stock_moves" in s for s in statements)


def test_sellable_stock_leaves_out_expired_and_blocked_batches(db, wh, make_tracked, receive, batch_of):
    from inventory.batches.models import BatchStatus

    milk = make_tracked()
    receive(milk, wh, 5, batch_no="OLD", expiry_date=days(-1))
    blocked = batch_of(receive(milk, wh, 7, batch_no="HOLD", expiry_date=days(50)))
    blocked.status = BatchStatus.BLOCKED
    receive(milk, wh, 11, batch_no="GOOD", expiry_date=days(60))
    db.flush()
    [stock] = product_stock(db, [milk.id])
    assert (stock.total.on_hand, stock.total.available, stock.total.sellable) == (D(23), D(23), D(11))
    assert [w.warehouse_id for w in stock.warehouses] == [wh.id]


def test_erp_check_finds_a_balance_that_disagrees_with_the_ledger(db, wh, make_product, receive):
    tea = make_product()
    receive(tea, wh, 4, "2.50")
    results = dict(run_checks(db))
    assert results["stock balances equal the ledger"] == []
    assert results["stock costs equal the ledger"] == []
    db.execute(StockBalance.__table__.update().where(StockBalance.product_id == tea.id).values(on_hand=D(5)))
    problems = check_stock_balances(db)
    assert len(problems) == 1 and "5.0000 recorded, 4.0000 by the sum" in problems[0]
    assert any("balance total" in p for p in check_stock_costs(db))
