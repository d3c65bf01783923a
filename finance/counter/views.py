"""The counter screen (现结收银): scan the member card, scan the goods, take the money.
Everything happens in the browser against ``/api/v1/counter-sales`` (counter.js)."""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from erp.errors import ErpError
from erp.web.pages import page
from finance.counter import services
from finance.counter.models import CounterSale
from finance.permissions import COUNTER_SALE
from finance.web import optional_url

bp = Blueprint("counter", __name__, url_prefix="/counter")


@page(bp, "/", permission=COUNTER_SALE)
def screen(session, actor):
    try:
        warehouse = services.counter_warehouse(session, actor)
    except ErpError:
        warehouse = None  # several warehouses and no setting: the API answers which one is missing
    recent = list(session.scalars(select(CounterSale).where(CounterSale.created_by_id == actor.id)
                                  .order_by(CounterSale.id.desc()).limit(5)))
    invoice_pdf = optional_url("printing_documents_api.sales_invoice_pdf", doc_id=0)
    return render_template("finance/counter.html", warehouse=warehouse, recent=recent, invoice_pdf=invoice_pdf)
