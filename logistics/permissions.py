"""Permissions of the logistics package (``domain.action``) and their default roles.

Warehouse staff ship (create and change shipments, print labels); sales staff and finance
look them up; the delivery confirmation (签收) is recorded by the warehouse or by sales
staff when the signed paper comes back.
"""
from __future__ import annotations

from erp.auth.permissions import SALES, permission

WAREHOUSE = "warehouse"
MANAGER = "sales_manager"
FINANCE = "finance"

CARRIER_VIEW = permission("carrier.view", "查看承运商", WAREHOUSE, *SALES, FINANCE)
CARRIER_EDIT = permission("carrier.edit", "维护承运商", WAREHOUSE, MANAGER)

SHIPMENT_VIEW = permission("shipment.view", "查看发运单", WAREHOUSE, *SALES, FINANCE)
SHIPMENT_EDIT = permission("shipment.edit", "发运（录入发运单、打印面单）", WAREHOUSE)
SHIPMENT_DELIVER = permission("shipment.deliver", "登记签收", WAREHOUSE, *SALES)
