"""Receivables pages: aging (as of any date, per salesperson, drillable to invoices,
exportable), the overdue list for collections, and customer statements."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext
from sqlalchemy import select

from erp import clock
from erp.auth.models import User
from erp.customers.models import Customer
from erp.web.pages import arg_date, arg_id, arg_int, page
from finance.permissions import REPORT_RECEIVABLES
from finance.receivables import aging as aging_reports
from finance.receivables import statement as statements
from finance.receivables.visibility import check_customer_visible, sees_everyone

bp = Blueprint("receivables", __name__, url_prefix="/receivables")


def _salespeople(session, actor) -> list[tuple[int, str]]:
    if not sees_everyone(actor):
        return []
    ids = select(Customer.salesperson_id).where(Customer.salesperson_id.is_not(None)).distinct()
    return [(u.id, u.display_name) for u in session.scalars(select(User).where(User.id.in_(ids))
                                                              .order_by(User.display_name))]


@page(bp, "/aging", permission=REPORT_RECEIVABLES)
def aging(session, actor):
    as_of = arg_date("as_of", clock.today())
    salesperson_id = arg_id("salesperson_id")
    report = aging_reports.receivables_aging(session, actor, as_of=as_of, salesperson_id=salesperson_id,
                                     overdue_only=bool(arg_int("overdue_only")))
    return render_template("finance/aging.html", report=report, titles=[b.title(gettext) for b in report.buckets],
                           salespeople=_salespeople(session, actor),
                           salesperson_id=salesperson_id, overdue_only=bool(arg_int("overdue_only")))



@page(bp, "/aging/<int:customer_id>", permission=REPORT_RECEIVABLES)
def customer_aging(session, actor, customer_id):
    as_of = arg_date("as_of", clock.today())
    customer = check_customer_visible(actor, session.get(Customer, customer_id))
    rows = aging_reports.open_invoices(session, actor, as_of=as_of, customer_id=customer.id)
    buckets = {b.key: b.title(gettext) for b in aging_reports.aging_buckets(session)}
    return render_template("finance/aging_invoices.html", rows=rows, customer=customer, as_of=as_of, buckets=buckets)


@page(bp, "/overdue", permission=REPORT_RECEIVABLES)
def overdue(session, actor):
    as_of = arg_date("as_of", clock.today())
    salesperson_id = arg_id("salesperson_id")
    min_days = arg_int("min_days", 1, minimum=1, maximum=3650)
    rows = aging_reports.overdue_list(session, actor, as_of=as_of, salesperson_id=salesperson_id, min_days=min_days)
    return render_template("finance/overdue.html", rows=rows, as_of=as_of, min_days=min_days,
                           salespeople=_salespeople(session, actor), salesperson_id=salesperson_id)


@page(bp, "/statement", permission=REPORT_RECEIVABLES)
def statement(session, actor):
    today = clock.today()
    date_from = arg_date("date_from", today.replace(day=1))
    date_to = arg_date("date_to", today)
    customer_id = arg_id("customer_id")
    stmt = select(Customer).where(Customer.active.is_(True)).order_by(Customer.code).limit(3000)
    if not sees_everyone(actor):
        stmt = stmt.where(Customer.salesperson_id == actor.id)
    customers = [(c.id, f"{c.code} {c.name}") for c in session.scalars(stmt)]
    result = statements.customer_statement(session, actor, customer_id, date_from, date_to) if customer_id else None
    return render_template("finance/statement.html", statement=result, customers=customers, customer_id=customer_id,
                           date_from=date_from, date_to=date_to)

