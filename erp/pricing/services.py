"""Price lists (价格政策): per customer, per customer category, or general (assigned to
customers through ``Customer.price_list_id``), with validity dates and quantity breaks.

The sales chain asks :func:`erp.pricing.resolve.resolve_price` which price applies.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.permissions import PRICE_LIST_EDIT
from erp.auth.services import require
from erp.customers.models import Customer, CustomerCategory
from erp.errors import N_, NotFound
from erp.masterdata.problems import Problems
from erp.masterdata.records import get_record
from erp.masterdata.references import delete_unless_referenced
from erp.money import price_incl_vat
from erp.pricing.models import PriceList, PriceListItem
from erp.products.models import Product

FIELDS = ("code", "name", "customer_id", "customer_category_id", "valid_from", "valid_to", "price_includes_vat",
          "priority", "active")


def get_price_list(session: Session, price_list_id: int) -> PriceList:
    price_list = get_record(session, PriceList, price_list_id)
    if price_list is None:
        raise NotFound(N_("Price list not found."))
    return price_list


def valid_on(on_date: dt.date):
    """Condition: the list is valid on ``on_date`` (open ends allowed)."""
    return (or_(PriceList.valid_from.is_(None), PriceList.valid_from <= on_date)
            & or_(PriceList.valid_to.is_(None), PriceList.valid_to >= on_date))


def query_price_lists(*, q: str | None = None, scope: str | None = None, customer_id: int | None = None,
                      customer_category_id: int | None = None, product_id: int | None = None,
                      active: bool | None = None, on_date: dt.date | None = None):
    stmt = select(PriceList).order_by(PriceList.code).options(selectinload(PriceList.items))
    cond = search_filter([PriceList.code, PriceList.name], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if scope == "customer":
        stmt = stmt.where(PriceList.customer_id.is_not(None))
    elif scope == "category":
        stmt = stmt.where(PriceList.customer_category_id.is_not(None))
    elif scope == "general":
        stmt = stmt.where(PriceList.customer_id.is_(None), PriceList.customer_category_id.is_(None))
    if customer_id is not None:
        stmt = stmt.where(PriceList.customer_id == customer_id)
    if customer_category_id is not None:
        stmt = stmt.where(PriceList.customer_category_id == customer_category_id)
    if product_id is not None:
        stmt = stmt.where(PriceList.items.any(PriceListItem.product_id == product_id))
    if active is not None:
        stmt = stmt.where(PriceList.active.is_(active))
    if on_date is not None:
        stmt = stmt.where(valid_on(on_date))
    return stmt


def _merged(data: dict, price_list: PriceList | None, key: str):
    if key in data:
        return data[key]
    return getattr(price_list, key) if price_list is not None else None


def _check_header(session: Session, data: dict, price_list: PriceList | None, problems: Problems) -> None:
    if data.get("code"):
        stmt = select(PriceList.id).where(PriceList.code == data["code"])
        if price_list is not None:
            stmt = stmt.where(PriceList.id != price_list.id)
        if session.scalar(stmt):
            problems.add("code", N_("This code is already used."))
    customer_id, category_id = _merged(data, price_list, "customer_id"), _merged(data, price_list, "customer_category_id")
    if customer_id is not None and category_id is not None:
        problems.add("customer_category_id", N_("A price list is for one customer or one customer category, not both."))
    if data.get("customer_id") is not None and (price_list is None or data["customer_id"] != price_list.customer_id):
        customer = get_record(session, Customer, data["customer_id"])
        if customer is None:
            problems.add("customer_id", N_("Unknown customer."))
        elif not customer.active:
            problems.add("customer_id", N_("This customer is inactive."))
    if data.get("customer_category_id") is not None and get_record(session, CustomerCategory, data["customer_category_id"]) is None:
        problems.add("customer_category_id", N_("Unknown category."))
    if price_list is not None and price_list.scope == "general" and (customer_id or category_id):
        from erp.masterdata.references import find_references

        if any(ref.table == "customers" for ref in find_references(session, price_list)):
            problems.add("customer_id", N_("Customers are assigned to this general list; it must stay general."))
    start, end = _merged(data, price_list, "valid_from"), _merged(data, price_list, "valid_to")
    if start is not None and end is not None and end < start:
        problems.add("valid_to", N_("The end date is before the start date."))


def _check_items(session: Session, data: dict, price_list: PriceList | None, problems: Problems) -> None:
    if "items" not in data:
        return
    includes_vat = _merged(data, price_list, "price_includes_vat") is not False
    listed = {item.product_id for item in price_list.items} if price_list is not None else set()
    seen: set[tuple] = set()
    for index, row in enumerate(data["items"]):
        product = get_record(session, Product, row["product_id"])
        if product is None:
            problems.add_line("items", index, "product_id", N_("Unknown product."))
            continue
        if not product.active and product.id not in listed:
            problems.add_line("items", index, "product_id", N_("This product is inactive."))
        key = (product.id, row["min_qty"])
        if key in seen:
            problems.add_line("items", index, "min_qty", N_("This product already has a price from this quantity."))
        seen.add(key)
        gross = row["price"] if includes_vat else price_incl_vat(row["price"], product.vat_rate)
        if product.min_price is not None and gross < product.min_price:
            problems.add_line("items", index, "price", N_("Below the product's minimum price."))


def _apply_items(session: Session, price_list: PriceList, rows: list[dict]) -> None:
    """Match items by (product, from-quantity): kept ones change price, the others go first,
    then new ones are added (so the unique key never collides within one flush)."""
    existing = {(item.product_id, item.min_qty): item for item in price_list.items}
    wanted = {(row["product_id"], row["min_qty"]): row for row in rows}
    for key, item in existing.items():
        if key not in wanted:
            price_list.items.remove(item)
    session.flush()
    for key, row in wanted.items():
        if key in existing:
            existing[key].price = row["price"]
        else:
            price_list.items.append(PriceListItem(product_id=row["product_id"], min_qty=row["min_qty"],
                                                  price=row["price"]))


def check_price_list(session: Session, data: dict, price_list: PriceList | None = None) -> None:
    problems = Problems()
    _check_header(session, data, price_list, problems)
    _check_items(session, data, price_list, problems)
    problems.raise_if_any()


def create_price_list(session: Session, actor: User, data: dict) -> PriceList:
    """Create a price list with its items (checks: unique code, one scope, dates in order,
    known active products, one price per product and from-quantity, none below the minimum price)."""
    require(actor, PRICE_LIST_EDIT)
    check_price_list(session, data)
    price_list = PriceList(**{k: data[k] for k in FIELDS if k in data})
    session.add(price_list)
    _apply_items(session, price_list, data.get("items", []))
    session.flush()
    return price_list


def update_price_list(session: Session, actor: User, price_list_id: int, data: dict) -> PriceList:
    require(actor, PRICE_LIST_EDIT)
    price_list = get_price_list(session, price_list_id)
    check_price_list(session, data, price_list)
    for key in FIELDS:
        if key in data:
            setattr(price_list, key, data[key])
    if "items" in data:
        _apply_items(session, price_list, data["items"])
    session.flush()
    return price_list


def delete_price_list(session: Session, actor: User, price_list_id: int) -> None:
    """Delete a price list no customer is assigned to (409 otherwise: deactivate it)."""
    require(actor, PRICE_LIST_EDIT)
    price_list = get_price_list(session, price_list_id)
    delete_unless_referenced(session, price_list, f"{price_list.code} {price_list.name}")
