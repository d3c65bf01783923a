"""Counter sale API: /api/v1/counter-sales (现结)."""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from erp.api.framework import endpoint, paginate
from finance.counter import services
from finance.counter.models import CounterSale
from finance.counter.schemas import (
    BasketIn,
    BasketOut,
    CounterSaleIn,
    CounterSaleOut,
    CounterSaleQuery,
    MemberOut,
    MemberQuery,
)
from finance.permissions import COUNTER_SALE, COUNTER_SALE_VIEW
from printing.company import company_from_settings
from printing.documents_counter import counter_receipt_of, render_counter_receipt
from printing.responses import pdf_response, request_lang

bp = Blueprint("counter_api", __name__, url_prefix="/api/v1")
TAGS = ["counter-sales"]


@endpoint(bp, "/counter-sales/member", permission=COUNTER_SALE, query=MemberQuery, response=MemberOut, tags=TAGS)
def find_member(session, actor, args):
    """The member whose card was scanned."""
    return services.member_by_card(session, actor, args["card"])


@endpoint(bp, "/counter-sales/basket", "POST", permission=COUNTER_SALE, body=BasketIn, response=BasketOut,
          tags=TAGS)
def price_basket(session, actor, data):
    """Price the scanned basket as the sale will (writes nothing)."""
    return services.price_basket(session, actor, data)


@endpoint(bp, "/counter-sales", "POST", permission=COUNTER_SALE, body=CounterSaleIn, response=CounterSaleOut,
          status=201, tags=TAGS)
def create_counter_sale(session, actor, data):
    """Ring up the sale: order, delivery note, outbound, invoice and receipts, all approved and
    allocated in one transaction — or nothing (409 on a stock shortfall). Send an
    ``Idempotency-Key``: a double click rings it up once."""
    return services.create_counter_sale(session, actor, data)


@endpoint(bp, "/counter-sales", permission=COUNTER_SALE_VIEW, query=CounterSaleQuery, response=CounterSaleOut,
          paged=True, tags=TAGS)
def list_counter_sales(session, actor, args):
    stmt = select(CounterSale).order_by(CounterSale.id.desc())
    if args.get("customer_id"):
        stmt = stmt.where(CounterSale.customer_id == args["customer_id"])
    return paginate(session, stmt, args)


@endpoint(bp, "/counter-sales/<int:sale_id>", permission=COUNTER_SALE_VIEW, response=CounterSaleOut, tags=TAGS)
def get_counter_sale(session, actor, sale_id):
    return services.get_counter_sale(session, sale_id)


@endpoint(bp, "/counter-sales/<int:sale_id>/receipt/pdf", permission=COUNTER_SALE_VIEW,
          content_type="application/pdf", tags=TAGS)
def counter_receipt_pdf(session, actor, sale_id):
    """The 80 mm roll receipt (小票) of the sale."""
    sale = services.get_counter_sale(session, sale_id)
    pdf = render_counter_receipt(counter_receipt_of(sale, company_from_settings(session)), request_lang())
    return pdf_response(pdf, f"counter-receipt-{sale.invoice.number}.pdf")
