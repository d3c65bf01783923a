"""Demo data for finance, loaded last by ``erp.demo.load_demo_data`` (after the sales
chain's demo invoices, if any): a few counter sales at the store, and receipts for the
approved demo invoices — some paid in full, one in part, one over-paid (leaving unapplied
credit), the rest left open for the aging and the collections list."""
from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.customers.models import Customer
from erp.documents.base import DocState
from erp.errors import ErpError
from erp.products.models import Product
from erp.sales.invoices.models import SalesInvoice
from finance.allocation import services as allocation
from finance.counter import services as counter
from finance.receipts import services as receipts
from inventory.stock.models import StockBalance

log = logging.getLogger(__name__)


def _counter_sales(session: Session, cashier: User, today: dt.date) -> int:
    """Three walk-in sales for members at the cashier's warehouse, paid in cash and by WeChat."""
    warehouse = counter.counter_warehouse(session, cashier)
    members = session.scalars(select(Customer).where(Customer.member_card_no.is_not(None), Customer.active.is_(True))
                              .order_by(Customer.id).limit(3)).all()
    in_stock = select(StockBalance.product_id).where(StockBalance.warehouse_id == warehouse.id,
                                                     StockBalance.on_hand - StockBalance.reserved >= Decimal(30))
    products = session.scalars(select(Product).where(Product.id.in_(in_stock), Product.active.is_(True),
                                                     Product.batch_tracked.is_(False), Product.list_price > 0)
                               .order_by(Product.id).limit(6)).all()
    made = 0
    for index, member in enumerate(members):
        lines = [{"product_id": p.id, "qty": Decimal(2 + index)} for p in products[index * 2:index * 2 + 2]]
        if not lines:
            break
        try:
            basket = counter.price_basket(session, cashier, {"customer_id": member.id, "lines": lines})
            cash = (basket.total / 100).to_integral_value(rounding="ROUND_CEILING") * 100
            payments = ([{"method": "cash", "amount": cash}] if index != 1 else
                        [{"method": "wechat", "amount": basket.total}])
            counter.create_counter_sale(session, cashier, {"customer_id": member.id, "warehouse_id": warehouse.id,
                                                           "lines": lines, "payments": payments})
            made += 1
        except ErpError as exc:  # a demo catalogue without a fitting price or stock: skip that sale
            log.info("demo counter sale skipped: %s", exc)
    return made


def _receipts(session: Session, clerk: User, today: dt.date) -> int:
    invoices = session.scalars(select(SalesInvoice).where(SalesInvoice.state == DocState.APPROVED,
                                                          SalesInvoice.amount_open > 0)
                               .order_by(SalesInvoice.doc_date, SalesInvoice.id)).all()
    made = 0
    for index, invoice in enumerate(invoices):
        share = (Decimal(1), Decimal("0.5"), Decimal("1.1"), None)[index % 4]
        if share is None:
            continue  # left open: the aging and the collections list show it
        amount = (invoice.amount_open * share).quantize(Decimal("0.01"))
        receipt = receipts.create_receipt(session, clerk, {
            "customer_id": invoice.customer_id, "amount": amount, "method": "bank_transfer",
            "doc_date": max(invoice.doc_date, today), "reference": f"货款 {invoice.number}"})
        receipts.approve_receipt(session, clerk, receipt.id)
        allocation.auto_match(session, clerk, customer_id=invoice.customer_id)
        made += 1
    return made


def load_finance_demo(session: Session, *, today: dt.date | None = None) -> dict[str, int]:
    today = today or clock.today()
    cashier = session.scalar(select(User).where(User.username == "counter"))
    clerk = session.scalar(select(User).where(User.username == "finance"))
    summary = {}
    if cashier is not None:
        summary["counter sales"] = _counter_sales(session, cashier, today)
    if clerk is not None:
        summary["receipts"] = _receipts(session, clerk, today)
    return summary
