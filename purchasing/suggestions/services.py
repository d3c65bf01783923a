"""The purchase suggestion (采购建议): products below their reorder point, how much to
order to reach their maximum stock, grouped by preferred supplier; and the draft
purchase orders made from it in one action.

Per product, in the base unit: projected = on hand − reserved + on order (open
quantities of purchase orders that are not cancelled or closed, drafts included, so that
running the suggestion twice orders nothing twice). A product is suggested when
projected < reorder point; the quantity brings it to ``max_stock`` (to the reorder point
when no maximum is set), rounded up to whole purchase units (the purchase-default
packing, e.g. cases). With a warehouse, stock and orders of that warehouse count; without,
every warehouse the user may see.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require, visible_warehouse_ids
from erp.errors import N_, Conflict
from erp.money import round_qty
from erp.products.models import Product, Unit
from erp.suppliers.models import Supplier
from inventory.stock.queries import product_stock
from purchasing import common
from purchasing.lines import price_all, whole_units
from purchasing.orders.entry import default_price, on_order, purchase_unit_id
from purchasing.orders.models import PurchaseOrder, PurchaseOrderLine
from purchasing.orders.services import new_order
from purchasing.permissions import PURCHASE_SUGGESTION_VIEW

ZERO = Decimal(0)


@dataclass
class Suggestion:
    product: Product
    unit: Unit
    factor: Decimal
    reorder_point: Decimal
    max_stock: Decimal | None
    on_hand: Decimal
    reserved: Decimal
    on_order: Decimal
    #: Base units to order (whole purchase units) and the same in ``unit``.
    qty_base: Decimal
    qty: Decimal

    @property
    def projected(self) -> Decimal:
        return self.on_hand - self.reserved + self.on_order

    @property
    def supplier(self) -> Supplier | None:
        return self.product.preferred_supplier


@dataclass
class SupplierGroup:
    supplier: Supplier | None
    items: list[Suggestion] = field(default_factory=list)


def suggest(session: Session, actor: User, *, warehouse_id: int | None = None, supplier_id: int | None = None,
            product_ids: list[int] | None = None) -> list[Suggestion]:
    """Products to order, by preferred supplier then SKU (see the module docstring)."""
    require(actor, PURCHASE_SUGGESTION_VIEW)
    stmt = (select(Product).where(Product.active.is_(True), Product.reorder_point.is_not(None))
            .order_by(Product.preferred_supplier_id, Product.sku))
    if supplier_id:
        stmt = stmt.where(Product.preferred_supplier_id == supplier_id)
    if product_ids:
        stmt = stmt.where(Product.id.in_(product_ids))
    products = list(session.scalars(stmt))
    ids = [p.id for p in products]
    stock = {s.product_id: s.total for s in product_stock(session, ids, warehouse_ids=[warehouse_id] if warehouse_id
                                                          else None, actor=actor)}
    # On order in the same warehouses as the stock counted (all the buyer may see).
    visible = visible_warehouse_ids(actor)
    if warehouse_id:
        scope = [warehouse_id]
    else:
        scope = None if visible is None else sorted(visible)
    ordered = on_order(session, ids, scope)
    out = []
    for product in products:
        level = stock[product.id]
        coming = ordered.get(product.id, ZERO)
        projected = level.on_hand - level.reserved + coming
        if projected >= product.reorder_point:
            continue
        target = product.max_stock if product.max_stock is not None else product.reorder_point
        wanted = target - projected
        if wanted <= 0:
            continue
        unit_id = purchase_unit_id(product)
        factor = product.factor(unit_id) or Decimal(1)
        qty = round_qty(Decimal(whole_units(wanted, factor)))  # never short of the target
        unit = session.get(Unit, unit_id)
        out.append(Suggestion(product, unit, factor, product.reorder_point, product.max_stock, level.on_hand,
                              level.reserved, coming, round_qty(qty * factor), qty))
    return out


def group_by_supplier(items: list[Suggestion]) -> list[SupplierGroup]:
    """Suggestions grouped by preferred supplier (those without one last)."""
    groups: dict[int | None, SupplierGroup] = {}
    for item in items:
        key = item.supplier.id if item.supplier else None
        groups.setdefault(key, SupplierGroup(item.supplier)).items.append(item)
    return sorted(groups.values(), key=lambda g: (g.supplier is None, g.supplier.code if g.supplier else ""))


def create_orders_from_suggestion(session: Session, actor: User, data: dict) -> list[PurchaseOrder]:
    """One draft purchase order per preferred supplier for the suggested products (all of
    them, or ``product_ids``; only ``supplier_ids`` if given), delivered to ``warehouse_id``
    and expected on ``expected_date``. The suggestion counts the stock of that warehouse, or
    of every warehouse with ``all_warehouses`` (as it was shown). Prices are the
    last paid to the supplier, else the average cost, else 0 for the purchaser to fill in.
    Products without a preferred supplier are left out. Raises ``Conflict``
    (``nothing_to_order``) when nothing is suggested, ``ValidationFailed`` (warehouse,
    inactive supplier), ``Forbidden``."""
    common.require_edit(actor, PurchaseOrder)
    warehouse_id = data.get("warehouse_id")
    scope = None if data.get("all_warehouses") else warehouse_id
    items = suggest(session, actor, warehouse_id=scope, product_ids=data.get("product_ids"))
    wanted_suppliers = set(data.get("supplier_ids") or [])
    made = []
    for group in group_by_supplier(items):
        if group.supplier is None or not group.supplier.active:
            continue
        if wanted_suppliers and group.supplier.id not in wanted_suppliers:
            continue
        doc = new_order(session, actor, {"supplier_id": group.supplier.id, "warehouse_id": warehouse_id,
                                         "doc_date": data.get("doc_date"), "expected_date": data.get("expected_date"),
                                         "note": data.get("note") or "采购建议生成"})
        doc.lines = [_order_line(session, doc, index, item) for index, item in enumerate(group.items)]
        price_all(doc)
        session.add(doc)
        made.append(doc)
    if not made:
        raise Conflict(N_("Nothing to order: no product with a preferred supplier is below its reorder point."),
                       code="nothing_to_order")
    session.flush()
    return made


def _order_line(session: Session, doc: PurchaseOrder, index: int, item: Suggestion) -> PurchaseOrderLine:
    price, _source = default_price(session, doc.supplier_id, item.product, item.unit.id, doc.warehouse_id,
                                   doc.price_includes_vat)
    return PurchaseOrderLine(line_no=index + 1, product=item.product, unit_id=item.unit.id, qty=item.qty,
                             qty_base=item.qty_base, unit_price=price if price is not None else ZERO,
                             vat_rate=item.product.vat_rate)

