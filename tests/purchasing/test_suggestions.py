"""The purchase suggestion: products below their reorder point, counting stock on hand,
reservations and what is on order, topped up to their maximum in whole cases, grouped by
preferred supplier; and the draft orders made from it in one action."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from erp.documents.base import DocState
from erp.errors import Conflict
from inventory.stock.ledger import StockSource
from inventory.stock.reservations import reserve
from inventory.stock_ins import services as stock_ins
from purchasing.suggestions import services as suggestions
from tests.purchasing.conftest import line


def stock(db, keeper, product, warehouse, qty, unit_cost="4.00"):
    doc = stock_ins.create_stock_in(db, keeper, {"warehouse_id": warehouse.id, "reason": "opening", "lines": [
        {"product_id": product.id, "qty": D(qty), "unit_cost": D(unit_cost)}]})
    stock_ins.approve_stock_in(db, keeper, doc.id)


@pytest.fixture
def cola(make_product, supplier):
    """Reorder at 100 bottles, top up to 300; bought by the case of 24."""
    product = make_product(name="可口可乐 330ml", reorder_point=D(100), max_stock=D(300),
                           preferred_supplier_id=supplier.id, case_factor=24)
    product.case_packing.is_purchase_default = True
    return product


def test_the_quantity_reaches_the_maximum_counting_stock_reservations_and_orders(db, keeper, purchaser, wh, cola,
                                                                                 make_order):
    stock(db, keeper, cola, wh, 50)
    reserve(db, keeper, product_id=cola.id, warehouse_id=wh.id, qty=D(10), source=StockSource("test", 1, 1))
    make_order([line(cola, 24, "2.50")])  # 24 bottles on order
    [item] = suggestions.suggest(db, purchaser)
    assert (item.on_hand, item.reserved, item.on_order, item.projected) == (D(50), D(10), D(24), D(64))
    # 300 − 64 = 236 bottles → 10 cases (240 bottles), rounded up to whole cases.
    assert (item.qty, item.unit.id, item.qty_base) == (D(10), cola.case_packing.unit_id, D(240))


def test_a_buyer_of_one_warehouse_counts_only_its_orders(db, make_user, wh, make_warehouse, cola, make_order):
    other = make_warehouse(name="苏州仓")
    make_order([line(cola, 240, "2.50")], warehouse_id=other.id)  # plenty coming, but to the other warehouse
    make_order([line(cola, 24, "2.50")])
    buyer = make_user("purchaser", warehouse_ids=[wh.id])
    [item] = suggestions.suggest(db, buyer)
    assert item.on_order == D(24) and item.qty_base == D(288)  # 300 − 24 = 276 → 12 cases


def test_a_product_at_or_above_its_reorder_point_is_not_suggested(db, keeper, purchaser, wh, cola):
    stock(db, keeper, cola, wh, 100)
    assert suggestions.suggest(db, purchaser) == []


def test_without_a_maximum_the_suggestion_reaches_the_reorder_point(db, purchaser, make_product, supplier):
    soap = make_product(reorder_point=D(10), preferred_supplier_id=supplier.id, case_factor=None)
    [item] = suggestions.suggest(db, purchaser)
    assert item.product.id == soap.id and item.qty == D(10)


def test_suggestions_are_grouped_by_preferred_supplier(db, purchaser, make_product, make_supplier, supplier, cola):
    other = make_supplier(code="S9999", name="另一家供应商")
    make_product(reorder_point=D(5), preferred_supplier_id=other.id)
    loose = make_product(reorder_point=D(5))
    groups = suggestions.group_by_supplier(suggestions.suggest(db, purchaser))
    assert [g.supplier for g in groups] == sorted([supplier, other], key=lambda s: s.code) + [None]
    assert groups[-1].items[0].product.id == loose.id


def test_draft_orders_are_made_per_supplier_and_running_it_again_orders_nothing_twice(
        db, purchaser, wh, cola, make_product, make_supplier, make_order):
    other = make_supplier()
    tea = make_product(reorder_point=D(12), max_stock=D(48), preferred_supplier_id=other.id, case_factor=None)
    make_product(reorder_point=D(5))  # no preferred supplier: left out
    made = suggestions.create_orders_from_suggestion(db, purchaser, {"warehouse_id": wh.id})
    assert len(made) == 2 and all(doc.state == DocState.DRAFT for doc in made)
    by_supplier = {doc.supplier_id: doc for doc in made}
    cola_line = by_supplier[cola.preferred_supplier_id].lines[0]
    assert (cola_line.product_id, cola_line.qty, cola_line.qty_base) == (cola.id, D(13), D(312))
    assert by_supplier[other.id].lines[0].product_id == tea.id and by_supplier[other.id].lines[0].qty == D(48)
    with pytest.raises(Conflict) as exc:
        suggestions.create_orders_from_suggestion(db, purchaser, {"warehouse_id": wh.id})
    assert exc.value.code == "nothing_to_order"


def test_orders_from_the_suggestion_take_the_last_price_paid(db, purchaser, keeper, wh, cola, make_order, receive):
    order = make_order([line(cola, 24, "2.50")])
    receive(order)
    stock(db, keeper, cola, wh, 1)
    [made] = suggestions.create_orders_from_suggestion(db, purchaser, {"warehouse_id": wh.id,
                                                                       "product_ids": [cola.id]})
    assert made.lines[0].unit_price == D("60.000000")  # a case of 24 at 2.50
