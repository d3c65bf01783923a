"""Suppliers API: /api/v1/suppliers."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.auth.permissions import SUPPLIER_EDIT, SUPPLIER_VIEW
from erp.masterdata.schemas import DeletedOut
from erp.suppliers import services
from erp.suppliers.schemas import SupplierIn, SupplierOut, SupplierQuery, SupplierUpdateIn

bp = Blueprint("suppliers_api", __name__, url_prefix="/api/v1")
TAGS = ["suppliers"]


@endpoint(bp, "/suppliers", permission=SUPPLIER_VIEW, query=SupplierQuery, response=SupplierOut, paged=True,
          tags=TAGS)
def list_suppliers(session, actor, args):
    """Suppliers, searchable by code, name, contact, phone or USCC."""
    return paginate(session, services.query_suppliers(q=args.get("q"), active=args.get("active")), args)


@endpoint(bp, "/suppliers", "POST", permission=SUPPLIER_EDIT, body=SupplierIn, response=SupplierOut, status=201,
          tags=TAGS)
def create_supplier(session, actor, data):
    return services.create_supplier(session, actor, data)


@endpoint(bp, "/suppliers/<int:supplier_id>", permission=SUPPLIER_VIEW, response=SupplierOut, tags=TAGS)
def get_supplier(session, actor, supplier_id):
    return services.get_supplier(session, supplier_id)


@endpoint(bp, "/suppliers/<int:supplier_id>", "PATCH", permission=SUPPLIER_EDIT, body=SupplierUpdateIn,
          response=SupplierOut, tags=TAGS)
def update_supplier(session, actor, supplier_id, data):
    return services.update_supplier(session, actor, supplier_id, data)


@endpoint(bp, "/suppliers/<int:supplier_id>", "DELETE", permission=SUPPLIER_EDIT, response=DeletedOut, tags=TAGS)
def delete_supplier(session, actor, supplier_id):
    """Delete a supplier nothing references (409 otherwise: deactivate it instead)."""
    services.delete_supplier(session, actor, supplier_id)
    return {"deleted": True, "id": supplier_id}
