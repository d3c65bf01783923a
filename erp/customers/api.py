"""Customers API: /api/v1/customers and /api/v1/customer-categories."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.auth.permissions import (
    CUSTOMER_CATEGORY_EDIT,
    CUSTOMER_DELETE,
    CUSTOMER_EDIT,
    CUSTOMER_IMPORT,
    CUSTOMER_VIEW,
)
from erp.customers import services
from erp.customers.io import CUSTOMER_TABLE
from erp.customers.schemas import (
    CustomerIn,
    CustomerLookupQuery,
    CustomerOut,
    CustomerQuery,
    CustomerUpdateIn,
)
from erp.customers.services import CUSTOMER_CATEGORIES as TREE
from erp.imports import api as imports
from erp.masterdata import categories
from erp.masterdata.schemas import (
    CategoryIn,
    CategoryOut,
    CategoryQuery,
    CategoryUpdateIn,
    DeletedOut,
)

bp = Blueprint("customers_api", __name__, url_prefix="/api/v1")
TAGS = ["customers"]
CATEGORY_TAGS = ["customer-categories"]


@endpoint(bp, "/customer-categories", permission=CUSTOMER_VIEW, query=CategoryQuery, response=CategoryOut,
          paged=True, tags=CATEGORY_TAGS)
def list_customer_categories(session, actor, args):
    """Customer categories in code order; filter by parent or level."""
    stmt = categories.query_categories(TREE, q=args.get("q"), parent_id=args.get("parent_id"), level=args.get("level"))
    return paginate(session, stmt, args)


@endpoint(bp, "/customer-categories", "POST", permission=CUSTOMER_CATEGORY_EDIT, body=CategoryIn,
          response=CategoryOut, status=201, tags=CATEGORY_TAGS)
def create_customer_category(session, actor, data):
    """Create a category; its code must fit the coding rule under its parent's code."""
    return categories.create_category(session, actor, TREE, data)


@endpoint(bp, "/customer-categories/<int:category_id>", permission=CUSTOMER_VIEW, response=CategoryOut,
          tags=CATEGORY_TAGS)
def get_customer_category(session, actor, category_id):
    return categories.get_category(session, TREE, category_id)


@endpoint(bp, "/customer-categories/<int:category_id>", "PATCH", permission=CUSTOMER_CATEGORY_EDIT,
          body=CategoryUpdateIn, response=CategoryOut, tags=CATEGORY_TAGS)
def update_customer_category(session, actor, category_id, data):
    """Rename a category (the code is fixed)."""
    return categories.update_category(session, actor, TREE, category_id, data)


@endpoint(bp, "/customer-categories/<int:category_id>", "DELETE", permission=CUSTOMER_CATEGORY_EDIT,
          response=DeletedOut, tags=CATEGORY_TAGS)
def delete_customer_category(session, actor, category_id):
    """Delete a category without sub-categories that no customer or price list uses (409 otherwise)."""
    categories.delete_category(session, actor, TREE, category_id)
    return {"deleted": True, "id": category_id}


@endpoint(bp, "/customers", permission=CUSTOMER_VIEW, query=CustomerQuery, response=CustomerOut, paged=True,
          tags=TAGS)
def list_customers(session, actor, args):
    """Customers, searchable by code, name, phone, USCC or member card; filter by category
    (with its sub-categories), salesperson, price list, active."""
    filters = {k: args.get(k) for k in ("category_id", "active", "salesperson_id", "price_list_id")}
    return paginate(session, services.query_customers(session, q=args.get("q"), **filters), args)


@endpoint(bp, "/customers", "POST", permission=CUSTOMER_EDIT, body=CustomerIn, response=CustomerOut, status=201,
          tags=TAGS)
def create_customer(session, actor, data):
    """Create a customer with contacts and ship-to addresses."""
    return services.create_customer(session, actor, data)


@endpoint(bp, "/customers/lookup", permission=CUSTOMER_VIEW, query=CustomerLookupQuery, response=CustomerOut,
          tags=TAGS)
def lookup_customer(session, actor, args):
    """The customer with this code, member card number or USCC."""
    return services.find_customer(session, args["code"])


@endpoint(bp, "/customers/<int:customer_id>", permission=CUSTOMER_VIEW, response=CustomerOut, tags=TAGS)
def get_customer(session, actor, customer_id):
    return services.get_customer(session, customer_id)


@endpoint(bp, "/customers/<int:customer_id>", "PATCH", permission=CUSTOMER_EDIT, body=CustomerUpdateIn,
          response=CustomerOut, tags=TAGS)
def update_customer(session, actor, customer_id, data):
    """Change a customer; a credit limit change needs customer.credit_edit."""
    return services.update_customer(session, actor, customer_id, data)


@endpoint(bp, "/customers/<int:customer_id>", "DELETE", permission=CUSTOMER_DELETE, response=DeletedOut, tags=TAGS)
def delete_customer(session, actor, customer_id):
    """Delete a customer nothing references (409 otherwise: deactivate it instead)."""
    services.delete_customer(session, actor, customer_id)
    return {"deleted": True, "id": customer_id}


@endpoint(bp, "/customers/export", permission=CUSTOMER_VIEW, query=imports.ExportQuery,
          content_type="application/octet-stream", tags=TAGS)
def export_customers(session, actor, args):
    """Customers as CSV or XLSX, in the columns the import reads (filters as the list)."""
    filters = {k: args.get(k) for k in ("category_id", "active")}
    stmt = services.query_customers(session, q=args.get("q"), **filters)
    return imports.export_file(session, CUSTOMER_TABLE, stmt, args["format"], args["headers"])


@endpoint(bp, "/customers/import", "POST", permission=CUSTOMER_IMPORT, query=imports.ImportQuery,
          response=imports.ImportResultOut, tags=TAGS)
def import_customers(session, actor, args):
    """Import a CSV or XLSX file (multipart field ``file``): all rows or none, updating customers
    by code and creating the others; a bad file is refused with a per-row, per-column report."""
    return imports.run_upload(session, actor, CUSTOMER_TABLE, dry_run=args["dry_run"])
