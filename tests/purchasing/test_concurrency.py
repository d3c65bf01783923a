"""Two keepers receive the same order at the same moment, each in a session of their own
with a real commit: the order is locked while a receipt is made from it, so the second
sees the first's draft and cannot take more than the order allows."""
from __future__ import annotations

import threading
from decimal import Decimal as D

from erp.errors import ErpError
from tests import factories


def test_two_concurrent_receipts_of_the_same_order_cannot_both_take_the_remainder(fresh_sessions):
    from erp.auth.models import User
    from purchasing.orders import services as orders
    from purchasing.receipts import services as receipts
    from purchasing.receipts.models import GoodsReceipt

    setup = fresh_sessions()
    buyer = factories.user(setup, ("purchaser",))
    keepers = [factories.user(setup, ("warehouse",)).id for _ in range(2)]
    supplier, warehouse = factories.supplier(setup), factories.warehouse(setup)
    product = factories.product(setup, case_factor=None)
    order = orders.create_order(setup, buyer, {"supplier_id": supplier.id, "warehouse_id": warehouse.id, "lines": [
        {"product_id": product.id, "qty": D(100), "unit_price": D("2.00")}]})
    orders.approve_order(setup, buyer, order.id)
    setup.commit()
    order_id, line_id = order.id, order.lines[0].id
    setup.close()

    outcomes, barrier = [], threading.Barrier(2)

    def receive(user_id):
        barrier.wait(timeout=30)  # before any query: on SQLite the first query takes the write lock
        session = fresh_sessions()
        try:
            actor = session.get(User, user_id)
            receipts.make_goods_receipt(session, actor, order_id, {"lines": [
                {"origin_line_id": line_id, "qty": D(60)}]})
            session.commit()
            outcomes.append("made")
        except ErpError as exc:
            session.rollback()
            outcomes.append(exc.status)
        finally:
            session.close()

    threads = [threading.Thread(target=receive, args=(k,)) for k in keepers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str) == [422, "made"]
    check = fresh_sessions()
    from sqlalchemy import func, select

    assert check.scalar(select(func.count()).select_from(GoodsReceipt)) == 1
    check.close()
