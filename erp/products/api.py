"""Products API: /api/v1/products (with lookup for scanners), /api/v1/product-categories, /api/v1/units."""
from __future__ import annotations

from flask import Blueprint
from marshmallow import fields

from erp.api.framework import endpoint, paginate
from erp.api.schemas import Str
from erp.auth.permissions import (
    PRODUCT_DELETE,
    PRODUCT_EDIT,
    PRODUCT_IMPORT,
    PRODUCT_VIEW,
    UNIT_EDIT,
)
from erp.imports import api as imports
from erp.masterdata import categories
from erp.masterdata.schemas import (
    CategoryIn,
    CategoryOut,
    CategoryQuery,
    CategoryUpdateIn,
    DeletedOut,
    Id,
)
from erp.products import lookup, services, units
from erp.products.io import PRODUCT_TABLE
from erp.products.schemas import (
    ProductIn,
    ProductLookupQuery,
    ProductMatchOut,
    ProductOut,
    ProductQuery,
    ProductUpdateIn,
    UnitIn,
    UnitOut,
    UnitQuery,
    UnitUpdateIn,
)
from erp.products.services import PRODUCT_CATEGORIES as TREE

bp = Blueprint("products_api", __name__, url_prefix="/api/v1")
TAGS, CATEGORY_TAGS, UNIT_TAGS = ["products"], ["product-categories"], ["units"]
FILTERS = ("category_id", "brand", "active", "batch_tracked", "supplier_id")


class ProductExportQuery(imports.ExportQuery):
    brand = Str(60)
    batch_tracked = fields.Boolean(allow_none=True)
    supplier_id = Id(allow_none=True)


@endpoint(bp, "/units", permission=PRODUCT_VIEW, query=UnitQuery, response=UnitOut, paged=True, tags=UNIT_TAGS)
def list_units(session, actor, args):
    """Units of measure, searchable by code or name."""
    return paginate(session, units.query_units(q=args.get("q"), active=args.get("active")), args)


@endpoint(bp, "/units", "POST", permission=UNIT_EDIT, body=UnitIn, response=UnitOut, status=201, tags=UNIT_TAGS)
def create_unit(session, actor, data):
    return units.create_unit(session, actor, data)


@endpoint(bp, "/units/<int:unit_id>", permission=PRODUCT_VIEW, response=UnitOut, tags=UNIT_TAGS)
def get_unit(session, actor, unit_id):
    return units.get_unit(session, unit_id)


@endpoint(bp, "/units/<int:unit_id>", "PATCH", permission=UNIT_EDIT, body=UnitUpdateIn, response=UnitOut,
          tags=UNIT_TAGS)
def update_unit(session, actor, unit_id, data):
    return units.update_unit(session, actor, unit_id, data)


@endpoint(bp, "/units/<int:unit_id>", "DELETE", permission=UNIT_EDIT, response=DeletedOut, tags=UNIT_TAGS)
def delete_unit(session, actor, unit_id):
    """Delete a unit no product uses (409 otherwise)."""
    units.delete_unit(session, actor, unit_id)
    return {"deleted": True, "id": unit_id}


@endpoint(bp, "/product-categories", permission=PRODUCT_VIEW, query=CategoryQuery, response=CategoryOut,
          paged=True, tags=CATEGORY_TAGS)
def list_product_categories(session, actor, args):
    """Product categories in code order; filter by parent or level."""
    stmt = categories.query_categories(TREE, q=args.get("q"), parent_id=args.get("parent_id"), level=args.get("level"))
    return paginate(session, stmt, args)


@endpoint(bp, "/product-categories", "POST", permission=PRODUCT_EDIT, body=CategoryIn, response=CategoryOut,
          status=201, tags=CATEGORY_TAGS)
def create_product_category(session, actor, data):
    """Create a category; its code must fit the coding rule under its parent's code."""
    return categories.create_category(session, actor, TREE, data)


@endpoint(bp, "/product-categories/<int:category_id>", permission=PRODUCT_VIEW, response=CategoryOut,
          tags=CATEGORY_TAGS)
def get_product_category(session, actor, category_id):
    return categories.get_category(session, TREE, category_id)


@endpoint(bp, "/product-categories/<int:category_id>", "PATCH", permission=PRODUCT_EDIT, body=CategoryUpdateIn,
          response=CategoryOut, tags=CATEGORY_TAGS)
def update_product_category(session, actor, category_id, data):
    """Rename a category (the code is fixed)."""
    return categories.update_category(session, actor, TREE, category_id, data)


@endpoint(bp, "/product-categories/<int:category_id>", "DELETE", permission=PRODUCT_EDIT, response=DeletedOut,
          tags=CATEGORY_TAGS)
def delete_product_category(session, actor, category_id):
    """Delete a category without sub-categories that no product uses (409 otherwise)."""
    categories.delete_category(session, actor, TREE, category_id)
    return {"deleted": True, "id": category_id}


@endpoint(bp, "/products", permission=PRODUCT_VIEW, query=ProductQuery, response=ProductOut, paged=True, tags=TAGS)
def list_products(session, actor, args):
    """Products; ``q`` matches SKU, name, spec, brand or any barcode (for autocomplete)."""
    filters = {k: args.get(k) for k in FILTERS}
    return paginate(session, lookup.query_products(session, q=args.get("q"), **filters), args)


@endpoint(bp, "/products", "POST", permission=PRODUCT_EDIT, body=ProductIn, response=ProductOut, status=201,
          tags=TAGS)
def create_product(session, actor, data):
    """Create a product with its packing units."""
    return services.create_product(session, actor, data)


@endpoint(bp, "/products/lookup", permission=PRODUCT_VIEW, query=ProductLookupQuery, response=ProductMatchOut,
          tags=TAGS)
def lookup_product(session, actor, args):
    """The product a scanned code names (piece or case barcode, SKU or exact name), with the
    unit the code stands for and its factor to the base unit."""
    return lookup.lookup_product(session, args["code"])


@endpoint(bp, "/products/<int:product_id>", permission=PRODUCT_VIEW, response=ProductOut, tags=TAGS)
def get_product(session, actor, product_id):
    return services.get_product(session, product_id)


@endpoint(bp, "/products/<int:product_id>", "PATCH", permission=PRODUCT_EDIT, body=ProductUpdateIn,
          response=ProductOut, tags=TAGS)
def update_product(session, actor, product_id, data):
    return services.update_product(session, actor, product_id, data)


@endpoint(bp, "/products/<int:product_id>", "DELETE", permission=PRODUCT_DELETE, response=DeletedOut, tags=TAGS)
def delete_product(session, actor, product_id):
    """Delete a product nothing references (409 otherwise: deactivate it instead)."""
    services.delete_product(session, actor, product_id)
    return {"deleted": True, "id": product_id}


@endpoint(bp, "/products/export", permission=PRODUCT_VIEW, query=ProductExportQuery,
          content_type="application/octet-stream", tags=TAGS)
def export_products(session, actor, args):
    """Products as CSV or XLSX, in the columns the import reads (filters as the list)."""
    filters = {k: args.get(k) for k in FILTERS}
    stmt = lookup.query_products(session, q=args.get("q"), **filters)
    return imports.export_file(session, PRODUCT_TABLE, stmt, args["format"], args["headers"])


@endpoint(bp, "/products/import", "POST", permission=PRODUCT_IMPORT, query=imports.ImportQuery,
          response=imports.ImportResultOut, tags=TAGS)
def import_products(session, actor, args):
    """Import a CSV or XLSX file (multipart field ``file``): all rows or none, updating products
    by SKU and creating the others; a bad file is refused with a per-row, per-column report."""
    return imports.run_upload(session, actor, PRODUCT_TABLE, dry_run=args["dry_run"])
