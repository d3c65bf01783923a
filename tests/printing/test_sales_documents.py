"""The sales documents printed from real documents: what a customer, a driver and an
accountant read on them, in Chinese and in English, and what a scanner reads."""
from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest

from printing.documents_invoices import render_credit_note, render_invoice
from printing.documents_sales import (
    render_delivery_note,
    render_quote,
    render_sales_order,
    render_sales_return,
)
from tests.printing.chain import BUYER_USCC
from tests.printing.paper import flat, watermark
from tests.printing.pdfs import all_text, decoded_values, fonts, page_texts

SELLER_USCC = "91310115MA1H7GQX37"  # the settings' default company tax id


def vat(gross: D, rate: D) -> D:
    """Tax inside a VAT-inclusive amount, to the fen, half-up (as a Chinese invoice has it)."""
    return (gross * rate / (1 + rate)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture
def goods(chain):
    """Water at 13 % VAT (2.50 a bottle, 24 a case, bin A-01-01) and rice at 9 % (55.00, bin B-02-01)."""
    water = chain.product(name="农夫山泉饮用天然水", spec="550ml", list_price=D("2.50"), location="A-01-01")
    rice = chain.product(name="金龙鱼大米", spec="10kg", list_price=D("55.00"), vat_rate=D("0.09"),
                         location="B-02-01")
    return water, rice


@pytest.fixture
def sold(chain, goods):
    """77 bottles of water and 30 bags of rice ordered, delivered, shipped and invoiced."""
    water, rice = goods
    customer = chain.customer()
    order, note, outbound = chain.shipped(customer, [(water, 77), (rice, 30)])
    invoice = chain.invoice([outbound])
    return customer, order, note, outbound, invoice


def test_an_invoice_shows_both_parties_vat_per_rate_and_the_total_in_capitals(sold):
    customer, order, _note, outbound, invoice = sold
    pdf = render_invoice(invoice, "zh")
    text = flat(pdf)
    water_tax, rice_tax = vat(D("192.50"), D("0.13")), vat(D("1650.00"), D("0.09"))
    assert (water_tax, rice_tax) == (D("22.15"), D("136.24"))
    for expected in ("销售发票", invoice.number, "购买方", "销售方", customer.name, BUYER_USCC, SELLER_USCC,
                     "招商银行上海七宝支行 1219 0876 5432 101", "上海惠万家商贸有限公司",
                     "按税率汇总", "13%", "9%", f"{D('192.50') - water_tax:,}", f"{water_tax}",
                     f"{D('1650.00') - rice_tax:,}", f"{rice_tax}", "价税合计", "¥1,842.50",
                     f"¥{water_tax + rice_tax}", "壹仟捌佰肆拾贰元伍角整", outbound.number, "开票人： 李客服",
                     "复核： 钱会计"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{invoice.number}]


def test_an_invoice_prints_each_unit_price_without_vat_so_that_quantity_times_price_is_the_amount(sold):
    invoice = sold[-1]
    text = flat(render_invoice(invoice, "zh"))
    # 30 bags at 55.00 with VAT: 1,513.76 without VAT, 50.458667 a bag.
    assert "50.458667" in text and "1,513.76" in text


def test_a_credit_note_is_negative_and_names_the_invoice_it_corrects(chain, sold):
    _customer, _order, _note, outbound, invoice = sold
    sales_return = chain.give_back(outbound, outbound.lines[0], 5)
    credit_note = chain.credit(sales_return)[0]
    pdf = render_credit_note(credit_note, "zh")
    text = flat(pdf)
    tax = vat(D("12.50"), D("0.13"))
    for expected in ("红字", credit_note.number, "对应蓝字发票", invoice.number, sales_return.number, "-5",
                     f"-{D('12.50') - tax}", f"-{tax}", "-¥12.50", "负壹拾贰元伍角整", BUYER_USCC, SELLER_USCC,
                     "破损退回"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{credit_note.number}]


def test_a_quote_shows_its_validity_and_the_customer_confirms_it(chain, goods):
    water, rice = goods
    quote = chain.quote(chain.customer(), [(water, 48), (rice, 5)])
    text = flat(render_quote(quote, "zh"))
    for expected in ("报价单", quote.number, "有效期至", quote.valid_until.isoformat(),
                     f"本报价有效期至 {quote.valid_until.isoformat()}", "农夫山泉饮用天然水 550ml", "120.00",
                     "275.00", "¥395.00", "叁佰玖拾伍元整", "客户确认（盖章）", "制单： 李客服", "审核： 赵经理"):
        assert expected in text, expected


def test_an_order_confirmation_counts_cases_and_pieces_and_shows_its_chain(sold, chain):
    customer, order, note, _outbound, _invoice = sold
    pdf = render_sales_order(order, "zh")
    text = flat(pdf)
    for expected in ("销售订单确认书", order.number, "3箱+5瓶", "1箱+6瓶", "¥1,842.50", "壹仟捌佰肆拾贰元伍角整",
                     f"发货单 {note.number}", "七宝镇漕宝路3366号", "上海一号仓"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{order.number}]


def test_a_delivery_note_names_its_order_and_leaves_room_to_sign_for_the_goods(sold):
    _customer, order, note, outbound, _invoice = sold
    text = flat(render_delivery_note(note, "zh"))
    for expected in ("发货单", note.number, order.number, f"销售出库单 {outbound.number}", "王店长", "13912345678",
                     "客户签收", "（盖章）", "送货人"):
        assert expected in text, expected


def test_a_sales_return_shows_the_batch_the_goods_go_back_into(chain, sold):
    outbound = sold[3]
    sales_return = chain.give_back(outbound, outbound.lines[0], 5)
    text = flat(render_sales_return(sales_return, "zh"))
    batch = outbound.lines[0].allocations[0].batch.batch_no
    for expected in ("销售退货单", sales_return.number, outbound.number, batch, "破损退回", "¥12.50"):
        assert expected in text, expected


def test_documents_print_in_english_on_request(sold):
    invoice = sold[-1]
    text = flat(render_invoice(invoice, "en"))
    for expected in ("Sales invoice", "Buyer", "Seller", "Tax ID", "VAT by rate", "Total incl. VAT",
                     "Shanghai Huiwanjia Trading Co., Ltd.", "Page 1 of 1", "Amount in words"):
        assert expected in text, expected
    assert "销售发票" not in text


def test_a_draft_prints_with_a_watermark_and_without_a_barcode(chain, goods):
    water, _rice = goods
    order = chain.order(chain.customer(), [(water, 10)], approve=False)
    pdf = render_sales_order(order, "zh")
    assert watermark(pdf) == "草稿"
    assert decoded_values(pdf) == [set()]


def test_a_document_unapproved_after_approval_keeps_its_number_in_text_but_not_as_a_barcode(chain, goods, people,
                                                                                             db):
    from erp.sales.orders import services as orders

    water, _rice = goods
    order = chain.order(chain.customer(), [(water, 10)])
    orders.unapprove_order(db, people["manager"], order.id, "改数量")
    pdf = render_sales_order(order, "zh")
    assert order.number in all_text(pdf) and watermark(pdf) == "草稿"
    assert decoded_values(pdf) == [set()]


def test_the_chinese_font_is_embedded_and_nothing_else_is_used(sold):
    pdf = render_invoice(sold[-1], "zh")
    used = fonts(pdf)
    assert used and all(f["file"] == "/FontFile2" and f["size"] > 0 for f in used), used
    assert len(page_texts(pdf)) == 1


def test_a_credit_limit_change_prints_each_customers_old_and_new_limit(db, chain, people):
    from erp.customers import credit_services
    from printing.documents_credit import render_credit_change

    customer = chain.customer()
    customer.credit_limit = D("50000.00")
    doc = credit_services.create_credit_change(db, people["finance"], {
        "reason": "春节备货", "lines": [{"customer_id": customer.id, "new_limit": D("80000.00")}]})
    pdf = render_credit_change(doc, "zh")
    draft = flat(pdf)
    for expected in ("信用额度调整单", "春节备货", customer.code, customer.name, "50,000.00", "80,000.00", "30,000.00"):
        assert expected in draft, expected
    assert watermark(pdf) == "草稿"
    credit_services.approve_credit_change(db, people["manager"], doc.id)
    pdf = render_credit_change(doc, "zh")
    text = flat(pdf)
    for expected in (doc.number, "50,000.00", "80,000.00", "赵经理", "财务复核"):
        assert expected in text, expected
    assert decoded_values(pdf) == [{doc.number}] and watermark(pdf) == ""
