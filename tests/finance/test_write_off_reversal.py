"""Taking back a write-off (取消尾差核销): the difference is open again on the invoice or the
receipt, the ledger shows the reversal with its date, and the books still add up — through
the service, the API and the invoice's page."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.errors import Conflict, Forbidden, NotFound, PeriodClosed, ValidationFailed
from erp.periods.models import Period
from erp.periods.services import forget_closed_periods
from finance.allocation import services as allocation
from finance.ledger.models import EntryType, LedgerEntry
from finance.ledger.queries import item_open_as_of
from finance.receivables.statement import customer_statement
from tests.finance.conftest import TODAY, days
from tests.finance.test_allocation_scenarios import lines, no_problems, open_of


@pytest.fixture
def written_off(db, books, make_customer):
    """An invoice of 100.00 paid 99.98, its 0.02 written off three days ago."""
    customer = make_customer()
    invoice = books.invoice(customer, "100.00", days(-10))
    receipt = books.receipt(customer, "99.98")
    finance = books.people["finance"]
    allocation.allocate_receipt(db, finance, receipt.id, lines(receipt, (invoice, "99.98")))
    done = allocation.write_off_difference(db, finance, {"invoice_id": invoice.id, "reason": "尾差",
                                                         "wo_date": days(-3)})
    assert open_of(db, invoice) == D("0.00")
    return invoice, done


def test_a_reversed_write_off_opens_the_difference_again(db, books, written_off):
    invoice, done = written_off
    finance = books.people["finance"]
    back = allocation.reverse_write_off(db, finance, done.id, {"reason": "客户愿意补付"})
    assert back.reversed and back.reversal.reversal_date == TODAY and back.reversal.reason == "客户愿意补付"
    assert open_of(db, invoice) == D("0.02")
    entries = db.execute(select(LedgerEntry.entry_type, LedgerEntry.amount, LedgerEntry.entry_date)
                         .where(LedgerEntry.write_off_id == done.id).order_by(LedgerEntry.id)).all()
    assert entries == [(EntryType.WRITE_OFF, D("-0.02"), days(-3)), (EntryType.WRITE_OFF_REVERSAL, D("0.02"), TODAY)]
    item = allocation.invoice_item(db, invoice.id)
    assert item_open_as_of(db, item.id, days(-1)) == D("99.98")  # the past stays as it was (paid today)
    assert item_open_as_of(db, item.id, TODAY) == D("0.02")
    statement = customer_statement(db, finance, invoice.customer_id, days(-30), TODAY)
    written = (EntryType.WRITE_OFF, EntryType.WRITE_OFF_REVERSAL)
    assert [(line.entry_type, line.number, line.debit, line.credit) for line in statement.lines
            if line.entry_type in written] == [(EntryType.WRITE_OFF, invoice.number, D("0.00"), D("0.02")),
                                               (EntryType.WRITE_OFF_REVERSAL, invoice.number, D("0.02"), D("0.00"))]
    assert statement.written_off == D("0.00") and statement.closing == D("0.02")
    assert no_problems(db)
    # and it can be written off again
    again = allocation.write_off_difference(db, finance, {"invoice_id": invoice.id, "reason": "尾差"})
    assert again.amount == D("0.02") and open_of(db, invoice) == D("0.00") and no_problems(db)


def test_refusals_change_nothing(db, books, written_off):
    invoice, done = written_off
    finance = books.people["finance"]
    with pytest.raises(Forbidden):
        allocation.reverse_write_off(db, books.people["clerk"], done.id, {})
    with pytest.raises(ValidationFailed) as early:
        allocation.reverse_write_off(db, finance, done.id, {"reversal_date": days(-4)})
    assert "reversal_date" in early.value.fields
    with pytest.raises(NotFound):
        allocation.reverse_write_off(db, finance, done.id + 1000, {})
    assert open_of(db, invoice) == D("0.00")
    allocation.reverse_write_off(db, finance, done.id, {})
    with pytest.raises(Conflict) as twice:
        allocation.reverse_write_off(db, finance, done.id, {})
    assert twice.value.code == "reversed_already" and open_of(db, invoice) == D("0.02")


def test_a_payable_write_off_is_not_reversed_as_a_receivable(db, books, written_off):
    from purchasing.payments import allocation as payables

    _invoice, done = written_off
    with pytest.raises(NotFound):
        payables.reverse_payable_write_off(db, books.people["finance"], done.id, {})


def test_a_reversal_in_a_closed_month_is_refused(db, books, written_off):
    invoice, done = written_off
    db.add(Period(month=TODAY.strftime("%Y-%m"), closed=True))
    db.flush()
    forget_closed_periods(db)
    with pytest.raises(PeriodClosed):
        allocation.reverse_write_off(db, books.people["finance"], done.id, {})
    assert open_of(db, invoice) == D("0.00")


def test_through_the_api_and_the_invoice_page(db, api, login, books, written_off):
    invoice, done = written_off
    finance = books.people["finance"]
    response = api(books.people["clerk"]).post(f"/api/v1/write-offs/{done.id}/reverse", json={})
    assert response.status_code == 403
    page = login(finance).get(f"/invoices/{invoice.id}").get_data(as_text=True)
    assert f'action="/allocations/write-offs/{done.id}/reverse"' in page and "尾差" in page
    response = api(finance).post(f"/api/v1/write-offs/{done.id}/reverse", json={"reason": "补付"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["reversed"], body["reversal_reason"], body["amount"]) == (True, "补付", "0.02")
    assert api(finance).post(f"/api/v1/write-offs/{done.id}/reverse", json={}).status_code == 409
    assert open_of(db, invoice) == D("0.02")
    page = login(finance).get(f"/invoices/{invoice.id}").get_data(as_text=True)
    assert f'action="/allocations/write-offs/{done.id}/reverse"' not in page and "已取消" in page
