"""Customers (客户档案) and their category tree (客户分类).

A customer that anything references (a price list, a credit change, later an order)
is never deleted, only deactivated. Changing a credit limit by hand needs
``customer.credit_edit`` (raising it through an approved 信用额度调整单 is the other way).
"""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.permissions import (
    CUSTOMER_CATEGORY_EDIT,
    CUSTOMER_CREDIT_EDIT,
    CUSTOMER_DELETE,
    CUSTOMER_EDIT,
    CUSTOMER_VIEW,
)
from erp.auth.services import require
from erp.customers.models import Customer, CustomerAddress, CustomerCategory, CustomerContact
from erp.errors import N_, NotFound, ValidationFailed
from erp.masterdata.categories import CategoryTree, subtree_condition
from erp.masterdata.lines import sync_rows
from erp.masterdata.problems import Problems
from erp.masterdata.records import get_record
from erp.masterdata.references import delete_unless_referenced
from erp.settings.services import CUSTOMER_CATEGORY_CODING

CUSTOMER_CATEGORIES = CategoryTree(CustomerCategory, CUSTOMER_CATEGORY_CODING, CUSTOMER_VIEW, CUSTOMER_CATEGORY_EDIT)

#: Plain columns set from input as given.
FIELDS = ("code", "name", "short_name", "category_id", "uscc", "phone", "email", "credit_limit",
          "payment_terms_days", "price_list_id", "member_card_no", "salesperson_id",
          "min_remaining_shelf_days", "invoice_title", "bank_name", "bank_account", "note", "active")


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = get_record(session, Customer, customer_id)
    if customer is None:
        raise NotFound(N_("Customer not found."))
    return customer


def query_customers(session: Session, *, q: str | None = None, category_id: int | None = None,
                    active: bool | None = None, salesperson_id: int | None = None,
                    price_list_id: int | None = None):
    """Customers by code; ``q`` searches code, name, short name, phone, USCC and member card;
    ``category_id`` includes its sub-categories."""
    stmt = (select(Customer).order_by(Customer.code)
            .options(selectinload(Customer.contacts), selectinload(Customer.addresses)))
    cond = search_filter([Customer.code, Customer.name, Customer.short_name, Customer.phone, Customer.uscc,
                          Customer.member_card_no], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if category_id is not None:
        stmt = stmt.where(subtree_condition(session, CUSTOMER_CATEGORIES, category_id, Customer.category_id))
    if active is not None:
        stmt = stmt.where(Customer.active.is_(active))
    if salesperson_id is not None:
        stmt = stmt.where(Customer.salesperson_id == salesperson_id)
    if price_list_id is not None:
        stmt = stmt.where(Customer.price_list_id == price_list_id)
    return stmt


def find_customer(session: Session, code: str) -> Customer:
    """The customer with this code, member card number or USCC (the counter scans the card)."""
    text = code.strip()
    customer = session.scalar(select(Customer).where(or_(
        func.lower(Customer.code) == text.lower(), Customer.member_card_no == text,
        Customer.uscc == text.upper())).limit(1))
    if customer is None:
        raise NotFound(N_("No customer has this code or member card."))
    return customer


def active_customer(session: Session, customer_id: int | None, field: str = "customer_id") -> Customer:
    """For documents: the customer must exist and be active (a field error otherwise)."""
    customer = get_record(session, Customer, customer_id) if customer_id else None
    if customer is None:
        raise ValidationFailed(N_("Unknown customer."), fields={field: [N_("Unknown customer.")]})
    if not customer.active:
        raise ValidationFailed(N_("This customer is inactive."), fields={field: [N_("This customer is inactive.")]})
    return customer


def _unique(session: Session, problems: Problems, column, value, field: str, exclude_id: int | None,
            message: str, case_insensitive: bool = False) -> None:
    if value is None:
        return
    cond = func.lower(column) == value.lower() if case_insensitive else column == value
    stmt = select(Customer.id).where(cond)
    if exclude_id:
        stmt = stmt.where(Customer.id != exclude_id)
    if session.scalar(stmt.limit(1)):
        problems.add(field, message)


def _check_references(session: Session, data: dict, problems: Problems, customer: Customer | None) -> None:
    from erp.pricing.models import PriceList

    if "category_id" in data and get_record(session, CustomerCategory, data["category_id"]) is None:
        problems.add("category_id", N_("Unknown category."))
    if data.get("price_list_id") is not None and (customer is None or data["price_list_id"] != customer.price_list_id):
        price_list = get_record(session, PriceList, data["price_list_id"])
        if price_list is None:
            problems.add("price_list_id", N_("Unknown price list."))
        elif not price_list.active:
            problems.add("price_list_id", N_("This price list is inactive."))
        elif price_list.customer_id is not None or price_list.customer_category_id is not None:
            problems.add("price_list_id", N_("Only a general price list can be assigned to a customer."))
    if data.get("salesperson_id") is not None and (customer is None or data["salesperson_id"] != customer.salesperson_id):
        user = get_record(session, User, data["salesperson_id"])
        if user is None:
            problems.add("salesperson_id", N_("Unknown user."))
        elif not user.active:
            problems.add("salesperson_id", N_("This user is inactive."))


def _check_addresses(rows: list[dict], problems: Problems) -> None:
    if sum(1 for row in rows if row.get("is_default")) > 1:
        problems.add("addresses", N_("Only one address can be the default."))


def check_customer(session: Session, actor: User, data: dict, customer: Customer | None = None) -> None:
    """All checks of a create or change, each bad field named; a credit limit change
    without ``customer.credit_edit`` is refused (403)."""
    if "credit_limit" in data and data["credit_limit"] != (customer.credit_limit if customer else None):
        require(actor, CUSTOMER_CREDIT_EDIT)
    problems = Problems()
    exclude = customer.id if customer else None
    _unique(session, problems, Customer.code, data.get("code"), "code", exclude, N_("This code is already used."),
            case_insensitive=True)
    _unique(session, problems, Customer.uscc, data.get("uscc"), "uscc", exclude,
            N_("Another customer has this unified social credit code."))
    _unique(session, problems, Customer.member_card_no, data.get("member_card_no"), "member_card_no", exclude,
            N_("Another customer has this member card."))
    _check_references(session, data, problems, customer)
    if "addresses" in data:
        _check_addresses(data["addresses"], problems)
    problems.raise_if_any()


def _apply_rows(customer: Customer, data: dict) -> None:
    problems = Problems()
    if "contacts" in data:
        contacts = sync_rows(customer.contacts, data["contacts"], CustomerContact, problems, "contacts")
    if "addresses" in data:
        addresses = sync_rows(customer.addresses, data["addresses"], CustomerAddress, problems, "addresses")
    problems.raise_if_any()
    if "contacts" in data:
        customer.contacts = contacts
    if "addresses" in data:
        if addresses and not any(a.is_default for a in addresses):
            addresses[0].is_default = True
        customer.addresses = addresses


def create_customer(session: Session, actor: User, data: dict) -> Customer:
    """Create a customer with its contacts and addresses (see :func:`check_customer`)."""
    require(actor, CUSTOMER_EDIT)
    check_customer(session, actor, data)
    customer = Customer(**{k: data[k] for k in FIELDS if k in data})
    _apply_rows(customer, data)
    session.add(customer)
    session.flush()
    return customer


def update_customer(session: Session, actor: User, customer_id: int, data: dict) -> Customer:
    """Change the fields given (PATCH); contacts/addresses given replace the lists."""
    require(actor, CUSTOMER_EDIT)
    customer = get_customer(session, customer_id)
    check_customer(session, actor, data, customer)
    for key in FIELDS:
        if key in data:
            setattr(customer, key, data[key])
    _apply_rows(customer, data)
    session.flush()
    return customer


def delete_customer(session: Session, actor: User, customer_id: int) -> None:
    """Delete a customer nothing references (409 naming what does: deactivate it instead)."""
    require(actor, CUSTOMER_DELETE)
    customer = get_customer(session, customer_id)
    delete_unless_referenced(session, customer, f"{customer.code} {customer.name}")
