"""The cash-and-carry counter sale (现结): a member scans in, goods are scanned by piece or
case, the money is taken, and the whole chain is made, approved and settled at once — or
nothing at all."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from erp.checks import run_checks
from erp.documents.base import DocState
from erp.errors import Forbidden, InsufficientStock, NotFound, ValidationFailed
from erp.sales.delivery.models import DeliveryNote
from erp.sales.invoices import services as invoices
from erp.sales.invoices.models import SalesInvoice
from erp.sales.orders.models import SalesOrder
from finance.counter import services as counter
from finance.counter.models import CounterSale
from finance.receipts.models import Receipt
from inventory.outbounds.models import Outbound
from inventory.stock.queries import stock_level

DOCUMENTS = (SalesOrder, DeliveryNote, Outbound, SalesInvoice, Receipt, CounterSale)


@pytest.fixture
def shop(db, stocked, make_customer, make_user, wh):
    """A cash-only member, a bottled water sold by the piece (2.50) or the case of 24, in stock."""
    water = stocked(100, list_price=D("2.50"), barcode="6900000000017")
    water.packings[0].barcode = "16900000000014"
    db.flush()
    member = make_customer(member_card_no="M8800001", credit_limit=D("0"))
    return {"water": water, "member": member, "cashier": make_user("sales_clerk"), "wh": wh}


def sale(shop, lines, payments, **extra):
    return {"member_card_no": shop["member"].member_card_no, "warehouse_id": shop["wh"].id,
            "lines": lines, "payments": payments, **extra}


def counts(db):
    return [db.scalar(select(func.count()).select_from(cls)) for cls in DOCUMENTS]


def test_cash_settled_at_the_counter_leaves_nothing_owing(db, shop):
    water = shop["water"]
    basket = counter.price_basket(db, shop["cashier"], {"member_card_no": "M8800001", "lines": [
        {"code": "6900000000017", "qty": D(2)}, {"code": "16900000000014", "qty": D(1)}]})
    assert [(line.unit, line.qty, line.amount) for line in basket.lines] == [("瓶", D(2), D("5.00")),
                                                                           ("箱", D(1), D("60.00"))]
    assert basket.total == D("65.00")
    done = counter.create_counter_sale(db, shop["cashier"], sale(shop, [
        {"code": "6900000000017", "qty": D(2)}, {"code": "16900000000014", "qty": D(1)}],
        [{"method": "cash", "amount": D("100.00")}]))
    assert (done.total, done.cash_given, done.change_given) == (D("65.00"), D("100.00"), D("35.00"))
    invoice = done.invoice
    assert invoice.state == DocState.APPROVED and invoice.number.startswith("XSFP")
    db.refresh(invoice)
    assert invoice.amount_open == D("0.00")
    for cls, doc_id in ((SalesOrder, done.order_id), (DeliveryNote, done.delivery_note_id),
                        (Outbound, done.outbound_id)):
        assert db.get(cls, doc_id).state == DocState.APPROVED
    [receipt] = done.receipts
    assert (receipt.method.value, receipt.amount, receipt.unapplied) == ("cash", D("65.00"), D("0.00"))
    assert stock_level(db, water.id, shop["wh"].id).on_hand == D(100 - 26)
    assert [(name, problems) for name, problems in run_checks(db) if problems] == []


def test_a_mixed_payment_makes_one_receipt_per_method_and_cash_pays_the_rest(db, shop):
    done = counter.create_counter_sale(db, shop["cashier"], sale(shop, [{"code": "16900000000014", "qty": D(2)}],
                                       [{"method": "wechat", "amount": D("100.00")},
                                        {"method": "cash", "amount": D("50.00")}]))
    assert {(r.method.value, r.amount) for r in done.receipts} == {("wechat", D("100.00")), ("cash", D("20.00"))}
    assert done.change_given == D("30.00")
    db.refresh(done.invoice)
    assert done.invoice.amount_open == D("0.00")


def test_a_counter_sale_that_fails_on_stock_leaves_no_document_behind(db, shop):
    before = counts(db)
    with pytest.raises(InsufficientStock) as info:
        counter.create_counter_sale(db, shop["cashier"], sale(shop, [{"code": "16900000000014", "qty": D(5)}],
                                    [{"method": "cash", "amount": D("500.00")}]))
    assert shop["water"].name in str(info.value) or shop["water"].sku in str(info.value)
    assert counts(db) == before
    assert stock_level(db, shop["water"].id, shop["wh"].id).on_hand == D(100)
    assert stock_level(db, shop["water"].id, shop["wh"].id).reserved == D(0)


def test_payments_must_cover_the_total_and_nothing_is_written_otherwise(db, shop):
    before = counts(db)
    for payments in ([{"method": "cash", "amount": D("10.00")}],
                     [{"method": "alipay", "amount": D("70.00")}],
                     [{"method": "bank_card", "amount": D("60.00")}, {"method": "cash", "amount": D("5.00")}],
                     [{"method": "bank_transfer", "amount": D("60.00")}]):
        with pytest.raises(ValidationFailed):
            counter.create_counter_sale(db, shop["cashier"], sale(shop, [{"code": "16900000000014", "qty": D(1)}],
                                                                  payments))
    assert counts(db) == before


def test_an_unknown_card_or_barcode_is_refused(db, shop):
    with pytest.raises(NotFound):
        counter.member_by_card(db, shop["cashier"], "NOPE")
    with pytest.raises(ValidationFailed) as info:
        counter.price_basket(db, shop["cashier"], {"lines": [{"code": "6999999999999", "qty": D(1)}]})
    assert "lines" in info.value.fields


def test_the_cashier_rings_up_without_holding_invoice_approval_rights(db, shop, make_user):
    cashier = shop["cashier"]
    assert not cashier.can("sales_invoice.approve") and not cashier.can("receipt.approve")
    done = counter.create_counter_sale(db, cashier, sale(shop, [{"code": "6900000000017", "qty": D(4)}],
                                                         [{"method": "alipay", "amount": D("10.00")}]))
    assert done.invoice.approved_by_id == cashier.id
    with pytest.raises(Forbidden):
        invoices.unapprove_invoice(db, cashier, done.invoice_id)
    with pytest.raises(Forbidden):
        counter.create_counter_sale(db, make_user("warehouse"), sale(shop, [{"code": "6900000000017", "qty": D(1)}],
                                                                     [{"method": "cash", "amount": D("5.00")}]))


def test_the_counter_receipt_prints_on_an_80_mm_roll(db, shop):
    from printing.company import company_from_settings
    from printing.documents_counter import counter_receipt_of, render_counter_receipt
    from tests.printing.pdfs import all_text, decoded_values

    done = counter.create_counter_sale(db, shop["cashier"], sale(shop, [{"code": "16900000000014", "qty": D(1)}],
                                       [{"method": "cash", "amount": D("100.00")}]))
    pdf = render_counter_receipt(counter_receipt_of(done, company_from_settings(db)), "zh")
    text = all_text(pdf)
    assert "现结销售小票" in text and "找零" in text and "40.00" in text and done.invoice.number in text
    assert {done.invoice.number} in decoded_values(pdf)


