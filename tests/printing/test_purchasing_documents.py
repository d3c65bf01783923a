"""Purchasing paper (the order a supplier stamps, the receipt the warehouse signs, the
return) and the finance receipt, printed from real documents."""
from __future__ import annotations

from decimal import Decimal as D

from finance.receipts import services as receipts
from printing.documents_purchasing import (
    render_goods_receipt,
    render_purchase_order,
    render_purchase_return,
    render_supplier_invoice,
)
from printing.documents_receipts import render_payment, render_receipt
from purchasing.invoices import services as supplier_invoices
from purchasing.payments import allocation as payment_allocation
from purchasing.payments import services as payments
from purchasing.returns import services as purchase_returns
from tests import factories
from tests.printing.paper import flat, watermark
from tests.printing.pdfs import decoded_values


def test_a_purchase_order_goes_to_the_supplier_to_confirm_and_stamp(db, chain, make_supplier):
    supplier = make_supplier(name="杭州娃哈哈集团有限公司", contact="陈经理", phone="0571-8888 1234")
    cola = factories.product(db, name="娃哈哈纯净水", spec="596ml")
    order = chain.purchase_order(supplier, [(cola, 96, "1.13")])
    pdf = render_purchase_order(order, "zh")
    text = flat(pdf)
    for expected in ("采购订单", order.number, "杭州娃哈哈集团有限公司", "陈经理 0571-8888 1234", "GYS-8848",
                     "娃哈哈纯净水 596ml", "4箱", "1.13", "108.48", "¥108.48", "壹佰零捌元肆角捌分",
                     "供应商确认（盖章）", "收货仓库", "上海一号仓"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{order.number}]


def test_a_goods_receipt_shows_the_batches_received_and_its_order(db, chain, make_supplier):
    supplier = make_supplier()
    milk = factories.product(db, name="光明纯牛奶", spec="250ml", batch_tracked=True, shelf_life_days=30)
    order = chain.purchase_order(supplier, [(milk, 48, "3.50")])
    receipt = chain.goods_receipt(order, batch_no="M2611")
    pdf = render_goods_receipt(receipt, "zh")
    text = flat(pdf)
    for expected in ("采购入库单", receipt.number, f"采购订单 {order.number}", "M2611", "SH-0098", "2箱",
                     "¥168.00", "质检", "仓库收货： 孙仓管"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{receipt.number}]

    back = purchase_returns.make_purchase_return(db, chain.people["keeper"], receipt.id, {"lines": [
        {"origin_line_id": receipt.lines[0].id, "qty": D(24), "unit_id": milk.base_unit_id}], "reason": "临期"})
    pdf = render_purchase_return(back, "zh")
    text = flat(pdf)
    for expected in ("采购退货单", receipt.number, order.number, "临期", "1箱", "¥84.00", "供应商签收"):
        assert expected in text, expected
    assert watermark(pdf) == "草稿" and decoded_values(pdf) == [set()]


def test_a_receipt_shows_the_amount_in_capitals_and_how_much_is_allocated(db, chain, people):
    customer = chain.customer()
    receipt = receipts.create_receipt(db, people["finance"], {
        "customer_id": customer.id, "amount": D("1004.05"), "method": "wechat", "reference": "WX4200001234"})
    receipts.approve_receipt(db, people["finance"], receipt.id)
    pdf = render_receipt(receipt, "zh")
    text = flat(pdf)
    for expected in ("收款单", receipt.number, customer.name, "微信支付", "WX4200001234", "¥1,004.05",
                     "壹仟零肆元零伍分", "未核销", "交款人"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{receipt.number}]


def test_a_supplier_invoice_and_its_payment_print_what_is_owed_paid_and_left(db, chain, make_supplier, people):
    supplier = make_supplier(name="杭州娃哈哈集团有限公司", bank_name="工商银行杭州分行", bank_account="1202020309900012345")
    water = factories.product(db, name="娃哈哈纯净水", spec="596ml")
    order = chain.purchase_order(supplier, [(water, 96, "1.13")])
    receipt = chain.goods_receipt(order)
    finance = people["finance"]
    invoice = supplier_invoices.make_supplier_invoice(db, finance, {
        "receipt_ids": [receipt.id], "supplier_invoice_no": "33012345"})
    supplier_invoices.approve_supplier_invoice(db, finance, invoice.id)
    payment = payments.create_payment(db, finance, {"supplier_id": supplier.id, "amount": D("100.00"),
                                                    "method": "bank_transfer", "reference": "HZ-778"})
    payments.approve_payment(db, finance, payment.id)
    payment_allocation.allocate_payment(db, finance, payment.id, {"lines": [{"invoice_id": invoice.id, "amount": D("60.00")}]})
    db.refresh(invoice)
    db.refresh(payment)

    pdf = render_supplier_invoice(invoice, "zh")
    text = flat(pdf)
    for expected in ("采购发票", invoice.number, "33012345", "杭州娃哈哈集团有限公司", receipt.number, order.number,
                     "娃哈哈纯净水 596ml", "1.13", "¥108.48", "壹佰零捌元肆角捌分", "已付款", "60.00", "未付款", "48.48"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{invoice.number}]

    pdf = render_payment(payment, "zh")
    text = flat(pdf)
    for expected in ("付款单", payment.number, "杭州娃哈哈集团有限公司", "工商银行杭州分行 1202020309900012345",
                     "HZ-778", "¥100.00", "壹佰元整", "已核销", "60.00", "未核销（预付）", "40.00"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{payment.number}]

