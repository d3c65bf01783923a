"""Who sees which customers' receivables: finance and sales managers every customer;
a salesperson only the customers assigned to them (read-only)."""
from __future__ import annotations

from erp.auth.models import User
from erp.auth.services import require
from erp.customers.models import Customer
from erp.errors import N_, NotFound
from finance.permissions import REPORT_RECEIVABLES, REPORT_RECEIVABLES_ALL


def sees_everyone(actor: User) -> bool:
    return actor.can(REPORT_RECEIVABLES_ALL)


def require_receivables(actor: User) -> None:
    if not actor.can(REPORT_RECEIVABLES_ALL):
        require(actor, REPORT_RECEIVABLES)


def salesperson_scope(actor: User, salesperson_id: int | None) -> int | None:
    """The salesperson whose customers the report covers: the one asked for, or — for a
    user who may only see their own customers — always themselves."""
    require_receivables(actor)
    return salesperson_id if sees_everyone(actor) else actor.id


def check_customer_visible(actor: User, customer: Customer | None) -> Customer:
    """404 (not 403: nothing leaks) for a customer the user may not see."""
    require_receivables(actor)
    if customer is None or not (sees_everyone(actor) or customer.salesperson_id == actor.id):
        raise NotFound(N_("Customer not found."))
    return customer
