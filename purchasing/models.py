"""Every purchasing model, imported by ``erp.models.import_all_models``."""
from __future__ import annotations

import purchasing.permissions  # noqa: F401  (declared before roles are synced)
import purchasing.settings  # noqa: F401  (declares the over-receipt tolerance)
from purchasing.orders.models import PurchaseOrder, PurchaseOrderLine
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine
from purchasing.returns.models import PurchaseReturn, PurchaseReturnLine

__all__ = ["GoodsReceipt", "GoodsReceiptLine", "PurchaseOrder", "PurchaseOrderLine", "PurchaseReturn",
           "PurchaseReturnLine"]
