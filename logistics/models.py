"""Every logistics model, imported by ``erp.models.import_all_models``."""
from __future__ import annotations

import logistics.permissions  # noqa: F401  (declared before roles are synced)
from logistics.carriers.models import Carrier
from logistics.shipments.models import Shipment, ShipmentOutbound, ShipmentPackage, ShipmentStatus

__all__ = ["Carrier", "Shipment", "ShipmentOutbound", "ShipmentPackage", "ShipmentStatus"]
