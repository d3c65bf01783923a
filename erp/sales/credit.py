"""Credit control (信用控制).

A customer's exposure is what it owes on approved invoices (``amount_open``) plus the
part of its orders not invoiced yet (goods ordered or delivered but not billed).
An order whose amount takes the exposure over the customer's credit limit — or a
customer with an invoice overdue beyond its payment terms — raises the approval flag
``over_credit_limit`` (an approval rule sends it to a sales manager), or is refused
outright when the setting ``sales.credit_control`` is ``block``. A customer without a
credit limit (None) is not checked; a limit of 0 means cash only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from sqlalchemy import Date, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from erp import clock
from erp.customers.models import Customer
from erp.documents.base import DocState
from erp.errors import N_, Conflict
from erp.money import round_fen
from erp.sales.common import read
from erp.settings.services import declare, get_setting

ZERO = Decimal("0.00")
APPROVAL, BLOCK = "approval", "block"


def _valid_mode(value: str) -> str | None:
    return None if value in (APPROVAL, BLOCK) else N_("Either approval or block.")


CREDIT_CONTROL = declare("sales.credit_control", N_("Sales orders over the credit limit"), APPROVAL, validate=_valid_mode,
                         help=N_("approval: a sales manager approves them (by the approval rules); block: they cannot be approved"))


@dataclass
class CreditStatus:
    customer_id: int
    limit: Decimal | None
    open_receivables: Decimal = ZERO
    open_orders: Decimal = ZERO
    #: ``[(invoice number, due date, amount open)]`` overdue on the day asked.
    overdue: list[tuple[str, dt.date, Decimal]] = field(default_factory=list)

    @property
    def exposure(self) -> Decimal:
        return self.open_receivables + self.open_orders

    @property
    def available(self) -> Decimal | None:
        return None if self.limit is None else self.limit - self.exposure


def open_receivables(session: Session, customer_id: int) -> Decimal:
    """The sum of ``amount_open`` of the customer's approved invoices."""
    from erp.sales.invoices.models import SalesInvoice

    total = session.scalar(select(func.sum(SalesInvoice.amount_open)).where(
        SalesInvoice.customer_id == customer_id, SalesInvoice.state == DocState.APPROVED))
    return total or ZERO


def open_orders_value(session: Session, customer_id: int) -> Decimal:
    """The gross value of what the customer's orders still have to invoice, pro rata per
    line: on approved orders all that is neither invoiced nor returned; on orders closed
    short only what was delivered and not yet invoiced or returned."""
    total = ZERO
    for state, gross, qty, delivered, invoiced, returned in read(session, _open_order_lines(),
                                                                 {"customer_id": customer_id}):
        owed = (qty if state == DocState.APPROVED else delivered) - invoiced - returned
        total += round_fen(gross * owed / qty)
    return total


@cache
def _open_order_lines():
    """The order lines :func:`open_orders_value` adds up (built once)."""
    from erp.sales.orders.models import SalesOrder, SalesOrderLine

    line = SalesOrderLine
    billed = line.qty_invoiced + line.qty_returned
    return (select(SalesOrder.state, line.amount_gross, line.qty_base, line.qty_delivered, line.qty_invoiced,
                   line.qty_returned)
            .join(SalesOrder, SalesOrder.id == line.document_id)
            .where(SalesOrder.customer_id == bindparam("customer_id"),
                   or_(and_(SalesOrder.state == DocState.APPROVED, billed < line.qty_base),
                       and_(SalesOrder.state == DocState.CLOSED, billed < line.qty_delivered))))


def overdue_invoices(session: Session, customer_id: int, on: dt.date) -> list[tuple[str, dt.date, Decimal]]:
    from erp.sales.invoices.models import SalesInvoice

    rows = session.execute(
        select(SalesInvoice.number, SalesInvoice.due_date, SalesInvoice.amount_open)
        .where(SalesInvoice.customer_id == customer_id, SalesInvoice.state == DocState.APPROVED,
               SalesInvoice.amount_open > ZERO, SalesInvoice.due_date < on)
        .order_by(SalesInvoice.due_date).limit(5))
    return [tuple(row) for row in rows]


def _receivables_and_overdue_count(session: Session, customer_id: int, on: dt.date) -> tuple[Decimal, int]:
    """:func:`open_receivables` and how many of those invoices are overdue, in one query
    (the overdue ones are listed only when there are some)."""
    total, overdue_count = read(session, _receivables_with_overdue_count(),
                                {"customer_id": customer_id, "on": on}).one()
    return total or ZERO, overdue_count or 0


@cache
def _receivables_with_overdue_count():
    from erp.sales.invoices.models import SalesInvoice

    overdue = case((and_(SalesInvoice.amount_open > ZERO, SalesInvoice.due_date < bindparam("on", type_=Date())), 1),
                   else_=0)
    return select(func.sum(SalesInvoice.amount_open), func.sum(overdue)).where(
        SalesInvoice.customer_id == bindparam("customer_id"), SalesInvoice.state == DocState.APPROVED)


def credit_status(session: Session, customer: Customer, *, on: dt.date | None = None) -> CreditStatus:
    """Limit, exposure, what is still available and overdue invoices of a customer."""
    on = on or clock.today()
    receivables, overdue_count = _receivables_and_overdue_count(session, customer.id, on)
    return CreditStatus(customer.id, customer.credit_limit, receivables, open_orders_value(session, customer.id),
                        overdue_invoices(session, customer.id, on) if overdue_count else [])


def credit_problem(session: Session, order) -> str | None:
    """Why ``order`` (not yet approved) is over the customer's credit, or None."""
    customer = order.customer
    if customer is None or customer.credit_limit is None:
        return None
    status = credit_status(session, customer)
    problems = []
    total = status.exposure + order.total_gross
    if total > customer.credit_limit:
        problems.append(f"应收 {status.open_receivables} + 未开票订单 {status.open_orders} + 本单 "
                        f"{order.total_gross} = {total} > 信用额度 {customer.credit_limit}")
    for number, due, amount in status.overdue:
        problems.append(f"逾期发票 {number} 到期 {due.isoformat()} 未收 {amount}")
    return "; ".join(problems) or None


def check_credit_limit(session: Session, order) -> None:
    """With ``sales.credit_control = block``, refuse an order over the customer's credit."""
    if get_setting(session, CREDIT_CONTROL) != BLOCK:
        return
    problem = order.approval_flags(session).get("over_credit_limit")
    if problem:
        raise Conflict(N_("%(customer)s is over its credit limit: %(problem)s"), code="over_credit_limit",
                       customer=str(order.customer), problem=problem)
