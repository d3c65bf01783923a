"""Every inventory model, imported by ``erp.models.import_all_models``."""
from __future__ import annotations

import inventory.permissions  # noqa: F401  (declared before roles are synced)
from inventory.batches.models import Batch, BatchStatus
from inventory.outbounds.models import Outbound, OutboundAllocation, OutboundLine
from inventory.scraps.models import Scrap, ScrapLine
from inventory.stock.models import StockBalance, StockCost, StockMove, StockReservation
from inventory.stock_ins.models import StockIn, StockInLine
from inventory.stock_outs.models import StockOut, StockOutLine
from inventory.stocktakes.models import Stocktake, StocktakeLine
from inventory.transfers.models import Transfer, TransferLine

__all__ = [
    "Batch", "BatchStatus", "Outbound", "OutboundAllocation", "OutboundLine", "Scrap", "ScrapLine",
    "StockBalance", "StockCost", "StockIn", "StockInLine", "StockMove", "StockOut", "StockOutLine",
    "StockReservation", "Stocktake", "StocktakeLine", "Transfer", "TransferLine",
]
