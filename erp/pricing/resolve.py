"""Which price applies: ``resolve_price(session, customer, product, qty_base, on_date)``.

Precedence, first match wins:

1. the customer's own price lists (``PriceList.customer_id``);
2. the general list assigned to the customer (``Customer.price_list_id``);
3. lists of the customer's category, then of its parent category, up to the top;
4. the product's list price (商品零售价).

Only active lists valid on the date count. Within one step, a higher ``priority`` wins,
then the list that started most recently, then the newer list; within the chosen list,
the item with the highest ``min_qty`` not above the quantity wins. A list that has no
item for the product at this quantity does not count, so the search goes on. Prices of
a list without VAT are turned into prices with VAT by the product's rate.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, bindparam, or_, select
from sqlalchemy.orm import Session, lazyload

from erp.customers.models import Customer
from erp.errors import N_
from erp.money import price_excl_vat, price_incl_vat
from erp.pricing.models import PriceList, PriceListItem
from erp.pricing.services import valid_on
from erp.products.models import Product


class PriceSource(StrEnum):
    CUSTOMER = "customer"  # the customer's own list
    ASSIGNED = "assigned"  # the general list assigned to the customer
    CATEGORY = "category"  # a list of the customer's category or a parent category
    LIST_PRICE = "list_price"  # the product's list price


SOURCE_TEXT = {
    PriceSource.CUSTOMER: N_("Customer price list %(code)s"),
    PriceSource.ASSIGNED: N_("Price list %(code)s"),
    PriceSource.CATEGORY: N_("Customer category price list %(code)s (%(category)s)"),
    PriceSource.LIST_PRICE: N_("Product list price"),
}


@dataclass(frozen=True)
class PriceQuote:
    #: Per base unit, VAT included.
    unit_price: Decimal
    source_kind: PriceSource
    #: Whether the source gave its price with VAT (the list's flag; list prices always do).
    price_includes_vat: bool
    vat_rate: Decimal
    price_list: PriceList | None = None
    min_qty: Decimal | None = None
    category_code: str | None = None

    @property
    def unit_price_excl_vat(self) -> Decimal:
        return price_excl_vat(self.unit_price, self.vat_rate)

    def describe(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """E.g. "客户价格政策 P001 ≥ 48" or "商品零售价" (translated by ``translate``)."""
        params = {"code": self.price_list.code if self.price_list else "", "category": self.category_code or ""}
        text = translate(SOURCE_TEXT[self.source_kind]) % params
        if self.min_qty:
            text += f" ≥ {_plain(self.min_qty)}"
        return text

    @property
    def source(self) -> str:
        return self.describe()


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _candidates(condition):
    """Items of active lists valid on ``:on_date`` meeting ``condition``, for the products
    ``:product_ids`` up to ``:max_qty``, best first per product (built once per step)."""
    return (select(PriceListItem, PriceList).join(PriceList, PriceListItem.price_list_id == PriceList.id)
            .where(PriceListItem.product_id.in_(bindparam("product_ids", expanding=True)),
                   PriceListItem.min_qty <= bindparam("max_qty"), PriceList.active.is_(True),
                   valid_on(bindparam("on_date", type_=Date())), condition)
            .order_by(PriceListItem.product_id, PriceList.priority.desc(), PriceList.valid_from.desc().nulls_last(),
                      PriceList.id.desc(), PriceListItem.min_qty.desc())
            .options(lazyload("*")))


_CATEGORY_LISTS = _candidates(PriceList.customer_category_id == bindparam("scope_id"))
#: The first three steps at once: the customer's own lists, its assigned list and the
#: lists of its own category (parent categories, rarely needed, come one step at a time).
_CUSTOMER_LISTS = _candidates(or_(PriceList.customer_id == bindparam("scope_id"),
                                  PriceList.id == bindparam("assigned_id"),
                                  PriceList.customer_category_id == bindparam("category_id")))

Candidates = dict[int, list[tuple[PriceListItem, PriceList]]]


def _read_candidates(session: Session, stmt, wanted: dict[int, tuple[Product, Decimal]], on_date: dt.date,
                     **scope) -> Candidates:
    """The items of ``stmt`` for the wanted lines' products, best first, per product id."""
    params = {"product_ids": sorted({product.id for product, _ in wanted.values()}),
              "max_qty": max(qty for _, qty in wanted.values()), "on_date": on_date, **scope}
    by_product: Candidates = {}
    for item, price_list in session.execute(stmt, params):
        by_product.setdefault(item.product_id, []).append((item, price_list))
    return by_product


def _choose(candidates: Candidates, wanted: dict[int, tuple[Product, Decimal]],
            in_step: Callable[[PriceList], bool] = lambda _list: True) -> dict[int, tuple[PriceListItem, PriceList]]:
    """For each wanted line (by index) still unpriced: the best item of the lists of one
    precedence step (``in_step``) — the first, in the step's order, whose ``min_qty`` the
    line reaches."""
    found = {}
    for index, (product, qty) in wanted.items():
        for item, price_list in candidates.get(product.id, ()):
            if item.min_qty <= qty and in_step(price_list):
                found[index] = (item, price_list)
                break
    return found


def _best_items(session: Session, stmt, scope_id: int, wanted: dict[int, tuple[Product, Decimal]],
                on_date: dt.date) -> dict[int, tuple[PriceListItem, PriceList]]:
    """:func:`_choose` among the lists of one precedence step, read for it alone."""
    return _choose(_read_candidates(session, stmt, wanted, on_date, scope_id=scope_id), wanted)


def _quote(item: PriceListItem, price_list: PriceList, product: Product, kind: PriceSource,
           category_code: str | None = None) -> PriceQuote:
    price = item.price if price_list.price_includes_vat else price_incl_vat(item.price, product.vat_rate)
    return PriceQuote(price, kind, price_list.price_includes_vat, product.vat_rate, price_list,
                      item.min_qty, category_code)


def resolve_price(session: Session, customer: Customer | None, product: Product, qty_base: Decimal,
                  on_date: dt.date) -> PriceQuote:
    """The price per base unit (VAT included) of ``qty_base`` of ``product`` for ``customer``
    (None: a walk-in buyer, who pays the list price) on ``on_date``; see the module docstring."""
    return resolve_prices(session, customer, [(product, qty_base)], on_date)[0]


def resolve_prices(session: Session, customer: Customer | None, lines: list[tuple[Product, Decimal]],
                   on_date: dt.date) -> list[PriceQuote]:
    """:func:`resolve_price` for several ``(product, qty_base)`` at once, in order: one query
    for the first three steps and one per parent category (for the lines still unpriced),
    instead of one per line and step."""
    quotes: dict[int, PriceQuote] = {}
    wanted = {index: (product, Decimal(qty)) for index, (product, qty) in enumerate(lines)}

    def take(found: dict, kind: PriceSource, category_code: str | None = None) -> None:
        for index, (item, price_list) in found.items():
            quotes[index] = _quote(item, price_list, wanted.pop(index)[0], kind, category_code)

    if customer is not None and wanted:
        if session.autoflush:
            session.flush()  # as the query would, before its parameters are read (a new assigned list)
        category, seen = customer.category, set()
        # The customer's own lists, its assigned list and its category's lists: one query,
        # then the steps in their order.
        candidates = _read_candidates(session, _CUSTOMER_LISTS, wanted, on_date, scope_id=customer.id,
                                      assigned_id=customer.price_list_id,
                                      category_id=category.id if category is not None else None)
        take(_choose(candidates, wanted, lambda price_list: price_list.customer_id == customer.id),
             PriceSource.CUSTOMER)
        if customer.price_list_id is not None and wanted:
            take(_choose(candidates, wanted, lambda price_list: price_list.id == customer.price_list_id),
                 PriceSource.ASSIGNED)
        if category is not None and wanted:
            seen.add(category.id)
            take(_choose(candidates, wanted, lambda price_list: price_list.customer_category_id == category.id),
                 PriceSource.CATEGORY, f"{category.code} {category.name}")
            category = category.parent
        while category is not None and category.id not in seen and wanted:
            seen.add(category.id)
            take(_best_items(session, _CATEGORY_LISTS, category.id, wanted, on_date), PriceSource.CATEGORY,
                 f"{category.code} {category.name}")
            category = category.parent
    for index, (product, _qty) in wanted.items():
        quotes[index] = PriceQuote(product.list_price, PriceSource.LIST_PRICE, True, product.vat_rate)
    return [quotes[index] for index in range(len(lines))]
