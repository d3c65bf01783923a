"""Supplier invoices (采购发票): made from goods receipts of one supplier, matched three ways
against the order and the receipt, approved into the payables ledger; purchase returns
after invoicing become credits against the invoice."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from erp.checks import run_checks
from erp.documents.base import DocState
from erp.errors import Conflict, DownstreamExists, Forbidden, PeriodClosed, ValidationFailed
from erp.periods.models import Period
from finance.ledger import services as ledger
from finance.ledger.models import Side
from purchasing.invoices import matching
from purchasing.invoices import services as invoices
from purchasing.invoices.models import SupplierCredit, SupplierInvoice
from purchasing.receipts import services as receipts
from purchasing.returns import services as returns
from tests.purchasing.conftest import TODAY, days


def count(db, cls) -> int:
    return db.scalar(select(func.count()).select_from(cls))


def charge_of(db, invoice):
    return ledger.item_of(db, "supplier_invoice", invoice.id)


def no_problems(db):
    return [(name, problems) for name, problems in run_checks(db) if problems] == []


def test_an_invoice_with_a_price_difference_needs_a_manager_to_approve_it(
        db, accountant, manager, supplier, cola, make_order, receive, bill):
    # 100 bottles ordered at 11.30 with VAT, received 60 and then 40 in two batches.
    order = make_order([(cola, 100, "11.30")])
    line = order.lines[0]
    first = receive(order, [(line, 60, "L2401", days(200))])
    second = receive(order, [(line, 40, "L2402", days(300))])

    # The supplier bills both deliveries on one invoice, the second at 11.50 a bottle (1.8 % more).
    invoice = bill([first, second], "SH-20240701", [(first.lines[0], 60), (second.lines[0], 40, "11.50")])
    assert invoice.state == DocState.PENDING  # finance approved its level; a manager's is missing
    assert set(invoice.approval_flags(db)) == {"price_mismatch"}
    result = {m.line.origin_line_id: m for m in matching.match_invoice(db, invoice)}
    assert result[first.lines[0].id].status == "ok"
    mismatch = result[second.lines[0].id]
    assert (mismatch.status, mismatch.order_price, mismatch.receipt_price) == ("price_mismatch", D("11.30"),
                                                                              D("11.30"))
    assert charge_of(db, invoice) is None  # nothing is owed before the last approval
    with pytest.raises(Forbidden):
        invoices.approve_supplier_invoice(db, accountant, invoice.id)

    invoices.approve_supplier_invoice(db, manager, invoice.id)
    assert invoice.state == DocState.APPROVED and invoice.number.startswith("CGFP")
    assert (invoice.total_net, invoice.total_tax, invoice.total_gross) == (D("1007.08"), D("130.92"), D("1138.00"))
    assert invoice.due_date == TODAY + dt.timedelta(days=30)  # the supplier's payment terms
    charge = charge_of(db, invoice)
    assert (charge.side, charge.party_id, charge.amount, charge.amount_open) == (
        Side.PAYABLE, supplier.id, D("1138.00"), D("1138.00"))
    assert (charge.due_date, charge.reference) == (invoice.due_date, "SH-20240701")
    assert (first.lines[0].qty_invoiced, first.lines[0].amount_invoiced) == (D(60), D("678.00"))
    assert (second.lines[0].qty_invoiced, second.lines[0].amount_invoiced) == (D(40), D("460.00"))
    assert no_problems(db)


def test_an_invoice_at_the_order_prices_is_approved_by_finance_alone(db, supplier, cola, make_order, receive, bill):
    supplier.payment_terms_days = 45
    order = make_order([(cola, 24, "11.30")])
    receipt = receive(order, [(order.lines[0], 24, "L1", days(100))])
    invoice = bill(receipt, "INV-1", supplier_invoice_date=days(-2))
    assert invoice.state == DocState.APPROVED and invoice.approval_flags(db) == {}
    assert invoice.lines[0].qty == D(24) and invoice.total_gross == D("271.20")
    assert invoice.due_date == days(43)
    assert charge_of(db, invoice).amount_open == D("271.20")


def test_a_price_within_the_tolerance_is_no_mismatch(db, cola, make_order, receive, bill):
    order = make_order([(cola, 10, "11.30")])
    receipt = receive(order, [(order.lines[0], 10, "L1", days(100))])
    invoice = bill(receipt, "INV-2", [(receipt.lines[0], 10, "11.40")])  # 0.9 % more
    assert invoice.state == DocState.APPROVED


def test_part_of_a_receipt_is_invoiced_and_the_rest_stays_to_invoice(db, accountant, cola, make_order, receive,
                                                                     bill):
    order = make_order([(cola, 100, "11.30")])
    receipt = receive(order, [(order.lines[0], 100, "L1", days(100))])
    part = bill(receipt, "P-1", [(receipt.lines[0], 30)])
    assert part.state == DocState.APPROVED and receipt.lines[0].qty_to_invoice == D(70)
    draft = bill(receipt, "P-2", approve=False)  # all that remains
    assert draft.lines[0].qty_base == D(70)
    with pytest.raises(Conflict) as nothing:  # a draft counts: nothing is made twice
        bill(receipt, "P-3", approve=False)
    assert nothing.value.code == "nothing_remains"
    invoices.approve_supplier_invoice(db, accountant, draft.id)
    assert receipt.lines[0].qty_invoiced == D(100) and receipt.lines[0].amount_invoiced == D("1130.00")


def test_billing_more_than_was_ordered_needs_a_manager(db, accountant, manager, cola, make_order, receive, bill):
    order = make_order([(cola, 100, "11.30")])
    receipt = receive(order, [(order.lines[0], 104, "L1", days(100))])  # within the 5 % over-receipt tolerance
    invoice = bill(receipt, "Q-1")
    assert invoice.state == DocState.PENDING and set(invoice.approval_flags(db)) == {"qty_mismatch"}
    assert matching.match_invoice(db, invoice)[0].status == "qty_mismatch"
    invoices.approve_supplier_invoice(db, manager, invoice.id)
    assert invoice.state == DocState.APPROVED


def test_another_suppliers_receipt_is_refused_naming_it(db, make_supplier, make_order, receive, bill, cola,
                                                        purchaser, wh):
    from purchasing.orders import services as orders
    from tests.purchasing.conftest import line

    order = make_order([(cola, 10, "11.30")])
    ours = receive(order, [(order.lines[0], 10, "L1", days(100))])
    other_supplier = make_supplier(name="另一家供应商")
    other_order = orders.create_order(db, purchaser, {"supplier_id": other_supplier.id, "warehouse_id": wh.id,
                                                      "lines": [line(cola, 5)]})
    orders.approve_order(db, purchaser, other_order.id)
    theirs = receive(other_order, [(other_order.lines[0], 5, "X1", days(100))])
    before = count(db, SupplierInvoice)
    with pytest.raises(Conflict) as refused:
        bill([ours, theirs], "MIX-1")
    assert refused.value.code == "other_supplier" and theirs.number in str(refused.value)
    assert count(db, SupplierInvoice) == before


def test_quantities_beyond_what_remains_are_refused_naming_what_remains(db, cola, make_order, receive, send_back,
                                                                        bill):
    order = make_order([(cola, 10, "11.30")])
    receipt = receive(order, [(order.lines[0], 10, "L1", days(100))])
    send_back(receipt, [(receipt.lines[0], 2)])  # a return before invoicing: 8 are left to bill
    with pytest.raises(ValidationFailed) as refused:
        bill(receipt, "TOO-MANY", [(receipt.lines[0], 9)])
    assert "only 8" in str(refused.value) and refused.value.fields["lines"][0]["qty"]
    invoice = bill(receipt, "RIGHT")
    assert invoice.lines[0].qty_base == D(8) and invoice.total_gross == D("90.40")


def test_a_receipt_that_was_invoiced_cannot_be_unapproved(db, keeper, cola, make_order, receive, bill):
    order = make_order([(cola, 10, "11.30")])
    receipt = receive(order, [(order.lines[0], 10, "L1", days(100))])
    bill(receipt, "D-1", approve=False)
    with pytest.raises(DownstreamExists):
        receipts.unapprove_goods_receipt(db, keeper, receipt.id)


def test_unapprove_gives_the_quantities_back_and_is_refused_once_paid(db, accountant, supplier, cola, make_order,
                                                                      receive, bill, pay, allocate):
    order = make_order([(cola, 10, "11.30")])
    receipt = receive(order, [(order.lines[0], 10, "L1", days(100))])
    invoice = bill(receipt, "U-1")
    invoices.unapprove_supplier_invoice(db, accountant, invoice.id, "录错了")
    assert invoice.state == DocState.DRAFT and receipt.lines[0].qty_invoiced == D(0)
    assert charge_of(db, invoice).amount == D(0)
    invoices.approve_supplier_invoice(db, accountant, invoice.id)
    allocate(pay(supplier, "50.00"), [(invoice, "50.00")])
    with pytest.raises(Conflict) as refused:
        invoices.unapprove_supplier_invoice(db, accountant, invoice.id)
    assert refused.value.code == "item_settled"
    with pytest.raises(Conflict):
        invoices.cancel_supplier_invoice(db, accountant, invoice.id)
    assert invoice.state == DocState.APPROVED and receipt.lines[0].qty_invoiced == D(10)


def test_the_suppliers_invoice_number_is_entered_once(db, cola, make_order, receive, bill):
    order = make_order([(cola, 20, "11.30")])
    receipt = receive(order, [(order.lines[0], 20, "L1", days(100))])
    bill(receipt, "SAME-1", [(receipt.lines[0], 10)])
    with pytest.raises(Conflict) as twice:
        bill(receipt, "SAME-1", [(receipt.lines[0], 10)])
    assert twice.value.code == "duplicate_invoice"


def test_nothing_is_invoiced_in_a_closed_period(db, cola, make_order, receive, bill):
    order = make_order([(cola, 10, "11.30")])
    receipt = receive(order, [(order.lines[0], 10, "L1", days(100))])
    last_month = TODAY.replace(day=1) - dt.timedelta(days=1)
    db.add(Period(month=last_month.strftime("%Y-%m"), closed=True))
    db.flush()
    db.info.pop("closed_months", None)
    with pytest.raises(PeriodClosed):
        bill(receipt, "OLD-1", doc_date=last_month)


def test_a_return_after_invoicing_is_credited_against_the_invoice_at_its_price(
        db, keeper, supplier, cola, make_order, receive, send_back, bill):
    order = make_order([(cola, 100, "11.30")])
    receipt = receive(order, [(order.lines[0], 100, "L1", days(100))])
    invoice = bill(receipt, "R-1", [(receipt.lines[0], 60)])  # 60 billed, 40 not yet

    # 30 go back: they come out of the 40 not billed; nothing to credit.
    first = send_back(receipt, [(receipt.lines[0], 30)])
    assert count(db, SupplierCredit) == 0 and receipt.lines[0].qty_to_invoice == D(10)

    # 25 more go back: 10 were not billed, 15 were — the invoice is credited 15 × 11.30.
    second = send_back(receipt, [(receipt.lines[0], 25)])
    credit = db.scalars(select(SupplierCredit)).one()
    assert (credit.invoice_id, credit.qty_base, credit.amount) == (invoice.id, D(15), D("169.50"))
    assert invoice.lines[0].qty_credited == D(15) and invoice.credited == D("169.50")
    assert charge_of(db, invoice).amount_open == D("508.50")
    line = receipt.lines[0]
    assert (line.qty_kept, line.qty_invoiced, line.qty_to_invoice) == (D(45), D(45), D(0))
    assert no_problems(db)

    # Unapproving the return gives the credit back.
    returns.unapprove_purchase_return(db, keeper, second.id, "退错了")
    assert charge_of(db, invoice).amount_open == D("678.00") and invoice.lines[0].qty_credited == D(0)
    assert receipt.lines[0].qty_invoiced == D(60) and db.scalars(select(SupplierCredit)).one().reversed
    assert first.state == DocState.APPROVED and no_problems(db)


def test_a_return_of_goods_on_a_paid_invoice_asks_to_reverse_the_payment_first(
        db, keeper, supplier, cola, make_order, receive, send_back, bill, pay, allocate):
    order = make_order([(cola, 10, "11.30")])
    receipt = receive(order, [(order.lines[0], 10, "L1", days(100))])
    invoice = bill(receipt, "PAID-1")
    allocate(pay(supplier, "113.00"), [(invoice, "113.00")])
    back = send_back(receipt, [(receipt.lines[0], 2)], approve=False)
    with pytest.raises(Conflict) as refused:
        returns.approve_purchase_return(db, keeper, back.id)
    assert refused.value.code == "invoice_paid" and invoice.number in str(refused.value)


def test_an_invoice_with_a_credit_cannot_be_unapproved(db, accountant, cola, make_order, receive, send_back, bill):
    order = make_order([(cola, 10, "11.30")])
    receipt = receive(order, [(order.lines[0], 10, "L1", days(100))])
    invoice = bill(receipt, "C-1")
    send_back(receipt, [(receipt.lines[0], 1)])
    with pytest.raises(Conflict) as refused:
        invoices.unapprove_supplier_invoice(db, accountant, invoice.id)
    assert refused.value.code == "item_settled"
