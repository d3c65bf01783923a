"""Products as a table for import and export (商品档案导入导出).

One packing unit travels per row (the case: unit, factor, barcode); on update, the
packing of that unit is changed or added and the others are kept.
"""
from __future__ import annotations

from sqlalchemy import func, or_, select

from erp.auth.permissions import PRODUCT_IMPORT
from erp.errors import N_
from erp.imports.spec import Column, RowErrors, TableSpec
from erp.products import services
from erp.products.models import Product, ProductCategory, Unit
from erp.products.schemas import ProductIn, ProductUpdateIn


def _case(p: Product, name: str):
    case = p.case_packing
    if case is None:
        return None
    return case.unit.code if name == "unit" else getattr(case, name)


def _rate(p: Product) -> str:
    return f"{(p.vat_rate * 100).normalize():f}%"


COLUMNS = [
    Column("sku", "商品编码", "SKU", lambda p: p.sku),
    Column("name", "商品名称", "Name", lambda p: p.name),
    Column("spec", "规格型号", "Spec", lambda p: p.spec),
    Column("category_code", "存货分类编码", "Category code", lambda p: p.category.code if p.category else None),
    Column("brand", "品牌", "Brand", lambda p: p.brand),
    Column("base_unit", "基本单位", "Base unit", lambda p: p.base_unit.code),
    Column("barcode", "条码", "Barcode", lambda p: p.barcode),
    Column("case_unit", "包装单位", "Case unit", lambda p: _case(p, "unit")),
    Column("case_factor", "换算率", "Case factor", lambda p: _case(p, "factor"), "decimal"),
    Column("case_barcode", "箱条码", "Case barcode", lambda p: _case(p, "barcode")),
    Column("vat_rate", "税率", "VAT rate", _rate, "rate"),
    Column("tax_code", "税收分类编码", "Tax code", lambda p: p.tax_code),
    Column("list_price", "零售价", "List price", lambda p: p.list_price, "decimal"),
    Column("min_price", "最低售价", "Min price", lambda p: p.min_price, "decimal"),
    Column("batch_tracked", "批次管理", "Batch tracked", lambda p: p.batch_tracked, "bool"),
    Column("shelf_life_days", "保质期天数", "Shelf life days", lambda p: p.shelf_life_days, "int"),
    Column("reorder_point", "再订货点", "Reorder point", lambda p: p.reorder_point, "decimal"),
    Column("max_stock", "最高库存", "Max stock", lambda p: p.max_stock, "decimal"),
    Column("supplier_code", "首选供应商编码", "Supplier code",
           lambda p: p.preferred_supplier.code if p.preferred_supplier else None),
    Column("weight_kg", "重量(kg)", "Weight kg", lambda p: p.weight_kg, "decimal"),
    Column("location", "库位", "Location", lambda p: p.location),
    Column("active", "启用", "Active", lambda p: p.active, "bool"),
    Column("note", "备注", "Note", lambda p: p.note),
]

PLAIN = ("sku", "name", "spec", "brand", "barcode", "vat_rate", "tax_code", "list_price", "min_price",
         "batch_tracked", "shelf_life_days", "reorder_point", "max_stock", "weight_kg", "location", "active", "note")
NOT_NULL = {"sku", "name", "vat_rate", "list_price", "batch_tracked", "active"}


def find(session, sku: str) -> Product | None:
    return session.scalar(select(Product).where(func.lower(Product.sku) == sku.lower()))


def _unit(session, text: str) -> Unit | None:
    return session.scalar(select(Unit).where(or_(func.lower(Unit.code) == text.lower(), Unit.name == text)).limit(1))


def to_input(session, cells: dict, existing: Product | None) -> dict:
    """Cells → product input: category, unit and supplier codes become ids; the case columns
    change or add the packing of that unit."""
    from erp.suppliers.models import Supplier

    # A blank cell clears an optional field of an existing product; it never clears a required one.
    data = {k: cells[k] for k in PLAIN if k in cells and (cells[k] is not None or (
        existing is not None and k not in NOT_NULL))}
    errors: dict[str, list[str]] = {}
    if "category_code" in cells:
        code = cells["category_code"]
        category = session.scalar(select(ProductCategory).where(ProductCategory.code == code)) if code else None
        if code and category is None:
            errors["category_code"] = [N_("Unknown category.")]
        data["category_id"] = category.id if category else None
    if cells.get("base_unit"):
        unit = _unit(session, cells["base_unit"])
        if unit is None:
            errors["base_unit"] = [N_("Unknown unit.")]
        else:
            data["base_unit_id"] = unit.id
    if "supplier_code" in cells:
        code = cells["supplier_code"]
        supplier = session.scalar(select(Supplier).where(Supplier.code == code)) if code else None
        if code and supplier is None:
            errors["supplier_code"] = [N_("Unknown supplier.")]
        data["preferred_supplier_id"] = supplier.id if supplier else None
    if cells.get("case_unit"):
        case_unit = _unit(session, cells["case_unit"])
        if case_unit is None:
            errors["case_unit"] = [N_("Unknown unit.")]
        elif not cells.get("case_factor"):
            errors["case_factor"] = [N_("Missing data for required field.")]
        else:
            data["packings"] = _packings(existing, case_unit, cells)
    if errors:
        raise RowErrors(errors)
    return data


def _packings(existing: Product | None, unit: Unit, cells: dict) -> list[dict]:
    row = {"unit_id": unit.id, "factor": cells["case_factor"], "barcode": cells.get("case_barcode")}
    rows = []
    for packing in (existing.packings if existing is not None else []):
        if packing.unit_id == unit.id:
            row["id"] = packing.id
            row["is_sales_default"] = packing.is_sales_default
            row["is_purchase_default"] = packing.is_purchase_default
        else:
            rows.append({"id": packing.id, "unit_id": packing.unit_id, "factor": str(packing.factor),
                         "is_sales_default": packing.is_sales_default,
                         "is_purchase_default": packing.is_purchase_default})
    if "id" not in row and not any(r["is_sales_default"] for r in rows):
        row["is_sales_default"] = True
    return rows + [row]


def _update(session, actor, product: Product, data: dict) -> Product:
    return services.update_product(session, actor, product.id, data)


PRODUCT_TABLE = TableSpec(
    name="products", title="商品档案", columns=COLUMNS, key="sku", permission=PRODUCT_IMPORT,
    create_schema=ProductIn, update_schema=ProductUpdateIn, find=find, to_input=to_input,
    create=services.create_product, update=_update,
    field_columns={"category_id": "category_code", "base_unit_id": "base_unit", "preferred_supplier_id": "supplier_code",
                   "packings": "case_unit", "packings.factor": "case_factor", "packings.barcode": "case_barcode"},
)
