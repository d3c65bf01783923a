"""Services of the sales order (销售订单): entered directly (or made from a quote, see
:mod:`erp.sales.orders.making`), approved through the engine with the sales rules
(amount, price below minimum, credit), closed short with a reason."""
from __future__ import annotations

from sqlalchemy.orm import Session, lazyload

from erp.auth.models import User
from erp.documents import services as documents
from erp.documents.base import DocState
from erp.documents.writer import insert_new
from erp.errors import N_, ValidationFailed
from erp.sales import common
from erp.sales.credit import check_credit_limit
from erp.sales.orders.models import SalesOrder, SalesOrderLine
from erp.sales.pricing import read_entered_lines, set_totals
from erp.sales.quotes.models import Quote
from erp.sales.quotes.services import check_quote_valid

HEADER_FIELDS = ("doc_date", "delivery_date", "ship_to", "customer_po", "note", "price_includes_vat")


def default_ship_to(customer) -> str | None:
    address = customer.default_address
    if address is None:
        return None
    return f"{address.full} {address.recipient} {address.phone}"[:300]


def new_order(session: Session, actor: User, data: dict, customer) -> SalesOrder:
    """A draft header from ``data`` (warehouse, dates, ship-to …) for ``customer``."""
    doc_date = common.document_date(session, data)
    warehouse = common.warehouse_for(session, data.get("warehouse_id"))
    return SalesOrder(doc_date=doc_date, customer=customer, warehouse_id=warehouse.id, created_by_id=actor.id,
                      delivery_date=data.get("delivery_date"), customer_po=data.get("customer_po"),
                      ship_to=data.get("ship_to") or default_ship_to(customer), note=data.get("note"),
                      price_includes_vat=data.get("price_includes_vat", True))


def set_entered_lines(session: Session, doc: SalesOrder, items: list[dict] | None) -> None:
    values = read_entered_lines(session, items, customer=doc.customer, on_date=doc.doc_date,
                                includes_vat=doc.price_includes_vat)
    doc.lines = [SalesOrderLine(line_no=i + 1, **v) for i, v in enumerate(values)]


def create_order(session: Session, actor: User, data: dict) -> SalesOrder:
    """Enter an order directly. ``data``: ``customer_id``, ``lines`` ``[{product_id,
    unit_id?, qty, unit_price?, discount_rate?}]`` in cases or pieces (any packing unit),
    optional ``warehouse_id`` (the only active one by default), ``doc_date``,
    ``delivery_date``, ``ship_to`` (the customer's default address), ``customer_po``,
    ``price_includes_vat``, ``note``. Raises ``ValidationFailed`` (inactive customer or
    product, bad unit or quantity, per line), ``Forbidden``, ``PeriodClosed``."""
    common.require_edit(actor, SalesOrder)
    customer = common.active_customer(session, data.get("customer_id"))
    doc = new_order(session, actor, data, customer)
    set_entered_lines(session, doc, data.get("lines"))
    set_totals(doc)
    insert_new(session, doc)
    return doc


def update_order(session: Session, actor: User, doc_id: int, data: dict) -> SalesOrder:
    """Change a draft. Lines made from a quote keep their quote line when ``lines`` is not
    given; given ``lines`` replace them all (as entered lines)."""
    doc = common.editable(session, actor, SalesOrder, doc_id)
    if data.get("customer_id") and data["customer_id"] != doc.customer_id:
        if doc.quote_id:
            common.check_same_customer(doc, data["customer_id"], doc.quote)
        doc.customer = common.active_customer(session, data["customer_id"])
    if data.get("warehouse_id"):
        doc.warehouse_id = common.warehouse_for(session, data["warehouse_id"]).id
    for key in HEADER_FIELDS:
        if key in data and not (key in ("doc_date", "price_includes_vat") and data[key] is None):
            setattr(doc, key, data[key])
    common.document_date(session, {"doc_date": doc.doc_date})
    if "lines" in data:
        if doc.quote_id:
            raise ValidationFailed(N_("The lines of an order made from a quote follow the quote; delete this "
                                      "draft and make it again from the quote."),
                                   fields={"lines": [N_("Made from a quote.")]})
        set_entered_lines(session, doc, data["lines"])
    set_totals(doc)
    session.flush()
    return doc


def check_order_approvable(session: Session, doc: SalesOrder, *, paid_now: bool = False) -> None:
    """Active customer and products, an unexpired quote, and — with credit control set to
    block — the customer's credit (409 naming the reason), unless it is ``paid_now``."""
    common.check_customer_active(doc.customer)
    common.check_products_active(doc)
    if doc.quote_id:  # (its validity date only: not its lines)
        check_quote_valid(session.get(Quote, doc.quote_id, options=[lazyload(Quote.lines)]), doc.doc_date)
    if not paid_now:
        check_credit_limit(session, doc)


def approve_order(session: Session, actor: User, doc_id: int, *, paid_now: bool = False) -> SalesOrder:
    """Approve the next level. Level 1 is ``sales_order.approve``; the rules add a sales
    manager's level for large orders, prices below minimum (``price_below_min``) and
    customers over their credit or with overdue invoices (``over_credit_limit``); the
    document then waits in the manager's inbox (pending). Raises ``Forbidden`` naming
    the level needed, ``Conflict`` (inactive customer/product, expired quote, credit
    blocked), ``InvalidTransition``. ``paid_now``: the order is paid in full in the same
    transaction (the counter sale), so credit control does not apply to it."""
    doc = common.lock(session, SalesOrder, doc_id)
    doc.forget_flags()
    doc.paid_now = paid_now
    try:
        if doc.state in (DocState.DRAFT, DocState.PENDING):
            check_order_approvable(session, doc, paid_now=paid_now)
        documents.approve(session, actor, doc)
    finally:
        doc.forget_flags()
        doc.paid_now = False
    return doc


def unapprove_order(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesOrder:
    """弃审: refused while a delivery note made from it exists (``DownstreamExists`` naming it)."""
    doc = common.lock(session, SalesOrder, doc_id)
    documents.unapprove(session, actor, doc, reason)
    return doc


def cancel_order(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesOrder:
    """作废: refused while a delivery note made from it exists."""
    doc = common.lock(session, SalesOrder, doc_id)
    documents.cancel(session, actor, doc, reason)
    return doc


def close_order(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesOrder:
    """Close short (短交结案): what is not delivered will not be; no more delivery notes, and
    the rest no longer counts against the customer's credit."""
    if not reason:
        raise ValidationFailed(N_("Give the reason for closing the order short."),
                               fields={"reason": [N_("Required.")]})
    doc = common.lock(session, SalesOrder, doc_id)
    documents.close(session, actor, doc, reason)
    return doc


def reopen_order(session: Session, actor: User, doc_id: int) -> SalesOrder:
    doc = common.lock(session, SalesOrder, doc_id)
    documents.reopen(session, actor, doc)
    return doc


def submit_order(session: Session, actor: User, doc_id: int) -> SalesOrder:
    return common.submit(session, actor, SalesOrder, doc_id)


def reject_order(session: Session, actor: User, doc_id: int, reason: str | None = None) -> SalesOrder:
    return common.reject(session, actor, SalesOrder, doc_id, reason)


def delete_order(session: Session, actor: User, doc_id: int) -> None:
    common.delete(session, actor, SalesOrder, doc_id)
