"""Products (商品) and their packing units; the product category tree (存货分类).

Quantities are kept in the base unit; a packing unit converts (1 箱 = 24 瓶). Every
barcode — a product's piece barcode or a packing's — is unique across all products
and packings and must carry a correct GS1 check digit. Prices are per base unit,
VAT included; the minimum price may not exceed the list price.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.permissions import PRODUCT_DELETE, PRODUCT_EDIT, PRODUCT_VIEW
from erp.auth.services import require
from erp.checks import register_check
from erp.errors import N_, NotFound, ValidationFailed
from erp.masterdata.categories import CategoryTree
from erp.masterdata.problems import Problems
from erp.masterdata.records import get_record
from erp.masterdata.references import delete_unless_referenced, find_references
from erp.money import VAT_RATES
from erp.products.models import Product, ProductCategory, ProductUnit, Unit
from erp.settings.services import PRODUCT_CATEGORY_CODING

PRODUCT_CATEGORIES = CategoryTree(ProductCategory, PRODUCT_CATEGORY_CODING, PRODUCT_VIEW, PRODUCT_EDIT)

FIELDS = ("sku", "name", "spec", "category_id", "brand", "base_unit_id", "barcode", "vat_rate", "tax_code",
          "list_price", "min_price", "batch_tracked", "shelf_life_days", "reorder_point", "max_stock",
          "preferred_supplier_id", "weight_kg", "location", "note", "active")


def get_product(session: Session, product_id: int) -> Product:
    product = get_record(session, Product, product_id)
    if product is None:
        raise NotFound(N_("Product not found."))
    return product


def active_product(session: Session, product_id: int | None, field: str = "product_id") -> Product:
    """For documents: the product must exist and be active (a field error otherwise)."""
    product = get_record(session, Product, product_id) if product_id else None
    if product is None:
        raise ValidationFailed(N_("Unknown product."), fields={field: [N_("Unknown product.")]})
    if not product.active:
        raise ValidationFailed(N_("This product is inactive."), fields={field: [N_("This product is inactive.")]})
    return product


def _merged(data: dict, product: Product | None, key: str):
    if key in data:
        return data[key]
    return getattr(product, key) if product is not None else None


def _check_prices_and_stock(data: dict, product: Product | None, problems: Problems) -> None:
    vat_rate = data.get("vat_rate")
    if vat_rate is not None and vat_rate not in VAT_RATES:
        problems.add("vat_rate", N_("Use one of the VAT rates 13%, 9%, 6%, 3%, 1% or 0%."))
    list_price, min_price = _merged(data, product, "list_price"), _merged(data, product, "min_price")
    if list_price is not None and min_price is not None and min_price > list_price:
        problems.add("min_price", N_("The minimum price may not exceed the list price."))
    if _merged(data, product, "batch_tracked") and not _merged(data, product, "shelf_life_days"):
        problems.add("shelf_life_days", N_("A batch-tracked product needs its shelf life."))
    reorder, maximum = _merged(data, product, "reorder_point"), _merged(data, product, "max_stock")
    if reorder is not None and maximum is not None and reorder > maximum:
        problems.add("reorder_point", N_("The reorder point may not exceed the maximum stock."))


def _check_references(session: Session, data: dict, product: Product | None, problems: Problems) -> None:
    from erp.suppliers.models import Supplier

    if data.get("category_id") is not None and get_record(session, ProductCategory, data["category_id"]) is None:
        problems.add("category_id", N_("Unknown category."))
    if "base_unit_id" in data and (product is None or data["base_unit_id"] != product.base_unit_id):
        unit = get_record(session, Unit, data["base_unit_id"])
        if unit is None:
            problems.add("base_unit_id", N_("Unknown unit."))
        elif not unit.active:
            problems.add("base_unit_id", N_("This unit is inactive."))
        elif product is not None and find_references(session, product):
            problems.add("base_unit_id", N_("The base unit cannot change once the product is used."))
    supplier_id = data.get("preferred_supplier_id")
    if supplier_id is not None and (product is None or supplier_id != product.preferred_supplier_id):
        supplier = get_record(session, Supplier, supplier_id)
        if supplier is None:
            problems.add("preferred_supplier_id", N_("Unknown supplier."))
        elif not supplier.active:
            problems.add("preferred_supplier_id", N_("This supplier is inactive."))


def _check_packings(session: Session, data: dict, product: Product | None, problems: Problems) -> None:
    if "packings" not in data:
        return
    base_unit_id = _merged(data, product, "base_unit_id")
    current = {p.unit_id for p in product.packings} if product is not None else set()
    own_ids = {p.id for p in product.packings} if product is not None else set()
    seen: set[int] = set()
    for index, row in enumerate(data["packings"]):
        unit_id = row["unit_id"]
        if row.get("id") is not None and row["id"] not in own_ids:
            problems.add_line("packings", index, "id", N_("This row does not belong to this record."))
        if unit_id == base_unit_id:
            problems.add_line("packings", index, "unit_id", N_("The base unit needs no packing row."))
        elif unit_id in seen:
            problems.add_line("packings", index, "unit_id", N_("This unit is listed twice."))
        elif unit_id not in current:
            unit = get_record(session, Unit, unit_id)
            if unit is None:
                problems.add_line("packings", index, "unit_id", N_("Unknown unit."))
            elif not unit.active:
                problems.add_line("packings", index, "unit_id", N_("This unit is inactive."))
        seen.add(unit_id)
    for flag in ("is_sales_default", "is_purchase_default"):
        if sum(1 for row in data["packings"] if row.get(flag)) > 1:
            problems.add("packings", N_("Only one packing unit can be the default for sales and one for purchases."))
            break


def _check_barcodes(session: Session, data: dict, product: Product | None, problems: Problems) -> None:
    """Every barcode the product will carry is unique: within it and across all products."""
    wanted: list[tuple[str, tuple]] = []
    piece = _merged(data, product, "barcode")
    if piece:
        wanted.append((piece, ("barcode",)))
    if "packings" in data:
        rows = [(row.get("barcode"), ("packings", index, "barcode")) for index, row in enumerate(data["packings"])]
    else:
        rows = [(p.barcode, ("packings",)) for p in (product.packings if product else [])]
    wanted += [(code, where) for code, where in rows if code]
    seen: set[str] = set()
    product_id = product.id if product is not None else None
    codes = [code for code, _ in wanted]
    taken = set(session.scalars(select(Product.barcode).where(Product.barcode.in_(codes), Product.id != product_id)
                                if product_id else select(Product.barcode).where(Product.barcode.in_(codes))))
    stmt = select(ProductUnit.barcode).where(ProductUnit.barcode.in_(codes))
    if product_id:
        stmt = stmt.where(ProductUnit.product_id != product_id)
    taken |= set(session.scalars(stmt))
    for code, where in wanted:
        message = None
        if code in seen:
            message = N_("This barcode is used twice on this product.")
        elif code in taken:
            message = N_("Another product already has this barcode.")
        seen.add(code)
        if message:
            if len(where) == 3:
                problems.add_line(*where, message)
            else:
                problems.add(where[0], message)


def check_product(session: Session, data: dict, product: Product | None = None) -> None:
    """All checks of a create or change; each bad field is named (``ValidationFailed``)."""
    problems = Problems()
    if data.get("sku"):
        stmt = select(Product.id).where(func.lower(Product.sku) == data["sku"].lower())
        if product is not None:
            stmt = stmt.where(Product.id != product.id)
        if session.scalar(stmt):
            problems.add("sku", N_("This SKU is already used."))
    _check_prices_and_stock(data, product, problems)
    _check_references(session, data, product, problems)
    _check_packings(session, data, product, problems)
    _check_barcodes(session, data, product, problems)
    problems.raise_if_any()


def _apply_packings(session: Session, product: Product, rows: list[dict]) -> None:
    """Make the packings match ``rows`` (ids already checked). Removed rows are deleted and
    changed barcodes cleared first, so that a barcode or unit moving between rows never
    collides with itself in the unique indexes."""
    by_id = {p.id: p for p in product.packings}
    kept = {row["id"] for row in rows if row.get("id") is not None}
    for packing in [p for p in product.packings if p.id not in kept]:
        product.packings.remove(packing)
    for row in rows:
        packing = by_id.get(row.get("id"))
        if packing is not None and "barcode" in row and packing.barcode != row["barcode"]:
            packing.barcode = None
    session.flush()
    for row in rows:
        values = {k: v for k, v in row.items() if k != "id"}
        packing = by_id.get(row.get("id"))
        if packing is None:
            product.packings.append(ProductUnit(**values))
        else:
            for key, value in values.items():
                setattr(packing, key, value)


def create_product(session: Session, actor: User, data: dict) -> Product:
    """Create a product with its packing units (see :func:`check_product`)."""
    require(actor, PRODUCT_EDIT)
    check_product(session, data)
    product = Product(**{k: data[k] for k in FIELDS if k in data})
    product.packings = [ProductUnit(**{k: v for k, v in row.items() if k != "id"}) for row in data.get("packings", [])]
    session.add(product)
    session.flush()
    return product


def update_product(session: Session, actor: User, product_id: int, data: dict) -> Product:
    """Change the fields given (PATCH); ``packings`` given replace the list."""
    require(actor, PRODUCT_EDIT)
    product = get_product(session, product_id)
    check_product(session, data, product)
    for key in FIELDS:
        if key in data:
            setattr(product, key, data[key])
    if "packings" in data:
        _apply_packings(session, product, data["packings"])
    session.flush()
    return product


def delete_product(session: Session, actor: User, product_id: int) -> None:
    """Delete a product nothing references (409 otherwise: deactivate it instead)."""
    require(actor, PRODUCT_DELETE)
    product = get_product(session, product_id)
    delete_unless_referenced(session, product, f"{product.sku} {product.name}")


def price_floor(product: Product) -> Decimal:
    """The lowest price per base unit a document may use without approval."""
    return product.min_price if product.min_price is not None else Decimal(0)


@register_check("barcodes unique across products and packing units")
def check_barcodes_unique(session: Session) -> list[str]:
    """The database keeps piece barcodes and packing barcodes unique each in its own table;
    a barcode in both would make a scan ambiguous."""
    rows = session.execute(select(Product.sku, ProductUnit.barcode)
                           .join(ProductUnit, ProductUnit.barcode == Product.barcode).limit(50))
    return [f"barcode {barcode}: piece of {sku} and a packing unit" for sku, barcode in rows]
