"""Lines typed by a purchaser, and what the order-entry screen asks while they type: the
default purchase unit of a product, its last price from the supplier, its stock and
what is already on order.

Quantities come in any packing unit of the product (default: its purchase-default
packing, else the base unit) and are converted with ``Product.factor``. A price left out
is the last price paid to this supplier for the product, else its moving average cost.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import check_warehouse_access
from erp.documents.base import DocState
from erp.errors import N_, ValidationFailed
from erp.money import VAT_RATES, price_excl_vat, price_incl_vat, round_price
from erp.products.models import Product
from inventory.reports.reorder import register_on_order
from inventory.stock.lines import LineErrors, read_quantity, require_lines
from inventory.stock.models import StockCost
from inventory.stock.queries import stock_level
from purchasing.lines import price_per_unit
from purchasing.orders.models import PurchaseOrder, PurchaseOrderLine

LAST_PRICE = "上次采购价"
AVERAGE_COST = "移动平均成本"


def purchase_unit_id(product: Product) -> int:
    """The product's purchase-default packing unit, else its base unit."""
    for packing in product.packings:
        if packing.is_purchase_default:
            return packing.unit_id
    return product.base_unit_id


def last_price(session: Session, supplier_id: int | None, product: Product, unit_id: int,
               includes_vat: bool) -> Decimal | None:
    """The price of the supplier's latest order line for the product (not cancelled), per
    ``unit_id`` and on the asked basis (with or without VAT)."""
    if not supplier_id:
        return None
    row = session.execute(
        select(PurchaseOrderLine.unit_price, PurchaseOrderLine.unit_id, PurchaseOrderLine.vat_rate,
               PurchaseOrder.price_includes_vat)
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.document_id)
        .where(PurchaseOrder.supplier_id == supplier_id, PurchaseOrderLine.product_id == product.id,
               PurchaseOrder.state != DocState.CANCELLED)
        .order_by(PurchaseOrder.doc_date.desc(), PurchaseOrder.id.desc()).limit(1)).first()
    if row is None:
        return None
    price = price_per_unit(row.unit_price, product.factor(row.unit_id) or Decimal(1),
                           product.factor(unit_id) or Decimal(1))
    if row.price_includes_vat == includes_vat:
        return price
    if includes_vat:
        return price_incl_vat(price, row.vat_rate)
    return price_excl_vat(price, row.vat_rate)


def average_cost(session: Session, product: Product, unit_id: int, warehouse_id: int | None,
                 includes_vat: bool) -> Decimal | None:
    """The moving average cost (net of VAT) per ``unit_id`` in the warehouse, if known."""
    if not warehouse_id:
        return None
    cost = session.get(StockCost, (product.id, warehouse_id))
    if cost is None or not cost.unit_cost:
        return None
    price = round_price(cost.unit_cost * (product.factor(unit_id) or Decimal(1)))
    return price_incl_vat(price, product.vat_rate) if includes_vat else price


def default_price(session: Session, supplier_id: int | None, product: Product, unit_id: int,
                  warehouse_id: int | None, includes_vat: bool) -> tuple[Decimal | None, str | None]:
    """``(price per unit, where it came from)`` or ``(None, None)`` when nothing is known."""
    price = last_price(session, supplier_id, product, unit_id, includes_vat)
    if price is not None:
        return price, LAST_PRICE
    price = average_cost(session, product, unit_id, warehouse_id, includes_vat)
    if price is not None:
        return price, AVERAGE_COST
    return None, None


def check_vat_rate(index: int, rate: Decimal, errors: LineErrors) -> bool:
    if rate not in VAT_RATES:
        errors.add(index, "vat_rate", N_("Use one of the VAT rates 13%, 9%, 6%, 3%, 1% or 0%."))
        return False
    return True


def read_entered_lines(session: Session, items: list[dict] | None, *, supplier_id: int | None,
                       warehouse_id: int | None, includes_vat: bool) -> list[PurchaseOrderLine]:
    """Order lines from input (``product_id``, ``unit_id``?, ``qty``, ``unit_price``?,
    ``vat_rate``?), not yet priced. Raises ``ValidationFailed`` with a message per line and
    field (unknown or inactive product, a unit that does not convert, too many decimals,
    an unknown VAT rate, no price given and none known)."""
    errors = LineErrors()
    out = []
    for index, item in enumerate(require_lines(items)):
        product = session.get(Product, item.get("product_id")) if item.get("product_id") else None
        if product is not None and not item.get("unit_id"):
            item = {**item, "unit_id": purchase_unit_id(product)}
        parsed = read_quantity(session, index, item, errors)
        vat_rate = item.get("vat_rate")
        if parsed is None:
            continue
        vat_rate = parsed.product.vat_rate if vat_rate is None else vat_rate
        if not check_vat_rate(index, vat_rate, errors):
            continue
        price = item.get("unit_price")
        if price is None:
            price, _source = default_price(session, supplier_id, parsed.product, parsed.unit_id, warehouse_id,
                                           includes_vat)
            if price is None:
                errors.add(index, "unit_price", N_("No earlier price is known: give a unit price."))
                continue
        out.append(PurchaseOrderLine(line_no=len(out) + 1, product=parsed.product, unit_id=parsed.unit_id,
                                     qty=parsed.qty, qty_base=parsed.qty_base, unit_price=price,
                                     vat_rate=vat_rate))
    errors.raise_if_any()
    return out


@register_on_order  # what inventory's reorder report shows on order (在途)
def on_order(session: Session, product_ids: list[int], warehouse_ids: list[int] | None = None) -> dict[int, Decimal]:
    """Base quantity still to be received per product on purchase orders that are not
    cancelled or closed (drafts count: a suggestion must not order the same goods twice),
    in the ``warehouse_ids`` (None: every warehouse)."""
    if not product_ids:
        return {}
    stmt = (select(PurchaseOrderLine)
            .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.document_id)
            .where(PurchaseOrderLine.product_id.in_(product_ids),
                   PurchaseOrder.state.in_([DocState.DRAFT, DocState.PENDING, DocState.APPROVED])))
    if warehouse_ids is not None:
        stmt = stmt.where(PurchaseOrder.warehouse_id.in_(warehouse_ids))
    out: dict[int, Decimal] = {}
    for line in session.scalars(stmt):
        out[line.product_id] = out.get(line.product_id, Decimal(0)) + line.qty_open
    return out


def line_defaults(session: Session, actor: User, args: dict) -> dict:
    """What the order-entry screen shows for a product: its units (with the purchase default),
    the price per unit from this supplier, the VAT rate, and in the base unit the stock
    available and what is on order (in ``warehouse_id``, else every visible warehouse)."""
    product = session.get(Product, args["product_id"])
    if product is None or not product.active:
        raise ValidationFailed(N_("Unknown or inactive product."),
                               fields={"product_id": [N_("Unknown or inactive product.")]})
    unit_id = args.get("unit_id") or purchase_unit_id(product)
    if product.factor(unit_id) is None:
        raise ValidationFailed(N_("This unit does not convert to the product's base unit."),
                               fields={"unit_id": [N_("This unit does not convert to the product's base unit.")]})
    warehouse_id = args.get("warehouse_id")
    if warehouse_id:
        check_warehouse_access(actor, warehouse_id)
    includes_vat = args.get("price_includes_vat", True)
    price, source = default_price(session, args.get("supplier_id"), product, unit_id, warehouse_id, includes_vat)
    level = stock_level(session, product.id, warehouse_id)
    units = [{"unit_id": product.base_unit_id, "name": product.base_unit.name, "factor": Decimal(1),
              "default": unit_id == product.base_unit_id}]
    units += [{"unit_id": p.unit_id, "name": p.unit.name, "factor": p.factor, "default": p.unit_id == unit_id}
              for p in product.packings]
    return {"product_id": product.id, "sku": product.sku, "name": product.name, "unit_id": unit_id,
            "factor": product.factor(unit_id), "unit_price": price, "price_source": source,
            "vat_rate": product.vat_rate, "batch_tracked": product.batch_tracked, "units": units,
            "available": level.available, "on_order": on_order(
                session, [product.id], [warehouse_id] if warehouse_id else None).get(product.id, Decimal(0))}

