"""Permissions of the logistics package (``domain.action``) and their default roles.

Warehouse staff ship (create and change shipments, print labels); sales staff and finance
look them up; the delivery confirmation (签收) is recorded by the warehouse or by sales
staff when the signed paper comes back.
"""
from __future__ import annotations

from erp.auth.permissions import SALES, permission
from erp.errors import N_

WAREHOUSE = "warehouse"
MANAGER = "sales_manager"
FINANCE = "finance"

CARRIER_VIEW = permission("carrier.view", N_("View carriers"), WAREHOUSE, *SALES, FINANCE)
CARRIER_EDIT = permission("carrier.edit", N_("Maintain carriers"), WAREHOUSE, MANAGER)

SHIPMENT_VIEW = permission("shipment.view", N_("View shipments"), WAREHOUSE, *SALES, FINANCE)
SHIPMENT_EDIT = permission("shipment.edit", N_("Ship goods (enter shipments, print waybills)"), WAREHOUSE)
SHIPMENT_DELIVER = permission("shipment.deliver", N_("Record delivery confirmations"), WAREHOUSE, *SALES)
