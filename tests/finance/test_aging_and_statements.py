"""Aging on fixed dates, the collections list, and statements that add up."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from erp.errors import NotFound
from erp.settings.services import set_setting
from finance.allocation import services as allocation
from finance.receivables import aging, statement

AS_OF = dt.date(2025, 7, 15)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def aged(books, make_customer, people):
    """One customer (30 days' terms) with an invoice in every bucket on 2025-07-15."""
    customer = make_customer(payment_terms_days=30, salesperson=people["clerk"])
    invoices = {
        "not_due": books.invoice(customer, "10.00", day("2025-06-20")),      # due 07-20
        "d1_30": books.invoice(customer, "20.00", day("2025-06-15")),        # due 07-15: due today, not overdue
        "d1_30b": books.invoice(customer, "21.00", day("2025-05-16")),       # due 06-15: 30 days
        "d31_60": books.invoice(customer, "30.00", day("2025-05-15")),       # due 06-14: 31 days
        "d61_90": books.invoice(customer, "40.00", day("2025-04-01")),       # due 05-01: 75 days
        "over_90": books.invoice(customer, "50.00", day("2025-01-10")),      # due 02-09: 156 days
        "later": books.invoice(customer, "99.00", day("2025-07-20")),        # after the date asked
    }
    return customer, invoices


def test_aging_buckets_on_fixed_dates(db, books, aged, people):
    customer, invoices = aged
    report = aging.receivables_aging(db, people["finance"], as_of=AS_OF, customer_id=customer.id)
    assert [b.key for b in report.buckets] == ["not_due", "d1_30", "d31_60", "d61_90", "over_90"]
    [row] = report.rows
    assert row.amounts == [D("30.00"), D("21.00"), D("30.00"), D("40.00"), D("50.00")]
    assert row.total == D("171.00") and row.overdue == D("141.00")
    detail = {r.number: (r.days_overdue, r.bucket) for r in aging.open_invoices(
        db, people["finance"], as_of=AS_OF, customer_id=customer.id)}
    assert detail[invoices["d1_30b"].number] == (30, "d1_30")
    assert detail[invoices["d31_60"].number] == (31, "d31_60")
    assert detail[invoices["d1_30"].number] == (0, "not_due")
    assert invoices["later"].number not in detail


def test_aging_as_of_a_date_ignores_later_receipts_and_shows_unapplied_money(db, books, aged, people):
    customer, invoices = aged
    receipt = books.receipt(customer, "80.00", day("2025-08-01"))
    allocation.allocate_receipt(db, people["finance"], receipt.id, {
        "lines": [{"invoice_id": invoices["over_90"].id, "amount": D("50.00")}], "alloc_date": day("2025-08-01")})
    before = aging.receivables_aging(db, people["finance"], as_of=AS_OF, customer_id=customer.id).rows[0]
    assert before.amounts[-1] == D("50.00") and before.unapplied == D("0")
    after = aging.receivables_aging(db, people["finance"], as_of=day("2025-08-01"), customer_id=customer.id).rows[0]
    # the 156-day invoice is paid; the one due 05-01 is now 92 days overdue
    assert after.amounts[-1] == D("40.00") and after.unapplied == D("30.00")
    assert after.balance == after.total - D("30.00")


def test_buckets_follow_the_admins_setting(db, books, aged, people):
    customer, _ = aged
    set_setting(db, people["admin"], "finance.aging_buckets", "60,120")
    row = aging.receivables_aging(db, people["finance"], as_of=AS_OF, customer_id=customer.id).rows[0]
    assert row.amounts == [D("30.00"), D("51.00"), D("40.00"), D("50.00")]


def test_the_overdue_list_puts_the_most_overdue_first(db, books, aged, people):
    customer, invoices = aged
    rows = aging.overdue_list(db, people["finance"], as_of=AS_OF, min_days=31)
    mine = [r.number for r in rows if r.customer_id == customer.id]
    assert mine == [invoices[k].number for k in ("over_90", "d61_90", "d31_60")]


def test_a_salesperson_sees_the_aging_of_their_own_customers_only(db, books, aged, people, make_user):
    customer, _ = aged
    other = make_user("sales_clerk")
    assert [r.customer_id for r in aging.receivables_aging(db, people["clerk"], as_of=AS_OF).rows] == [customer.id]
    assert aging.receivables_aging(db, other, as_of=AS_OF).rows == []
    with pytest.raises(NotFound):
        statement.customer_statement(db, other, customer.id, day("2025-01-01"), AS_OF)
    salesperson_filter = aging.receivables_aging(db, other, as_of=AS_OF, salesperson_id=people["clerk"].id)
    assert salesperson_filter.rows == []  # asking for someone else's customers shows nothing


def test_statement_opening_plus_movements_is_the_closing_balance(db, books, make_customer, people):
    customer = make_customer(payment_terms_days=30)
    first = books.invoice(customer, "100.00", day("2025-05-20"))
    early = books.receipt(customer, "40.00", day("2025-05-25"))
    allocation.allocate_receipt(db, people["finance"], early.id, {
        "lines": [{"invoice_id": first.id, "amount": D("40.00")}], "alloc_date": day("2025-05-25")})
    second = books.invoice(customer, "250.00", day("2025-06-03"))
    books.credit(second, "20.00", day("2025-06-10"))
    june = books.receipt(customer, "300.00", day("2025-06-20"))
    allocation.allocate_receipt(db, people["finance"], june.id, {
        "lines": [{"invoice_id": first.id, "amount": D("60.00")}, {"invoice_id": second.id, "amount": D("230.00")}],
        "alloc_date": day("2025-06-20")})
    result = statement.customer_statement(db, people["finance"], customer.id, day("2025-06-01"), day("2025-06-30"))
    assert result.opening == D("60.00")
    assert (result.invoiced, result.credited, result.received) == (D("250.00"), D("20.00"), D("300.00"))
    assert result.closing == result.opening + result.invoiced - result.credited - result.received - result.written_off
    assert result.closing == D("-10.00")  # 10.00 paid in advance
    assert [line.balance for line in result.lines] == [D("310.00"), D("290.00"), D("-10.00")]
    assert [(a.invoice, a.amount) for a in result.allocations] == [(first.number, D("60.00")),
                                                                     (second.number, D("230.00"))]
    july = statement.customer_statement(db, people["finance"], customer.id, day("2025-07-01"), day("2025-07-31"))
    assert july.opening == july.closing == D("-10.00") and july.lines == []
