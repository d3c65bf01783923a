"""Every sales model, for erp.models.import_all_models and the register of outbound
downstream documents (invoices and returns made from outbounds)."""
from __future__ import annotations

from erp.sales import checks as _checks  # noqa: E402,F401  (registers the `erp check` checks)
from erp.sales import downstream as _downstream  # noqa: E402,F401  (registers with inventory)
from erp.sales import permissions as _permissions  # noqa: F401  (declares them with the models)
from erp.sales.credit_notes.models import CreditNote, CreditNoteLine  # noqa: F401
from erp.sales.delivery.models import DeliveryNote, DeliveryNoteLine  # noqa: F401
from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine  # noqa: F401
from erp.sales.orders.models import SalesOrder, SalesOrderLine  # noqa: F401
from erp.sales.quotes.models import Quote, QuoteLine  # noqa: F401
from erp.sales.returns.models import SalesReturn, SalesReturnLine  # noqa: F401
