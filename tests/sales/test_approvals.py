"""Approvals with the sales rules seeded by the migration: a large order, a price below the
minimum and a customer over its credit limit each need a sales manager; credit control
may block instead; the approval inbox shows what waits for whom."""
from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp import clock
from erp.documents import approvals
from erp.documents.approval_models import ApprovalRule
from erp.documents.base import DocState
from erp.errors import Conflict, Forbidden
from erp.sales.credit import CREDIT_CONTROL, credit_status
from erp.sales.invoices.models import SalesInvoice
from erp.sales.orders import services as orders
from erp.sales.quotes import services as quotes
from erp.settings.services import set_setting
from tests.sales.conftest import line


def test_default_rules_send_large_orders_low_prices_and_credit_to_a_sales_manager(db):
    rules = db.scalars(select(ApprovalRule).where(ApprovalRule.doc_type == "sales_order")).all()
    assert {(r.level, r.flag, r.min_amount, r.permission) for r in rules} == {
        (2, None, D("50000.00"), "sales_order.approve_manager"),
        (2, "price_below_min", None, "sales_order.approve_manager"),
        (2, "over_credit_limit", None, "sales_order.approve_manager"),
    }


def test_credit_limit_exceeded_needs_a_manager(sales, people, make_customer, stocked):
    customer = make_customer(credit_limit=D("1000.00"))
    product = stocked()
    sales.full_chain(customer, [line(product, 60)])  # 600.00 owed on an approved invoice
    order = sales.order(customer, [line(product, 50)], approve=False)  # 500.00 more: 1,100 > 1,000
    orders.approve_order(sales.db, people["clerk"], order.id)
    assert order.state == DocState.PENDING and order.number is None
    [request] = approvals.inbox(sales.db, people["manager"])
    assert request.doc_id == order.id and "信用额度 1000.00" in request.reasons
    assert approvals.inbox(sales.db, people["clerk"]) == []
    with pytest.raises(Forbidden) as info:
        orders.approve_order(sales.db, people["clerk"], order.id)
    # Named by the permission's label, translated where the message is shown (经理审核销售订单…).
    assert "Manager approval of sales orders" in str(info.value)
    orders.approve_order(sales.db, people["manager"], order.id)
    assert order.state == DocState.APPROVED
    status = credit_status(sales.db, customer)
    assert (status.open_receivables, status.open_orders, status.available) == (D("600.00"), D("500.00"),
                                                                            D("-100.00"))


def test_within_the_credit_limit_the_clerk_approves_alone(sales, people, make_customer, stocked):
    customer = make_customer(credit_limit=D("1000.00"))
    order = sales.order(customer, [line(stocked(), 50)], approve=False)
    orders.approve_order(sales.db, people["clerk"], order.id)
    assert order.state == DocState.APPROVED


def test_an_overdue_invoice_raises_the_same_flag(sales, people, make_customer, stocked):
    customer = make_customer(credit_limit=D("100000.00"), payment_terms_days=10)
    product = stocked()
    *_, invoice = sales.full_chain(customer, [line(product, 5)])
    sales.db.execute(SalesInvoice.__table__.update().where(SalesInvoice.id == invoice.id)
                     .values(due_date=clock.today() - dt.timedelta(days=3)))
    order = sales.order(customer, [line(product, 5)], approve=False)
    orders.approve_order(sales.db, people["clerk"], order.id)
    assert order.state == DocState.PENDING
    assert f"逾期发票 {invoice.number}" in approvals.inbox(sales.db, people["manager"])[0].reasons


def test_with_credit_control_set_to_block_the_order_is_refused_and_nothing_is_written(
        sales, people, make_customer, stocked, make_user):
    set_setting(sales.db, make_user("admin"), CREDIT_CONTROL, "block")
    customer = make_customer(credit_limit=D("50.00"))
    order = sales.order(customer, [line(stocked(), 10)], approve=False)
    with pytest.raises(Conflict) as info:
        orders.approve_order(sales.db, people["manager"], order.id)
    assert info.value.code == "over_credit_limit" and "50.00" in str(info.value)
    assert order.state == DocState.DRAFT


def test_price_below_minimum_is_flagged_and_needs_a_manager(sales, people, make_customer, stocked):
    product = stocked(min_price=D("9.00"))
    order = sales.order(make_customer(), [line(product, 10, unit_price=D("8.50"))], approve=False)
    assert order.approval_flags(sales.db) == {"price_below_min": f"{product.sku} {product.name}: 8.5 < 9"}
    orders.approve_order(sales.db, people["clerk"], order.id)
    assert order.state == DocState.PENDING
    with pytest.raises(Forbidden):
        orders.approve_order(sales.db, people["clerk"], order.id)
    orders.approve_order(sales.db, people["manager"], order.id)
    assert order.state == DocState.APPROVED


def test_a_discount_can_take_the_price_below_the_minimum_too(sales, make_customer, stocked):
    product = stocked(min_price=D("9.50"))
    order = sales.order(make_customer(), [line(product, 1, "case", discount_rate=D("0.10"))], approve=False)
    assert "price_below_min" in order.approval_flags(sales.db)  # 10.00 − 10 % = 9.00 a bottle


def test_a_quote_below_minimum_needs_a_manager_too(sales, people, make_customer, stocked):
    product = stocked(min_price=D("9.00"))
    quote = sales.quote(make_customer(), [line(product, 10, unit_price=D("8"))])
    quotes.approve_quote(sales.db, people["clerk"], quote.id)
    assert quote.state == DocState.PENDING
    quotes.approve_quote(sales.db, people["manager"], quote.id)
    assert quote.state == DocState.APPROVED


def test_a_large_order_needs_a_manager(sales, people, make_customer, stocked):
    order = sales.order(make_customer(), [line(stocked(6000), 5001)], approve=False)  # 50,010.00
    orders.approve_order(sales.db, people["clerk"], order.id)
    assert order.state == DocState.PENDING
    assert approvals.inbox(sales.db, people["manager"])[0].next_name == "大额订单经理审批"


def test_a_third_level_where_configured_is_taken_in_order(sales, people, make_customer, stocked, make_user, db):
    db.add(ApprovalRule(doc_type="sales_order", level=3, name="财务复核", min_amount=D("100"),
                        permission="sales_invoice.approve"))
    db.flush()
    order = sales.order(make_customer(), [line(stocked(), 20)], approve=False)
    orders.approve_order(sales.db, people["manager"], order.id)
    assert order.state == DocState.PENDING
    assert approvals.inbox(sales.db, people["finance"])[0].doc_id == order.id


def test_concurrent_approvals_of_one_order_let_exactly_one_win(fresh_sessions):
    """Two managers press approve at the same moment: one approves, the other gets a 409."""
    from erp.auth.models import User
    from erp.auth.services import create_user
    from erp.errors import ErpError
    from tests import factories

    setup = fresh_sessions()
    managers = [create_user(setup, None, username=f"m{i}", display_name=f"经理{i}", password="Manager-123",
                            roles=["sales_manager"]).id for i in range(2)]
    clerk = create_user(setup, None, username="c0", display_name="客服", password="Clerk-1234", roles=["sales_clerk"])
    warehouse = factories.warehouse(setup)
    doc = orders.create_order(setup, clerk, {"customer_id": factories.customer(setup).id, "warehouse_id": warehouse.id,
                                             "lines": [{"product_id": factories.product(setup).id, "qty": D(3)}]})
    setup.commit()
    doc_id = doc.id
    setup.close()
    outcomes, barrier = [], threading.Barrier(2)

    def approve(user_id):
        barrier.wait(timeout=30)
        session = fresh_sessions()
        try:
            orders.approve_order(session, session.get(User, user_id), doc_id)
            session.commit()
            outcomes.append("approved")
        except ErpError as exc:
            session.rollback()
            outcomes.append(str(exc.status))
        except Exception as exc:  # noqa: BLE001 - a StaleDataError maps to 409 in the web layer
            session.rollback()
            outcomes.append(type(exc).__name__)
        finally:
            session.close()

    threads = [threading.Thread(target=approve, args=(m,)) for m in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["409", "approved"]
    check = fresh_sessions()
    from erp.sales.orders.models import SalesOrder

    assert check.get(SalesOrder, doc_id).number.endswith("-0001")
    check.close()


def test_returned_goods_and_orders_closed_short_leave_the_credit_exposure(sales, people, make_customer, stocked):
    customer = make_customer(credit_limit=D("100000.00"))
    product = stocked()
    order, note, outbound, invoice = sales.full_chain(customer, [line(product, 10)])
    back = sales.give_back(outbound, [{"origin_line_id": outbound.lines[0].id, "qty": D(2)}])
    sales.credit(back)
    status = credit_status(sales.db, customer)
    assert (status.open_receivables, status.open_orders) == (D("80.00"), D("0.00"))
    short = sales.order(customer, [line(product, 10)])
    sales.ship(sales.deliver(short, [{"origin_line_id": short.lines[0].id, "qty": D(4)}]))
    assert credit_status(sales.db, customer).open_orders == D("100.00")
    orders.close_order(sales.db, people["manager"], short.id, "缺货")
    assert credit_status(sales.db, customer).open_orders == D("40.00")  # delivered, not yet invoiced
