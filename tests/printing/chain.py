"""Real documents to print, made through the services as users would: a distributor with
a warehouse, products in stock in batches at bin locations, a customer with an address,
tax id and bank, the sales chain, purchasing and a stocktake."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from erp import clock
from erp.customers.models import CustomerAddress
from erp.sales.credit_notes import services as credit_notes
from erp.sales.delivery import outbounds as making_outbounds
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import making
from erp.sales.orders import services as orders
from erp.sales.quotes import services as quotes
from erp.sales.returns import services as returns
from inventory.outbounds import services as outbound_services
from inventory.stock_ins import services as stock_ins
from inventory.stocktakes import services as stocktakes
from purchasing.orders import services as purchase_orders
from purchasing.receipts import services as goods_receipts
from tests import factories

TODAY = clock.today()
BUYER_USCC = "91310112MA1GB2XW1K"


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


class Chain:
    """``chain.order(customer, [(product, qty), …])`` … each step approved unless told."""

    def __init__(self, db, people, wh):
        self.db, self.people, self.wh = db, people, wh

    # --- master data -------------------------------------------------------------------

    def customer(self, **overrides):
        data = {"name": "上海七宝好邻居超市有限公司", "uscc": BUYER_USCC, "phone": "021-6478 1234",
                "bank_name": "招商银行上海七宝支行", "bank_account": "1219 0876 5432 101", "credit_limit": None}
        data.update(overrides)
        customer = factories.customer(self.db, **data)
        customer.addresses.append(CustomerAddress(recipient="王店长", phone="13912345678", province="上海市",
                                                  city="上海市", district="闵行区", address="七宝镇漕宝路3366号",
                                                  is_default=True))
        self.db.flush()
        return customer

    def product(self, qty=480, *, location="A-01-01", batches=(("L2401", 200), ("L2402", 400)), **overrides):
        """A batch-tracked product (瓶, 箱 of 24) at ``location`` with ``qty`` in stock,
        received in the given batches (batch number, days until expiry)."""
        overrides.setdefault("shelf_life_days", 730)
        overrides.setdefault("weight_kg", D("0.6"))
        product = factories.product(self.db, batch_tracked=True, location=location, **overrides)
        per_batch = D(qty) / len(batches)
        for batch_no, expiry in batches:
            # Batch numbers are unique per product: no id in them, so layouts do not depend on id sizes.
            self.receive(product, per_batch, batch_no=batch_no, expiry_date=days(expiry))
        return product

    def receive(self, product, qty, unit_cost="5.00", *, batch_no=None, expiry_date=None):
        line = {"product_id": product.id, "qty": D(str(qty)), "unit_cost": D(str(unit_cost))}
        if product.batch_tracked:
            line.update(batch_no=batch_no or f"L{factories.n():05d}", expiry_date=expiry_date or days(300))
        doc = stock_ins.create_stock_in(self.db, self.people["keeper"], {
            "warehouse_id": self.wh.id, "reason": "opening", "lines": [line]})
        stock_ins.approve_stock_in(self.db, self.people["keeper"], doc.id)
        return doc

    # --- the sales chain ---------------------------------------------------------------

    @staticmethod
    def lines(items):
        out = []
        for product, qty, *rest in items:
            line = {"product_id": product.id, "qty": D(str(qty))}
            if rest and rest[0]:
                line["unit_price"] = D(str(rest[0]))
            out.append(line)
        return out

    def quote(self, customer, items, *, approve=True, **extra):
        extra.setdefault("valid_until", days(30))
        doc = quotes.create_quote(self.db, self.people["clerk"], {"customer_id": customer.id,
                                                                  "lines": self.lines(items), **extra})
        if approve:
            quotes.approve_quote(self.db, self.people["manager"], doc.id)
        return doc

    def order(self, customer, items, *, approve=True, quote=None, **extra):
        if quote is not None:
            doc = making.make_order_from_quote(self.db, self.people["clerk"], quote.id, {"warehouse_id": self.wh.id})
        else:
            doc = orders.create_order(self.db, self.people["clerk"], {
                "customer_id": customer.id, "warehouse_id": self.wh.id, "lines": self.lines(items), **extra})
        if approve:
            orders.approve_order(self.db, self.people["manager"], doc.id)
        return doc

    def deliver(self, order, *, approve=True):
        doc = delivery.make_delivery_note(self.db, self.people["clerk"], order.id, {})
        if approve:
            delivery.approve_delivery_note(self.db, self.people["clerk"], doc.id)
        return doc

    def ship(self, note, *, approve=True):
        doc = making_outbounds.make_outbound(self.db, self.people["keeper"], note.id, {})
        if approve:
            outbound_services.approve_outbound(self.db, self.people["keeper"], doc.id)
        else:
            outbound_services.allocate_outbound(self.db, self.people["keeper"], doc.id, partial=False)
        return doc

    def invoice(self, outbounds, *, approve=True):
        doc = invoices.make_invoice(self.db, self.people["clerk"], {"outbound_ids": [o.id for o in outbounds]})
        if approve:
            invoices.approve_invoice(self.db, self.people["finance"], doc.id)
        return doc

    def give_back(self, outbound, origin_line, qty, *, approve=True):
        doc = returns.make_return(self.db, self.people["clerk"], outbound.id, {
            "lines": [{"origin_line_id": origin_line.id, "qty": D(str(qty))}], "reason": "破损退回"})
        if approve:
            returns.approve_return(self.db, self.people["keeper"], doc.id)
        return doc

    def credit(self, sales_return, *, approve=True):
        docs = credit_notes.make_credit_notes_from_return(self.db, self.people["clerk"], sales_return.id, {})
        if approve:
            for doc in docs:
                credit_notes.approve_credit_note(self.db, self.people["finance"], doc.id)
        return docs

    def shipped(self, customer, items):
        """An approved order, delivery note and outbound: ``(order, note, outbound)``."""
        order = self.order(customer, items)
        note = self.deliver(order)
        return order, note, self.ship(note)

    # --- purchasing and counting -------------------------------------------------------

    def purchase_order(self, supplier, items, *, approve=True):
        lines = [{"product_id": p.id, "qty": D(str(q)), "unit_price": D(str(price)), "unit_id": p.base_unit_id}
                 for p, q, price in items]
        doc = purchase_orders.create_order(self.db, self.people["purchaser"], {
            "supplier_id": supplier.id, "warehouse_id": self.wh.id, "lines": lines, "supplier_ref": "GYS-8848"})
        if approve:
            purchase_orders.approve_order(self.db, self.people["purchaser"], doc.id)
        return doc

    def goods_receipt(self, order, batch_no="P2501", *, approve=True):
        lines = [{"origin_line_id": line.id, "qty": line.qty, "unit_id": line.unit_id, "batch_no": batch_no,
                  "expiry_date": days(400)} if line.product.batch_tracked else
                 {"origin_line_id": line.id, "qty": line.qty, "unit_id": line.unit_id} for line in order.lines]
        doc = goods_receipts.make_goods_receipt(self.db, self.people["keeper"], order.id, {
            "lines": lines, "delivery_ref": "SH-0098"})
        if approve:
            goods_receipts.approve_goods_receipt(self.db, self.people["keeper"], doc.id)
        return doc

    def stocktake(self, **scope):
        return stocktakes.open_stocktake(self.db, self.people["keeper"], {"warehouse_id": self.wh.id, **scope})
