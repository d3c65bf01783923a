"""Automatic matching page: the proposals for every unapplied receipt (or one customer's),
to confirm all at once or line by line."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from erp.api.framework import load
from erp.customers.models import Customer
from erp.errors import N_, ErpError
from erp.web.pages import act, arg_id, done, page, refused
from finance.allocation import services
from finance.allocation.schemas import ConfirmMatchesIn, WriteOffIn
from finance.permissions import ALLOCATION_CREATE, WRITE_OFF
from finance.web import customer_options, reverse_from_page, write_off_form

bp = Blueprint("allocations", __name__, url_prefix="/allocations")


@page(bp, "/auto", permission=ALLOCATION_CREATE)
def auto(session, actor):
    customer_id = arg_id("customer_id")
    proposals = services.propose_matches(session, actor, customer_id=customer_id)
    customer = session.get(Customer, customer_id) if customer_id else None
    ids = {p.payment.party_id for p in proposals}
    names = {c.id: c.name for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))} if ids else {}
    return render_template("finance/auto_match.html", proposals=proposals, customer=customer, names=names,
                           customers=customer_options(session), customer_id=customer_id)


@page(bp, "/auto", permission=ALLOCATION_CREATE, methods=("POST",))
def confirm(session, actor):
    """Apply the ticked proposals (``pick`` = ``receipt_id:invoice_id``, amount per pick)."""
    lines = []
    for pick in request.form.getlist("pick"):
        receipt_id, _, invoice_id = pick.partition(":")
        amount = (request.form.get(f"amount-{pick}") or "").replace(",", "").strip()
        if amount and amount.strip("0.") != "":
            lines.append({"receipt_id": receipt_id, "invoice_id": invoice_id, "amount": amount})
    if not lines:
        return done(N_("Nothing was ticked."), "allocations.auto")
    try:
        # Parsed like the API (ids, amounts exact to the fen): a typo is refused, never skipped.
        made = services.apply_matches(session, actor, load(ConfirmMatchesIn, {"lines": lines}))
    except ErpError as exc:
        return refused(exc, "allocations.auto")
    return done(N_("Allocated."), "allocations.auto", customer_id=request.args.get("customer_id") or None) \
        if made else done(N_("Nothing was ticked."), "allocations.auto")


@page(bp, "/invoices/<int:id>/write-off", permission=WRITE_OFF, methods=("POST",))
def write_off_invoice(session, actor, id):
    """From the sales invoice's page: write off the few fen a customer short-paid."""
    return act(lambda: services.write_off_difference(session, actor, write_off_form(WriteOffIn, invoice_id=id)),
               N_("Written off."), "sales_invoices.detail", id=id)


@page(bp, "/write-offs/<int:write_off_id>/reverse", permission=WRITE_OFF, methods=("POST",))
def reverse_write_off(session, actor, write_off_id):
    """From the page of the invoice or receipt: take a write-off back (取消尾差核销)."""
    return reverse_from_page(session, write_off_id, lambda: services.reverse_write_off(
        session, actor, write_off_id, {"reason": request.form.get("reason") or None}))
