"""Warehouses API."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.auth.permissions import WAREHOUSE_EDIT, WAREHOUSE_VIEW
from erp.masterdata.schemas import DeletedOut
from erp.warehouses import services
from erp.warehouses.schemas import WarehouseIn, WarehouseOut, WarehouseQuery, WarehouseUpdateIn

bp = Blueprint("warehouses_api", __name__, url_prefix="/api/v1")


@endpoint(bp, "/warehouses", permission=WAREHOUSE_VIEW, query=WarehouseQuery, response=WarehouseOut, paged=True,
          tags=["warehouses"])
def list_warehouses(session, actor, args):
    """Warehouses the user may see, searchable by code or name."""
    return paginate(session, services.query_warehouses(actor, q=args.get("q"), active=args.get("active")), args)


@endpoint(bp, "/warehouses", "POST", permission=WAREHOUSE_EDIT, body=WarehouseIn, response=WarehouseOut,
          status=201, tags=["warehouses"])
def create_warehouse(session, actor, data):
    return services.create_warehouse(session, actor, data)


@endpoint(bp, "/warehouses/<int:warehouse_id>", permission=WAREHOUSE_VIEW, response=WarehouseOut,
          tags=["warehouses"])
def get_warehouse(session, actor, warehouse_id):
    return services.get_warehouse(session, warehouse_id)


@endpoint(bp, "/warehouses/<int:warehouse_id>", "PATCH", permission=WAREHOUSE_EDIT, body=WarehouseUpdateIn,
          response=WarehouseOut, tags=["warehouses"])
def update_warehouse(session, actor, warehouse_id, data):
    return services.update_warehouse(session, actor, warehouse_id, data)


@endpoint(bp, "/warehouses/<int:warehouse_id>", "DELETE", permission=WAREHOUSE_EDIT, response=DeletedOut,
          tags=["warehouses"])
def delete_warehouse(session, actor, warehouse_id):
    """Delete a warehouse nothing references (409 otherwise: deactivate it instead)."""
    services.delete_warehouse(session, actor, warehouse_id)
    return {"deleted": True, "id": warehouse_id}
