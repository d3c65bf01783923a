"""Payables pages: the aging (as of any date, drillable to the invoices, exportable), the
supplier statement (screen, XLSX, PDF) and the supplier purchase-sales-inventory report."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext

from erp import clock
from erp.errors import N_, NotFound
from erp.suppliers.models import Supplier
from erp.web.nav import nav_item
from erp.web.pages import arg_date, arg_id, arg_int, page
from inventory.web import warehouse_options
from purchasing import pages
from purchasing.payables import aging as agings
from purchasing.payables import psi as psis
from purchasing.payables import statement as statements
from purchasing.permissions import REPORT_PAYABLES, REPORT_SUPPLIER_PSI

bp = Blueprint("payables", __name__, url_prefix="/purchasing/payables", template_folder="../templates")
nav_item("finance", N_("Payables aging"), "payables.aging", REPORT_PAYABLES, 45)
nav_item("finance", N_("Supplier statement"), "payables.statement", REPORT_PAYABLES, 65)
nav_item("purchasing", N_("Supplier purchase-sales-inventory"), "payables.psi", REPORT_SUPPLIER_PSI, 60)


@page(bp, "/aging", permission=REPORT_PAYABLES)
def aging(session, actor):
    overdue_only = bool(arg_int("overdue_only"))
    report = agings.payables_aging(session, actor, as_of=arg_date("as_of", clock.today()),
                                   overdue_only=overdue_only)
    return render_template("purchasing/payables_aging.html", report=report, overdue_only=overdue_only,
                           titles=[b.title(gettext) for b in report.buckets])


@page(bp, "/aging/<int:supplier_id>", permission=REPORT_PAYABLES)
def supplier_aging(session, actor, supplier_id):
    supplier = session.get(Supplier, supplier_id)
    if supplier is None:
        raise NotFound(N_("Unknown supplier."))
    as_of = arg_date("as_of", clock.today())
    rows = agings.open_supplier_invoices(session, actor, as_of=as_of, supplier_id=supplier.id)
    buckets = {b.key: b.title(gettext) for b in agings.aging_buckets(session)}
    return render_template("purchasing/payables_aging_invoices.html", rows=rows, supplier=supplier, as_of=as_of,
                           buckets=buckets)


@page(bp, "/statement", permission=REPORT_PAYABLES)
def statement(session, actor):
    today = clock.today()
    date_from = arg_date("date_from", today.replace(day=1))
    date_to = arg_date("date_to", today)
    supplier_id = arg_id("supplier_id")
    result = statements.supplier_statement(session, actor, supplier_id, date_from, date_to) if supplier_id else None
    return render_template("purchasing/supplier_statement.html", statement=result, supplier_id=supplier_id,
                           suppliers=pages.supplier_choices(session), date_from=date_from, date_to=date_to)


@page(bp, "/purchase-sales-inventory", permission=REPORT_SUPPLIER_PSI)
def psi(session, actor):
    today = clock.today()
    date_from = arg_date("date_from", today.replace(day=1))
    date_to = arg_date("date_to", today)
    supplier_id, warehouse_id = arg_id("supplier_id"), arg_id("warehouse_id")
    rows = psis.supplier_psi(session, actor, date_from=date_from, date_to=date_to, supplier_id=supplier_id,
                             warehouse_id=warehouse_id)
    return render_template("purchasing/supplier_psi.html", table=psis.supplier_psi_table(rows, date_from, date_to),
                           date_from=date_from, date_to=date_to, supplier_id=supplier_id, warehouse_id=warehouse_id,
                           suppliers=pages.supplier_choices(session),
                           warehouses=warehouse_options(session, actor))
