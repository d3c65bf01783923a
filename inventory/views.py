"""The warehouse pages, on one blueprint (``inventory``): stock lookup, batches, the
stock documents (lists, details with their verbs, entry forms), choosing an outbound's
batches, stocktakes with the handheld count screen, and the reports. Each concept keeps
its pages in its own ``views.py``; this module puts them together."""
from __future__ import annotations

from erp.errors import N_
from inventory import permissions as perms
from inventory.batches import views as _batches  # noqa: F401
from inventory.document_pages import DocumentPages, register, verbs_of
from inventory.outbounds import services as outbounds
from inventory.outbounds import views as _outbounds  # noqa: F401
from inventory.outbounds.models import Outbound
from inventory.reports import views as _reports  # noqa: F401
from inventory.scraps import services as scraps
from inventory.scraps import views as _scraps  # noqa: F401
from inventory.scraps.models import SCRAP_REASONS, Scrap
from inventory.stock import views as _stock  # noqa: F401
from inventory.stock_ins import services as stock_ins
from inventory.stock_ins import views as _stock_ins  # noqa: F401
from inventory.stock_ins.models import STOCK_IN_REASONS, StockIn
from inventory.stock_outs import services as stock_outs
from inventory.stock_outs import views as _stock_outs  # noqa: F401
from inventory.stock_outs.models import STOCK_OUT_REASONS, StockOut
from inventory.stocktakes import views as _stocktakes  # noqa: F401
from inventory.transfers import services as transfers
from inventory.transfers import views as _transfers  # noqa: F401
from inventory.transfers.models import Transfer
from inventory.web import bp

__all__ = ["PAGES", "bp"]

PAGES = {
    "outbounds": DocumentPages("outbounds", Outbound, N_("Outbounds"), perms.OUTBOUND_VIEW,
                               lambda: (Outbound.warehouse_id,), verbs_of(outbounds, "outbound"),
                               outbounds.delete_outbound, 10),
    "stock-ins": DocumentPages("stock-ins", StockIn, N_("Other stock-ins"), perms.STOCK_IN_VIEW,
                               lambda: (StockIn.warehouse_id,), verbs_of(stock_ins, "stock_in"),
                               stock_ins.delete_stock_in, 20, STOCK_IN_REASONS,
                               "inventory.stock_in_new", "inventory.stock_in_edit"),
    "stock-outs": DocumentPages("stock-outs", StockOut, N_("Other stock-outs"), perms.STOCK_OUT_VIEW,
                                lambda: (StockOut.warehouse_id,), verbs_of(stock_outs, "stock_out"),
                                stock_outs.delete_stock_out, 30, STOCK_OUT_REASONS,
                                "inventory.stock_out_new", "inventory.stock_out_edit"),
    "transfers": DocumentPages("transfers", Transfer, N_("Transfers"), perms.TRANSFER_VIEW,
                               lambda: (Transfer.from_warehouse_id, Transfer.to_warehouse_id),
                               {**verbs_of(transfers, "transfer"), "receive": transfers.receive_transfer,
                                "unreceive": transfers.unreceive_transfer},
                               transfers.delete_transfer, 40, {}, "inventory.transfer_new", "inventory.transfer_edit"),
    "scraps": DocumentPages("scraps", Scrap, N_("Scraps"), perms.SCRAP_VIEW, lambda: (Scrap.warehouse_id,),
                            verbs_of(scraps, "scrap"), scraps.delete_scrap, 50, SCRAP_REASONS,
                            "inventory.scrap_new", "inventory.scrap_edit"),
}

for _spec in PAGES.values():
    register(_spec)
