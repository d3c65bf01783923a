"""Making orders: from what remains of an approved, unexpired quote (参照生单), or as a
copy of a previous order (same customer and products, today's prices)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents.services import get_document
from erp.documents.writer import insert_new
from erp.sales import common
from erp.sales.chain import counted, wanted_lines
from erp.sales.orders.models import SalesOrder, SalesOrderLine
from erp.sales.orders.services import new_order, set_entered_lines
from erp.sales.pricing import carried_price, set_totals
from erp.sales.quotes.models import Quote
from erp.sales.quotes.services import check_quote_valid


def remaining_of_quote(session: Session, quote: Quote) -> dict[int, object]:
    """Base quantity of each quote line not yet on an order (drafts count)."""
    taken = counted(session, SalesOrderLine, SalesOrder, SalesOrderLine.origin_line_id, [li.id for li in quote.lines])
    return {line.id: line.qty_base - taken.get(line.id, 0) for line in quote.lines}


def make_order_from_quote(session: Session, actor: User, quote_id: int, data: dict) -> SalesOrder:
    """An order for all that remains of the quote, or for ``lines`` ``[{origin_line_id, qty,
    unit_id?}]``, at the quote's prices. ``data`` may also give ``warehouse_id``,
    ``doc_date``, ``delivery_date``, ``ship_to``, ``customer_po``, ``note``.

    Raises ``Conflict``: the quote is not approved (``upstream_not_approved``), expired
    (``quote_expired``) or fully ordered (``nothing_remains``); ``ValidationFailed``: a
    line beyond what remains (naming it), an inactive customer; ``Forbidden``."""
    common.require_edit(actor, SalesOrder)
    quote = common.lock(session, Quote, quote_id)
    common.check_upstream_approved(quote, "make an order")
    customer = common.active_customer(session, quote.customer_id)
    doc = new_order(session, actor, {**data, "price_includes_vat": quote.price_includes_vat}, customer)
    check_quote_valid(quote, doc.doc_date)
    wanted = wanted_lines(session, quote.lines, remaining_of_quote(session, quote), data.get("lines"),
                          document=str(quote))
    doc.quote_id = quote.id
    doc.lines = [SalesOrderLine(
        line_no=i + 1, origin_line_id=w.origin.id, product=w.origin.product, unit_id=w.unit_id, qty=w.qty,
        qty_base=w.qty_base, unit_price=carried_price(w.origin.unit_price, w.origin.factor, w.factor),
        discount_rate=w.origin.discount_rate, vat_rate=w.origin.vat_rate, price_source=quote.name_zh[:120],
    ) for i, w in enumerate(wanted)]
    common.check_products_active(doc)
    set_totals(doc)
    insert_new(session, doc)
    return doc


def copy_order(session: Session, actor: User, order_id: int, data: dict) -> SalesOrder:
    """A new draft with the products and quantities of a previous order of the same
    customer, priced again for today (prices may have changed since)."""
    common.require_edit(actor, SalesOrder)
    source = get_document(session, SalesOrder, order_id)
    customer = common.active_customer(session, source.customer_id)
    header = {"warehouse_id": source.warehouse_id, "ship_to": source.ship_to,
              "price_includes_vat": source.price_includes_vat, **data}
    doc = new_order(session, actor, header, customer)
    items = [{"product_id": line.product_id, "unit_id": line.unit_id, "qty": line.qty,
              "discount_rate": line.discount_rate} for line in source.lines]
    set_entered_lines(session, doc, items)
    set_totals(doc)
    insert_new(session, doc)
    return doc
