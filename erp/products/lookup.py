"""Finding products: the list search (SKU, name, any barcode) and the scanner lookup that
tells which unit a scanned code stands for (a case barcode → the case and its factor)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from erp.errors import N_, Conflict, NotFound
from erp.masterdata.categories import subtree_condition
from erp.products.models import Product, ProductUnit, Unit
from erp.products.services import PRODUCT_CATEGORIES


@dataclass(frozen=True)
class ProductMatch:
    product: Product
    unit: Unit
    #: Base units in one ``unit`` (1 for the base unit).
    factor: Decimal
    #: barcode | packing_barcode | sku | name
    matched_by: str
    packing: ProductUnit | None = None


def query_products(session: Session, *, q: str | None = None, category_id: int | None = None,
                   brand: str | None = None, active: bool | None = None, batch_tracked: bool | None = None,
                   supplier_id: int | None = None):
    """Products by SKU; ``q`` matches SKU, name, spec, brand or any barcode (piece or packing);
    ``category_id`` includes its sub-categories."""
    stmt = select(Product).order_by(Product.sku)
    if q:
        pattern = f"%{q.lower()}%"
        packing_barcode = exists().where(ProductUnit.product_id == Product.id, ProductUnit.barcode.like(f"%{q}%"))
        stmt = stmt.where(or_(*(func.lower(c).like(pattern) for c in (Product.sku, Product.name, Product.spec,
                                                                        Product.brand, Product.barcode)),
                              packing_barcode))
    if category_id is not None:
        stmt = stmt.where(subtree_condition(session, PRODUCT_CATEGORIES, category_id, Product.category_id))
    if brand:
        stmt = stmt.where(Product.brand == brand)
    if active is not None:
        stmt = stmt.where(Product.active.is_(active))
    if batch_tracked is not None:
        stmt = stmt.where(Product.batch_tracked.is_(batch_tracked))
    if supplier_id is not None:
        stmt = stmt.where(Product.preferred_supplier_id == supplier_id)
    return stmt


def lookup_product(session: Session, code: str, *, active_only: bool = True) -> ProductMatch:
    """The product a scanned or typed code names: a piece barcode, a packing barcode (the
    match carries that unit and factor), a SKU, or an exact name.

    Raises ``NotFound`` for an unknown code and ``Conflict`` (``product_inactive``) for an
    inactive product when ``active_only``.
    """
    text = code.strip()
    match = _by_barcode(session, text) or _by_sku_or_name(session, text)
    if match is None:
        raise NotFound(N_("No product has this barcode, SKU or name."), code="product_not_found")
    if active_only and not match.product.active:
        raise Conflict(N_("Product %(sku)s is inactive."), code="product_inactive", sku=match.product.sku)
    return match


def _by_barcode(session: Session, text: str) -> ProductMatch | None:
    if not text.isdigit():
        return None
    if len(text) == 14 and text.startswith("0"):
        text = text[1:]  # a GTIN-14 with indicator 0 is the EAN-13 of the same item
    product = session.scalar(select(Product).where(Product.barcode == text))
    if product is not None:
        return ProductMatch(product, product.base_unit, Decimal(1), "barcode")
    packing = session.scalar(select(ProductUnit).where(ProductUnit.barcode == text))
    if packing is not None:
        return ProductMatch(packing.product, packing.unit, packing.factor, "packing_barcode", packing)
    return None


def _by_sku_or_name(session: Session, text: str) -> ProductMatch | None:
    product = session.scalar(select(Product).where(func.lower(Product.sku) == text.lower()))
    matched_by = "sku"
    if product is None:
        names = list(session.scalars(select(Product).where(func.lower(Product.name) == text.lower()).limit(2)))
        if len(names) != 1:
            return None
        product, matched_by = names[0], "name"
    return ProductMatch(product, product.base_unit, Decimal(1), matched_by)
