"""The counter sale (现结), rung up in one transaction: order → delivery note → outbound →
invoice, all approved through the sales chain's own services, then one receipt per
payment method, approved and allocated to the invoice — so that nothing is owed when
the customer leaves. Any refusal on the way (a stock shortfall, an inactive product,
an approval level the clerk does not hold, a payment that does not cover the total)
rolls the whole sale back: no document is left behind.

Credit control is not applied: the customer pays the whole amount now, so the sale
adds nothing to what they owe (a cash-only member has a credit limit of 0).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import require
from erp.customers.models import Customer
from erp.documents.base import DocState, Document
from erp.errors import N_, Conflict, NotFound, ValidationFailed
from erp.money import line_amounts, sum_lines
from erp.products.lookup import lookup_product
from erp.sales import common
from erp.sales.delivery import outbounds as making_outbounds
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import services as orders
from erp.sales.orders.models import SalesOrder
from erp.sales.pricing import read_entered_lines
from erp.settings.services import declare, get_setting
from erp.warehouses.models import Warehouse
from finance.counter.actor import CounterActor
from finance.counter.models import CounterSale
from finance.ledger import services as ledger
from finance.permissions import COUNTER_SALE
from finance.receipts import services as receipts
from finance.receipts.models import PaymentMethod
from finance.receivables.booking import book_invoice
from inventory.outbounds import services as outbound_services

ZERO = Decimal("0.00")
COUNTER_METHODS = (PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.BANK_CARD)
COUNTER_WAREHOUSE = declare("finance.counter_warehouse", N_("Default warehouse code of the cash sale counter"), "",
                            help=N_("Empty: the one warehouse the cashier may use, or the only warehouse"))


# --- what the counter screen asks while scanning --------------------------------------------

def member_by_card(session: Session, actor: User, card: str) -> Customer:
    """The active customer whose member card (or code) was scanned (404 otherwise)."""
    require(actor, COUNTER_SALE)
    text = (card or "").strip()
    customer = session.scalar(select(Customer).where(Customer.member_card_no == text)) if text else None
    if customer is None and text:
        customer = session.scalar(select(Customer).where(Customer.code == text))
    if customer is None or not customer.active:
        raise NotFound(N_("No active member has this card."), code="member_not_found")
    return customer


def counter_warehouse(session: Session, actor: User, warehouse_id: int | None = None) -> Warehouse:
    """The warehouse the counter sells from: the one given, the setting's, the clerk's only
    warehouse, or the only active one."""
    if not warehouse_id:
        code = get_setting(session, COUNTER_WAREHOUSE)
        if code:
            warehouse_id = session.scalar(select(Warehouse.id).where(Warehouse.code == code))
        elif actor.warehouse_ids is not None and len(actor.warehouse_ids) == 1:
            warehouse_id = next(iter(actor.warehouse_ids))
    return common.warehouse_for(session, warehouse_id)


@dataclass
class PricedLine:
    product_id: int
    sku: str
    name: str
    unit_id: int
    unit: str
    qty: Decimal
    unit_price: Decimal
    amount: Decimal


@dataclass
class Basket:
    lines: list[PricedLine] = field(default_factory=list)
    total: Decimal = ZERO


def scan_lines(session: Session, lines: list[dict]) -> list[dict]:
    """Lines given by scanned ``code`` (piece or case barcode, SKU) → ``product_id`` and the
    unit the code stands for; lines already naming ``product_id`` pass unchanged."""
    out = []
    for index, line in enumerate(lines):
        if line.get("product_id"):
            out.append({"product_id": line["product_id"], "unit_id": line.get("unit_id"), "qty": line["qty"]})
            continue
        try:
            match = lookup_product(session, line.get("code") or "")
        except (NotFound, Conflict) as exc:
            raise ValidationFailed(exc.message, fields={"lines": {index: {"code": [exc.message]}}},
                                   **exc.params) from None
        out.append({"product_id": match.product.id, "unit_id": match.unit.id, "qty": line["qty"]})
    return out


def price_basket(session: Session, actor: User, data: dict) -> Basket:
    """The basket priced exactly as the order will be: the member's prices (price list, then
    category, then list price, with quantity breaks), VAT included, rounded per line."""
    require(actor, COUNTER_SALE)
    customer = member_by_card(session, actor, data["member_card_no"]) if data.get("member_card_no") else (
        session.get(Customer, data["customer_id"]) if data.get("customer_id") else None)
    items = scan_lines(session, data.get("lines") or [])
    values = read_entered_lines(session, items, customer=customer, on_date=clock.today(), includes_vat=True)
    basket = Basket()
    amounts = []
    for v in values:
        amount = line_amounts(v["qty"], v["unit_price"], v["vat_rate"], price_includes_vat=True,
                              discount_rate=v["discount_rate"])
        amounts.append(amount)
        product = v["product"]
        unit = product.base_unit if v["unit_id"] == product.base_unit_id else product.packing(v["unit_id"]).unit
        basket.lines.append(PricedLine(product.id, product.sku, product.name, v["unit_id"], unit.name, v["qty"],
                                       v["unit_price"], amount.gross))
    basket.total = sum_lines(amounts).gross
    return basket


# --- the sale ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Settlement:
    """How the total is paid: the amount taken per method, the cash handed over, the change."""

    takings: dict[PaymentMethod, Decimal]
    cash_given: Decimal | None
    change: Decimal


def settle(total: Decimal, payments: list[dict]) -> Settlement:
    """Split ``total`` over the payments. Card, WeChat and Alipay amounts are taken as given
    (never more than the total together); cash is what the customer hands over: it pays
    the rest, and the difference is the change. Raises ``ValidationFailed`` when the
    payments do not cover the total exactly (without cash) or at all."""
    takings: dict[PaymentMethod, Decimal] = {}
    cash_given = None
    for index, payment in enumerate(payments):
        method, amount = PaymentMethod(payment["method"]), payment["amount"]
        if method not in COUNTER_METHODS:
            raise ValidationFailed(N_("This payment method is not taken at the counter."),
                                   fields={"payments": {index: {"method": [N_("Not taken at the counter.")]}}})
        if amount <= 0:
            raise ValidationFailed(N_("The amount must be greater than 0."),
                                   fields={"payments": {index: {"amount": [N_("Must be greater than 0.")]}}})
        if method == PaymentMethod.CASH:
            cash_given = (cash_given or ZERO) + amount
        else:
            takings[method] = takings.get(method, ZERO) + amount
    other = sum(takings.values(), ZERO)
    if other > total:
        raise ValidationFailed(N_("Card and mobile payments (%(paid)s) are more than the total %(total)s."),
                               paid=other, total=total, fields={"payments": [N_("More than the total.")]})
    rest = total - other
    if rest > 0 and (cash_given or ZERO) < rest:
        raise ValidationFailed(N_("%(paid)s paid of %(total)s: %(missing)s is missing."),
                               paid=other + (cash_given or ZERO), total=total, missing=rest - (cash_given or ZERO),
                               fields={"payments": [N_("The payments do not cover the total.")]})
    if rest == 0 and cash_given:
        raise ValidationFailed(N_("Nothing is left to pay in cash."), fields={"payments": [N_("No cash needed.")]})
    if rest > 0:
        takings[PaymentMethod.CASH] = rest
    return Settlement(takings, cash_given, (cash_given or ZERO) - rest if cash_given is not None else ZERO)


def check_approved(doc: Document) -> None:
    """Each document of the sale must be fully approved by the clerk's level-1 rights; a rule
    asking for a further level (large amount, price below minimum) stops the sale."""
    if doc.state != DocState.APPROVED:
        raise Conflict(N_("%(document)s needs a further approval level; enter this sale as an ordinary order."),
                       code="counter_needs_approval", document=str(doc))


def approve_counter_order(session: Session, actor, order: SalesOrder) -> None:
    """Approve the order through the sales chain as paid now: no credit control (it is paid
    in full in this transaction); the minimum-price flag still asks for its level."""
    orders.approve_order(session, actor, order.id, paid_now=True)
    check_approved(order)


def create_counter_sale(session: Session, actor: User, data: dict) -> CounterSale:
    """Ring up a counter sale. ``data``: ``member_card_no`` (or ``customer_id``), ``lines``
    ``[{code | product_id (+ unit_id), qty}]``, ``payments`` ``[{method, amount}]`` (cash:
    the amount handed over), optional ``warehouse_id``, ``note``.

    All or nothing: raises ``InsufficientStock`` (409, naming the product), ``Conflict``
    (a level the clerk lacks, an inactive product), ``ValidationFailed`` (payments, lines),
    ``NotFound`` (member), ``Forbidden``, ``PeriodClosed`` — and then writes nothing."""
    require(actor, COUNTER_SALE)
    clerk = CounterActor(actor)
    customer = member_by_card(session, actor, data["member_card_no"]) if data.get("member_card_no") else (
        session.get(Customer, data.get("customer_id")) if data.get("customer_id") else None)
    if customer is None:
        raise ValidationFailed(N_("Scan the member card first."), fields={"member_card_no": [N_("Required.")]})
    warehouse = counter_warehouse(session, clerk, data.get("warehouse_id"))
    today = clock.today()
    with session.begin_nested():
        order = orders.create_order(session, clerk, {
            "customer_id": customer.id, "warehouse_id": warehouse.id, "doc_date": today,
            "lines": scan_lines(session, data.get("lines") or []), "note": data.get("note") or "现结"})
        settlement = settle(order.total_gross, data.get("payments") or [])
        approve_counter_order(session, clerk, order)
        note = delivery.make_delivery_note(session, clerk, order.id, {"doc_date": today})
        check_approved(delivery.approve_delivery_note(session, clerk, note.id))
        outbound = making_outbounds.make_outbound(session, clerk, note.id, {"doc_date": today})
        check_approved(outbound_services.approve_outbound(session, clerk, outbound.id))
        invoice = invoices.make_invoice(session, clerk, {"outbound_ids": [outbound.id], "doc_date": today})
        check_approved(invoices.approve_invoice(session, clerk, invoice.id))
        charge = book_invoice(session, invoice)
        sale = CounterSale(customer_id=customer.id, warehouse_id=warehouse.id, order_id=order.id,
                           delivery_note_id=note.id, outbound_id=outbound.id, invoice_id=invoice.id,
                           total=invoice.total_gross, cash_given=settlement.cash_given,
                           change_given=settlement.change, created_by_id=actor.id)
        session.add(sale)
        session.flush()
        for method, amount in settlement.takings.items():
            receipt = receipts.create_receipt(session, clerk, {
                "customer_id": customer.id, "amount": amount, "method": method, "doc_date": today,
                "reference": invoice.number, "counter_sale_id": sale.id, "note": "现结"})
            check_approved(receipts.approve_receipt(session, clerk, receipt.id))
            payment = receipts.receipt_item(session, receipt)
            ledger.allocate(session, clerk, payment.id, charge.id, amount, today, method="counter")
    session.refresh(sale)
    return sale


def get_counter_sale(session: Session, sale_id: int) -> CounterSale:
    sale = session.get(CounterSale, sale_id)
    if sale is None:
        raise NotFound(N_("Counter sale not found."))
    return sale
