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

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def _best_item(session: Session, product: Product, qty: Decimal, on_date: dt.date, condition):
    stmt = (select(PriceListItem, PriceList).join(PriceList, PriceListItem.price_list_id == PriceList.id)
            .where(PriceListItem.product_id == product.id, PriceListItem.min_qty <= qty,
                   PriceList.active.is_(True), valid_on(on_date), condition)
            .order_by(PriceList.priority.desc(), PriceList.valid_from.desc().nulls_last(), PriceList.id.desc(),
                      PriceListItem.min_qty.desc())
            .limit(1))
    row = session.execute(stmt).first()
    return (row[0], row[1]) if row else (None, None)


def _quote(item: PriceListItem, price_list: PriceList, product: Product, kind: PriceSource,
           category_code: str | None = None) -> PriceQuote:
    price = item.price if price_list.price_includes_vat else price_incl_vat(item.price, product.vat_rate)
    return PriceQuote(price, kind, price_list.price_includes_vat, product.vat_rate, price_list,
                      item.min_qty, category_code)


def resolve_price(session: Session, customer: Customer | None, product: Product, qty_base: Decimal,
                  on_date: dt.date) -> PriceQuote:
    """The price per base unit (VAT included) of ``qty_base`` of ``product`` for ``customer``
    (None: a walk-in buyer, who pays the list price) on ``on_date``; see the module docstring."""
    qty = Decimal(qty_base)
    if customer is not None:
        item, price_list = _best_item(session, product, qty, on_date, PriceList.customer_id == customer.id)
        if item is not None:
            return _quote(item, price_list, product, PriceSource.CUSTOMER)
        if customer.price_list_id is not None:
            item, price_list = _best_item(session, product, qty, on_date, PriceList.id == customer.price_list_id)
            if item is not None:
                return _quote(item, price_list, product, PriceSource.ASSIGNED)
        category, seen = customer.category, set()
        while category is not None and category.id not in seen:
            seen.add(category.id)
            item, price_list = _best_item(session, product, qty, on_date,
                                          PriceList.customer_category_id == category.id)
            if item is not None:
                return _quote(item, price_list, product, PriceSource.CATEGORY, f"{category.code} {category.name}")
            category = category.parent
    return PriceQuote(product.list_price, PriceSource.LIST_PRICE, True, product.vat_rate)
