"""What the order-entry screen asks while the clerk types: the price of a line for the
customer (with its source, the minimum price and whether it is below it), the stock
available to sell, and the customer's available credit."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access
from erp.customers.models import Customer
from erp.errors import N_, NotFound, ValidationFailed
from erp.money import round_price, round_qty
from erp.products.models import Product
from erp.sales.credit import CreditStatus, credit_status
from erp.sales.pricing import default_unit_price
from inventory.stock.queries import stock_level


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(N_("Customer not found."))
    return customer


def customer_credit(session: Session, actor: User, customer_id: int) -> CreditStatus:
    """Limit, exposure (open receivables + uninvoiced approved orders), available, overdue."""
    return credit_status(session, get_customer(session, customer_id))


def line_price(session: Session, actor: User, args: dict) -> dict:
    """Price per unit of ``qty`` ``unit_id`` of a product for a customer today, its source,
    the product's minimum price (per unit), and what is available to sell (sellable stock,
    in the line's unit) in ``warehouse_id`` (all visible warehouses when not given)."""
    product = session.get(Product, args["product_id"])
    if product is None or not product.active:
        raise ValidationFailed(N_("Unknown or inactive product."),
                               fields={"product_id": [N_("Unknown or inactive product.")]})
    customer = get_customer(session, args["customer_id"]) if args.get("customer_id") else None
    unit_id = args.get("unit_id") or product.base_unit_id
    factor = product.factor(unit_id)
    if factor is None:
        raise ValidationFailed(N_("This unit does not convert to the product's base unit."),
                               fields={"unit_id": [N_("This unit does not convert to the product's base unit.")]})
    includes_vat = args.get("price_includes_vat", True)
    qty_base = args["qty"] * factor
    price, source = default_unit_price(session, customer, product, unit_id, qty_base, clock.today(), includes_vat)
    if args.get("warehouse_id"):
        check_warehouse_access(actor, args["warehouse_id"])
    level = stock_level(session, product.id, args.get("warehouse_id"))
    minimum = round_price(product.min_price * factor) if product.min_price is not None else None
    units = [{"unit_id": product.base_unit_id, "name": product.base_unit.name, "factor": "1"}] + [
        {"unit_id": p.unit_id, "name": p.unit.name, "factor": format(p.factor.normalize(), "f"),
         "default": p.is_sales_default} for p in product.packings]
    return {"product_id": product.id, "sku": product.sku, "name": product.name, "unit_id": unit_id,
            "unit": (product.packing(unit_id).unit.name if unit_id != product.base_unit_id else product.base_unit.name),
            "factor": factor, "qty_base": qty_base, "unit_price": price, "price_source": source,
            "min_price": minimum, "below_min": minimum is not None and includes_vat and price < minimum,
            "vat_rate": format(product.vat_rate.normalize(), "f"), "available": round_qty(level.sellable / factor),
            "units": units}

