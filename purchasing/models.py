"""Every purchasing model, imported by ``erp.models.import_all_models``."""
from __future__ import annotations

import purchasing.orders.entry  # noqa: F401  (tells inventory's reorder report what is on order)
import purchasing.permissions  # noqa: F401  (declared before roles are synced)
import purchasing.settings  # noqa: F401  (declares the over-receipt and invoice match tolerances)
from purchasing.invoices.models import SupplierCredit, SupplierInvoice, SupplierInvoiceLine
from purchasing.orders.models import PurchaseOrder, PurchaseOrderLine
from purchasing.payments.models import Payment
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine
from purchasing.returns.models import PurchaseReturn, PurchaseReturnLine

__all__ = ["GoodsReceipt", "GoodsReceiptLine", "Payment", "PurchaseOrder", "PurchaseOrderLine", "PurchaseReturn",
           "PurchaseReturnLine", "SupplierCredit", "SupplierInvoice", "SupplierInvoiceLine"]
