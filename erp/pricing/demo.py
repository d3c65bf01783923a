"""Demo price lists: wholesale, retail and catering prices by customer category with
case-quantity breaks, a member list assigned to cash-and-carry members, one big
customer's own list, and a summer drinks promotion. Every price respects the
product's minimum price."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.customers.models import Customer, CustomerCategory
from erp.pricing import services
from erp.pricing.models import PriceList
from erp.products.models import Product

#: (code, name, category code or None, share of the list price, share from 5 cases, product filter)
CATEGORY_LISTS = [
    ("P001", "批发客户价", "01", "0.88", "0.85", lambda p: True),
    ("P002", "零售客户价", "02", "0.95", "0.92", lambda p: True),
    ("P003", "餐饮客户价", "03", "0.92", "0.90", lambda p: p.category.code.startswith(("0103", "0104"))),
]


def _price(product: Product, share: str) -> Decimal:
    price = (product.list_price * Decimal(share)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return max(price, product.min_price or Decimal(0))


def _items(products: list[Product], share: str, bulk_share: str | None) -> list[dict]:
    items = []
    for product in products:
        items.append({"product_id": product.id, "min_qty": Decimal(0), "price": _price(product, share)})
        case = product.case_packing
        if bulk_share and case is not None:
            items.append({"product_id": product.id, "min_qty": case.factor * 5, "price": _price(product, bulk_share)})
    return items


def load_price_lists(session: Session, actor: User, products: list[Product], customers: list[Customer],
                     tree: dict[str, CustomerCategory], today: dt.date | None = None) -> list[PriceList]:
    today = today or clock.today()
    out = []
    for code, name, category, share, bulk, keep in CATEGORY_LISTS:
        out.append(services.create_price_list(session, actor, {
            "code": code, "name": name, "customer_category_id": tree[category].id,
            "items": _items([p for p in products if keep(p)], share, bulk)}))
    members = services.create_price_list(session, actor, {
        "code": "P004", "name": "会员价", "items": _items(products, "0.93", None)})
    out.append(members)
    for customer in customers:
        if customer.category.code.startswith("04"):
            customer.price_list_id = members.id
    big = next(c for c in customers if c.category.code == "010101")
    drinks = [p for p in products if p.category.code.startswith("0101")]
    out.append(services.create_price_list(session, actor, {
        "code": "P005", "name": f"{big.short_name}专享价", "customer_id": big.id, "priority": 10,
        "items": _items(drinks, "0.86", "0.83")}))
    summer_start = dt.date(today.year, 6, 1)
    out.append(services.create_price_list(session, actor, {
        "code": "P006", "name": f"{today.year}年夏季饮料促销", "customer_category_id": tree["02"].id, "priority": 10,
        "valid_from": summer_start, "valid_to": dt.date(today.year, 8, 31),
        "items": _items(drinks, "0.90", "0.86")}))
    session.flush()
    return out
