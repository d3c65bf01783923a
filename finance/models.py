"""Every finance model, imported by ``erp.models.import_all_models`` (and the package's
permissions, declared before roles are synced)."""
from __future__ import annotations

import finance.permissions  # noqa: F401
from finance.bank.models import BankLine, BankStatement
from finance.counter.models import CounterSale
from finance.ledger.models import (
    Allocation,
    BookedCredit,
    LedgerEntry,
    OpenItem,
    WriteOff,
    WriteOffReversal,
)
from finance.periods.models import OpenItemSnapshot, StockSnapshot
from finance.receipts.models import Receipt

__all__ = ["Allocation", "BankLine", "BankStatement", "BookedCredit", "CounterSale", "LedgerEntry", "OpenItem",
           "OpenItemSnapshot", "Receipt", "StockSnapshot", "WriteOff", "WriteOffReversal"]
