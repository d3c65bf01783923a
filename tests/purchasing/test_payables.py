"""Payables reports: the aging by supplier on fixed dates, the supplier statement (it
agrees with the ledger), and the supplier purchase-sales-inventory report (供应商进销存)
on a small data set made by hand."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from finance.ledger.models import Side
from finance.ledger.queries import balance_as_of
from inventory.outbounds import services as outbounds
from inventory.stock_ins import services as stock_ins
from purchasing.orders import services as orders
from purchasing.payables.aging import open_supplier_invoices, payables_aging
from purchasing.payables.psi import supplier_psi
from purchasing.payables.statement import supplier_statement
from purchasing.payments import allocation
from tests.purchasing.conftest import line

JAN10, FEB20, MAR25 = dt.date(2025, 1, 10), dt.date(2025, 2, 20), dt.date(2025, 3, 25)


def day(month: int, d: int) -> dt.date:
    return dt.date(2025, month, d)


@pytest.fixture
def delivered(make_order, receive, water):
    """``delivered(qty, price, on)``: an approved receipt of water, dated ``on``."""

    def make(qty, price, on, **header):
        order = make_order([(water, qty, price)], doc_date=on, **header)
        return receive(order, doc_date=on)

    return make


def test_payables_aging_on_fixed_dates(db, accountant, manager, supplier, delivered, bill, pay, allocate):
    # Three invoices on 30 days' terms: due 9 February, 22 March and 24 April.
    a = bill(delivered(100, "10.00", JAN10), "A", supplier_invoice_date=JAN10, doc_date=JAN10)
    b = bill(delivered(50, "10.00", FEB20), "B", supplier_invoice_date=FEB20, doc_date=FEB20)
    c = bill(delivered(20, "10.00", MAR25), "C", supplier_invoice_date=MAR25, doc_date=MAR25)
    assert [x.due_date for x in (a, b, c)] == [day(2, 9), day(3, 22), day(4, 24)]
    payment = pay(supplier, "450.00", doc_date=day(3, 15))
    allocate(payment, [(a, "400.00")], alloc_date=day(3, 15))  # 50.00 stays unapplied

    end_of_february = payables_aging(db, accountant, as_of=day(2, 28))
    assert [b.key for b in end_of_february.buckets] == ["not_due", "d1_30", "d31_60", "d61_90", "over_90"]
    row = end_of_february.rows[0]
    assert (row.supplier_id, row.amounts) == (supplier.id, [D("500.00"), D("1000.00"), D(0), D(0), D(0)])
    assert (row.unapplied, row.balance) == (D(0), D("1500.00"))

    end_of_march = payables_aging(db, accountant, as_of=day(3, 31))
    row = end_of_march.rows[0]
    assert row.amounts == [D("200.00"), D("500.00"), D("600.00"), D(0), D(0)]
    assert (row.total, row.overdue, row.unapplied, row.balance) == (D("1300.00"), D("1100.00"), D("50.00"),
                                                                    D("1250.00"))
    assert row.balance == balance_as_of(db, Side.PAYABLE, supplier.id, day(3, 31))
    assert end_of_march.totals == row.amounts

    in_june = payables_aging(db, accountant, as_of=day(6, 1))
    assert in_june.rows[0].amounts == [D(0), D(0), D("200.00"), D("500.00"), D("600.00")]

    behind = open_supplier_invoices(db, accountant, as_of=day(3, 31), supplier_id=supplier.id, bucket="d31_60")
    assert [(r.number, r.supplier_invoice_no, r.open_amount, r.days_overdue) for r in behind] == [
        (a.number, "A", D("600.00"), 50)]
    assert payables_aging(db, accountant, as_of=day(3, 31), overdue_only=True).rows


def test_the_supplier_statement_agrees_with_the_ledger(db, accountant, keeper, supplier, delivered, bill, pay,
                                                      allocate, send_back):
    before = delivered(30, "10.00", JAN10)
    bill(before, "OLD", supplier_invoice_date=JAN10, doc_date=JAN10)  # before the period: the opening
    receipt = delivered(100, "10.00", FEB20)
    invoice = bill(receipt, "FEB", supplier_invoice_date=FEB20, doc_date=FEB20)
    first = pay(supplier, "600.00", doc_date=day(3, 1))
    allocate(first, [(invoice, "600.00")], alloc_date=day(3, 1))
    send_back(receipt, [(receipt.lines[0], 10)], doc_date=day(3, 5))  # billed already: credited 100.00
    second = pay(supplier, "500.00", doc_date=day(3, 20))  # 200.00 more than is open: a prepayment
    made = allocate(second, [(invoice, "300.00")], alloc_date=day(3, 20))
    allocation.reverse_payment_allocation(db, accountant, made[0].id, {"reason": "重新核销",
                                                                       "reversal_date": day(3, 21)})

    statement = supplier_statement(db, accountant, supplier.id, day(2, 1), day(3, 31))
    assert statement.opening == D("300.00") == balance_as_of(db, Side.PAYABLE, supplier.id, day(1, 31))
    kinds = [(line.entry_date, line.entry_type.value, line.debit, line.credit) for line in statement.lines]
    assert kinds == [(FEB20, "invoice", D(0), D("1000.00")), (day(3, 1), "payment", D("600.00"), D(0)),
                     (day(3, 5), "credit_note", D("100.00"), D(0)), (day(3, 20), "payment", D("500.00"), D(0))]
    assert (statement.invoiced, statement.credited, statement.paid) == (D("1000.00"), D("100.00"), D("1100.00"))
    movements = statement.total_credit - statement.total_debit
    assert statement.opening + movements == statement.closing == D("100.00")
    assert statement.closing == balance_as_of(db, Side.PAYABLE, supplier.id, day(3, 31))
    assert [(a.amount, a.reversed) for a in statement.allocations] == [(D("600.00"), False), (D("300.00"), True)]

    # Any period: opening + movements = closing = the ledger's balance on its last day.
    for start, end in ((day(1, 1), day(1, 31)), (day(3, 2), day(3, 19)), (day(1, 1), day(12, 31))):
        s = supplier_statement(db, accountant, supplier.id, start, end)
        assert s.opening + s.total_credit - s.total_debit == s.closing
        assert s.closing == balance_as_of(db, Side.PAYABLE, supplier.id, end)


def sell(db, actor, warehouse, product, qty, on, batch=None):
    doc = outbounds.create_outbound(db, actor, {"warehouse_id": warehouse.id, "doc_date": on, "lines": [
        {"product_id": product.id, "unit_id": product.base_unit_id, "qty": D(qty),
         **({"batch_id": batch.id} if batch else {})}]})
    outbounds.approve_outbound(db, actor, doc.id)
    return doc


def test_supplier_psi_numbers_on_a_hand_made_data_set(db, accountant, purchaser, keeper, manager, wh, supplier,
                                                      make_supplier, cola, water, receive, send_back):
    other = make_supplier(name="第二供应商")
    water.preferred_supplier_id = supplier.id
    cola.preferred_supplier_id = other.id

    def bought(from_supplier, product, qty, on, batch_no=None):
        order = orders.create_order(db, purchaser, {"supplier_id": from_supplier.id, "warehouse_id": wh.id,
                                                    "doc_date": on, "lines": [line(product, qty, "11.30")]})
        orders.approve_order(db, purchaser, order.id)
        parts = [(order.lines[0], qty, batch_no, day(12, 31))] if batch_no else None
        return receive(order, parts, doc_date=on)

    # Opening stock of cola without a supplier on its batch: it counts for cola's preferred supplier.
    opening = stock_ins.create_stock_in(db, keeper, {"warehouse_id": wh.id, "reason": "opening", "doc_date": day(1, 2),
                                                     "lines": [{"product_id": cola.id, "qty": D(12),
                                                                "unit_cost": D("9.00"), "batch_no": "OPEN",
                                                                "expiry_date": day(12, 31)}]})
    stock_ins.approve_stock_in(db, keeper, opening.id)
    first = bought(supplier, cola, 100, day(2, 1), "L1")
    bought(other, cola, 50, day(2, 2), "L2")
    bought(other, water, 40, day(2, 3))
    send_back(first, [(first.lines[0], 5)], doc_date=day(2, 10))
    l1, l2, batch_open = first.lines[0].batch, *(b for b in _batches(db, cola) if b.batch_no in ("L2", "OPEN"))
    sell(db, keeper, wh, cola, 30, day(2, 15), l1)
    sell(db, keeper, wh, cola, 20, day(2, 16), l2)
    sell(db, keeper, wh, cola, 2, day(2, 17), batch_open)
    sell(db, keeper, wh, water, 10, day(2, 18))
    sell(db, keeper, wh, cola, 7, day(3, 5), l1)  # after the period: neither sold nor gone from the stock

    rows = supplier_psi(db, accountant, date_from=day(2, 1), date_to=day(2, 28))
    got = {(r.supplier.id, r.product.id): (r.bought, r.returned, r.sold, r.in_stock) for r in rows}
    assert got == {
        (supplier.id, cola.id): (D(100), D(5), D(30), D(65)),
        (other.id, cola.id): (D(50), D(0), D(22), D(40)),   # its batch L2, and the opening batch (preferred)
        (supplier.id, water.id): (D(0), D(0), D(10), D(30)),  # no batches: the preferred supplier's
        (other.id, water.id): (D(40), D(0), D(0), D(0)),
    }
    amounts = {(r.supplier.id, r.product.id): (r.bought_amount, r.returned_amount) for r in rows}
    assert amounts[(supplier.id, cola.id)] == (D("1130.00"), D("56.50"))
    only = supplier_psi(db, accountant, date_from=day(2, 1), date_to=day(2, 28), supplier_id=other.id)
    assert {r.product.id for r in only} == {cola.id, water.id} and all(r.supplier.id == other.id for r in only)
    march = supplier_psi(db, accountant, date_from=day(3, 1), date_to=day(3, 31), supplier_id=supplier.id)
    assert {r.product.id: (r.bought, r.sold, r.in_stock) for r in march} == {
        cola.id: (D(0), D(7), D(58)), water.id: (D(0), D(0), D(30))}


def _batches(db, product):
    from sqlalchemy import select

    from inventory.batches.models import Batch

    return list(db.scalars(select(Batch).where(Batch.product_id == product.id).order_by(Batch.batch_no)))
