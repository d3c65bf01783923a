"""The finance pages as a finance clerk and a salesperson use them."""
from __future__ import annotations

import io
from decimal import Decimal as D

from tests.finance.conftest import days


def test_a_finance_clerk_enters_a_receipt_and_allocates_it_from_its_page(login, client, db, books, make_customer,
                                                                        people):
    customer = make_customer(name="上海七宝好邻居超市")
    invoice = books.invoice(customer, "120.00", days(-10))
    login(people["finance"])
    assert "收款单" in client.get("/receipts/").get_data(as_text=True)
    form = client.get("/receipts/new").get_data(as_text=True)
    assert "微信支付" in form and "承兑汇票" in form
    response = client.post("/receipts/new", data={"customer_id": customer.id, "amount": "200.00",
                                                  "method": "bank_transfer", "doc_date": days(0).isoformat()})
    assert response.status_code == 302
    receipt_url = response.headers["Location"]
    assert client.post(receipt_url + "/approve").status_code == 302
    page = client.get(receipt_url).get_data(as_text=True)
    assert invoice.number in page and 'value="120.00"' in page  # proposed: all of the oldest invoice
    receipt_id = int(receipt_url.rstrip("/").rsplit("/", 1)[1])
    assert client.post(f"/receipts/{receipt_id}/allocate", data={f"amount-{invoice.id}": "120.00"}).status_code == 302
    page = client.get(receipt_url).get_data(as_text=True)
    assert "80.00" in page and "有效" in page
    db.refresh(invoice)
    assert invoice.amount_open == D("0.00")
    refused = client.post(f"/receipts/{receipt_id}/allocate", data={f"amount-{invoice.id}": "1.00"},
                          follow_redirects=True)
    assert "超过了" in refused.get_data(as_text=True)


def test_the_reports_and_the_close_show_in_chinese(login, client, books, make_customer, people):
    customer = make_customer(payment_terms_days=0, salesperson=people["clerk"])
    books.invoice(customer, "66.00", days(-45))
    login(people["finance"])
    aging = client.get("/receivables/aging").get_data(as_text=True)
    assert "应收账龄" in aging and "31-60天" in aging and customer.name in aging
    assert customer.name in client.get(f"/receivables/aging/{customer.id}").get_data(as_text=True)
    assert customer.name in client.get("/receivables/overdue").get_data(as_text=True)
    statement = client.get(f"/receivables/statement?customer_id={customer.id}&date_from={days(-60).isoformat()}"
                           f"&date_to={days(0).isoformat()}").get_data(as_text=True)
    assert "期末余额" in statement and "66.00" in statement
    assert "月末结账" in client.get("/periods/").get_data(as_text=True)
    assert "结账前需处理的事项" in client.get("/periods/2025-01").get_data(as_text=True)
    assert "自动核销" in client.get("/allocations/auto").get_data(as_text=True)
    login(people["clerk"])
    assert customer.name in client.get("/receivables/aging").get_data(as_text=True)
    assert client.get("/receipts/").status_code == 403


def test_a_bank_file_with_bad_rows_shows_the_report_on_the_page(login, client, people):
    login(people["finance"])
    data = "交易日期,金额\n2025-07-01,abc\n".encode()
    page = client.post("/bank/", data={"file": (io.BytesIO(data), "b.csv")}, content_type="multipart/form-data")
    assert page.status_code == 422
    assert "不是有效的数字" in page.get_data(as_text=True)


def test_the_counter_screen_loads_for_a_clerk(login, client, make_user):
    login(make_user("sales_clerk"))
    page = client.get("/counter/").get_data(as_text=True)
    assert "门店现结收银" in page and "counter.js" in page


def test_amounts_typed_on_the_allocation_pages_are_parsed_like_the_api(login, client, db, books, make_customer,
                                                                      people):
    """A typo in an amount is refused with nothing written: never skipped, never rounded."""
    from sqlalchemy import func, select

    from finance.ledger.models import Allocation

    customer = make_customer()
    invoice = books.invoice(customer, "120.00", days(-10))
    receipt = books.receipt(customer, "119.98")
    login(people["finance"])
    for typo in ("12.345", "12,0x"):
        page = client.post(f"/receipts/{receipt.id}/allocate", data={f"amount-{invoice.id}": typo},
                           follow_redirects=True).get_data(as_text=True)
        assert "输入" in page, typo
    picked = f"{receipt.id}:{invoice.id}"
    page = client.post("/allocations/auto", data={"pick": picked, f"amount-{picked}": "1.001"},
                       follow_redirects=True).get_data(as_text=True)
    assert "输入" in page
    assert db.scalar(select(func.count()).select_from(Allocation)) == 0

    client.post(f"/receipts/{receipt.id}/allocate", data={f"amount-{invoice.id}": "119.98"})
    db.refresh(invoice)
    assert invoice.amount_open == D("0.02")
    # The two fen the customer short-paid are written off from the invoice's own page.
    page = client.get(f"/invoices/{invoice.id}").get_data(as_text=True)
    assert f'action="/allocations/invoices/{invoice.id}/write-off"' in page and 'value="0.02"' in page
    client.post(f"/allocations/invoices/{invoice.id}/write-off", data={"amount": "0.02", "reason": "尾差"})
    db.refresh(invoice)
    assert invoice.amount_open == D("0.00")
    login(people["clerk"])
    page = client.get(f"/invoices/{invoice.id}").get_data(as_text=True)
    assert 'id="write-off"' not in page and "/reverse" not in page  # sees the write-off, may not make or undo one
    assert "尾差核销记录" in page
