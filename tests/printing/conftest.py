"""Fixtures of the document printing tests: the people of a distributor, a warehouse,
``chain`` (:class:`tests.printing.chain.Chain`) making real documents through the services,
and ``paper``: one document of every printable kind."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from erp.customers import credit_services
from finance.receipts import services as receipts
from inventory.scraps import services as scraps
from inventory.stock_outs import services as stock_outs
from inventory.transfers import services as transfers
from logistics.shipments import services as shipments
from purchasing.invoices import services as supplier_invoices
from purchasing.payments import services as payments
from purchasing.returns import services as purchase_returns
from tests import factories
from tests.printing.chain import Chain


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user("sales_clerk", display_name="李客服"),
        "manager": make_user("sales_manager", display_name="赵经理"),
        "keeper": make_user("warehouse", display_name="孙仓管"),
        "finance": make_user("finance", display_name="钱会计"),
        "purchaser": make_user("purchaser", display_name="周采购"),
    }


@pytest.fixture
def wh(make_warehouse):
    return make_warehouse(name="上海一号仓")


@pytest.fixture
def chain(db, people, wh):
    return Chain(db, people, wh)


@pytest.fixture
def paper(db, chain, people, make_supplier, make_warehouse):
    """One document of each printable kind, keyed like :data:`PRINTABLES`."""
    keeper = people["keeper"]
    water = chain.product(name="农夫山泉饮用天然水", spec="550ml", list_price=D("2.50"))
    customer = chain.customer()
    quote = chain.quote(customer, [(water, 48)])
    order = chain.order(customer, None, quote=quote)
    note = chain.deliver(order)
    outbound = chain.ship(note)
    invoice = chain.invoice([outbound])
    sales_return = chain.give_back(outbound, outbound.lines[0], 2)
    credit_note = chain.credit(sales_return)[0]
    batch_id = outbound.lines[0].allocations[0].batch_id
    stock_in = chain.receive(water, 24)
    stock_out = stock_outs.create_stock_out(db, keeper, {"warehouse_id": chain.wh.id, "reason": "sample", "lines": [
        {"product_id": water.id, "qty": D(1), "batch_id": batch_id}]})
    transfer = transfers.create_transfer(db, keeper, {
        "from_warehouse_id": chain.wh.id, "to_warehouse_id": make_warehouse().id,
        "lines": [{"product_id": water.id, "qty": D(1), "batch_id": batch_id}]})
    scrap = scraps.create_scrap(db, keeper, {"warehouse_id": chain.wh.id, "reason": "damaged", "lines": [
        {"product_id": water.id, "qty": D(1), "batch_id": batch_id}]})
    stocktake = chain.stocktake()
    supplier = make_supplier()
    purchase_order = chain.purchase_order(supplier, [(factories.product(db), 24, "1.00")])
    goods_receipt = chain.goods_receipt(purchase_order)
    purchase_return = purchase_returns.make_purchase_return(db, keeper, goods_receipt.id, {})
    supplier_invoice = supplier_invoices.make_supplier_invoice(db, people["finance"], {
        "receipt_ids": [goods_receipt.id], "supplier_invoice_no": "FP-0001"})
    payment = payments.create_payment(db, people["finance"], {"supplier_id": supplier.id, "amount": D("20.00")})
    receipt = receipts.create_receipt(db, people["finance"], {"customer_id": customer.id, "amount": D("100.00"),
                                                              "method": "cash"})
    shipment = shipments.create_shipment(db, keeper, {"outbound_ids": [outbound.id]})
    credit_change = credit_services.create_credit_change(db, people["finance"], {
        "reason": "旺季", "lines": [{"customer_id": customer.id, "new_limit": D("80000.00")}]})
    return {"quote": quote, "sales_order": order, "delivery_note": note, "outbound": outbound, "pick_list": outbound,
            "sales_invoice": invoice, "credit_note": credit_note, "sales_return": sales_return, "stock_in": stock_in,
            "stock_out": stock_out, "transfer": transfer, "scrap": scrap, "stocktake": stocktake,
            "purchase_order": purchase_order, "goods_receipt": goods_receipt, "purchase_return": purchase_return,
            "supplier_invoice": supplier_invoice, "payment": payment, "receipt": receipt, "shipment": shipment,
            "credit_change": credit_change}
