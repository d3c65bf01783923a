"""Permissions of the inventory package (``domain.action``) and their default roles.

Warehouse staff do the stock documents; sales staff read stock and availability;
finance reads costs and values. Scrap and stocktake adjustments need a manager's
approval: warehouse staff enter and count, ``sales_manager`` (and admin, who holds
everything) approve. Reports show quantities with ``stock.report`` and amounts only
with ``stock.cost`` as well.
"""
from __future__ import annotations

from erp.auth.permissions import ALL_STAFF, SALES, permission
from erp.errors import N_

WAREHOUSE = "warehouse"
MANAGER = "sales_manager"
FINANCE = "finance"

STOCK_VIEW = permission("stock.view", N_("View stock and availability"), *ALL_STAFF)
STOCK_COST = permission("stock.cost", N_("View stock costs and stock movements"), WAREHOUSE, FINANCE)

BATCH_VIEW = permission("batch.view", N_("View batches"), *ALL_STAFF)
BATCH_EDIT = permission("batch.edit", N_("Maintain batches"), WAREHOUSE)

OUTBOUND_VIEW = permission("outbound.view", N_("View outbounds"), WAREHOUSE, *SALES, FINANCE)
OUTBOUND_EDIT = permission("outbound.edit", N_("Enter outbounds"), WAREHOUSE)
OUTBOUND_APPROVE = permission("outbound.approve", N_("Approve outbounds"), WAREHOUSE)
OUTBOUND_UNAPPROVE = permission("outbound.unapprove", N_("Unapprove outbounds"), WAREHOUSE, MANAGER)
OUTBOUND_CANCEL = permission("outbound.cancel", N_("Cancel outbounds"), WAREHOUSE, MANAGER)

STOCK_IN_VIEW = permission("stock_in.view", N_("View stock-ins"), WAREHOUSE, MANAGER, FINANCE)
STOCK_IN_EDIT = permission("stock_in.edit", N_("Enter stock-ins"), WAREHOUSE)
STOCK_IN_APPROVE = permission("stock_in.approve", N_("Approve stock-ins"), WAREHOUSE)
STOCK_IN_UNAPPROVE = permission("stock_in.unapprove", N_("Unapprove stock-ins"), WAREHOUSE)
STOCK_IN_CANCEL = permission("stock_in.cancel", N_("Cancel stock-ins"), WAREHOUSE)

STOCK_OUT_VIEW = permission("stock_out.view", N_("View stock-outs"), WAREHOUSE, MANAGER, FINANCE)
STOCK_OUT_EDIT = permission("stock_out.edit", N_("Enter stock-outs"), WAREHOUSE)
STOCK_OUT_APPROVE = permission("stock_out.approve", N_("Approve stock-outs"), WAREHOUSE)
STOCK_OUT_UNAPPROVE = permission("stock_out.unapprove", N_("Unapprove stock-outs"), WAREHOUSE)
STOCK_OUT_CANCEL = permission("stock_out.cancel", N_("Cancel stock-outs"), WAREHOUSE)

TRANSFER_VIEW = permission("transfer.view", N_("View transfers"), WAREHOUSE, MANAGER, FINANCE)
TRANSFER_EDIT = permission("transfer.edit", N_("Enter transfers"), WAREHOUSE)
TRANSFER_APPROVE = permission("transfer.approve", N_("Approve transfers (ship out)"), WAREHOUSE)
TRANSFER_UNAPPROVE = permission("transfer.unapprove", N_("Unapprove transfers"), WAREHOUSE)
TRANSFER_RECEIVE = permission("transfer.receive", N_("Receive transfers"), WAREHOUSE)
TRANSFER_CANCEL = permission("transfer.cancel", N_("Cancel transfers"), WAREHOUSE)

SCRAP_VIEW = permission("scrap.view", N_("View scraps"), WAREHOUSE, MANAGER, FINANCE)
SCRAP_EDIT = permission("scrap.edit", N_("Enter scraps"), WAREHOUSE)
SCRAP_APPROVE = permission("scrap.approve", N_("Approve scraps"), MANAGER)
SCRAP_UNAPPROVE = permission("scrap.unapprove", N_("Unapprove scraps"), MANAGER)
SCRAP_CANCEL = permission("scrap.cancel", N_("Cancel scraps"), WAREHOUSE, MANAGER)

STOCKTAKE_VIEW = permission("stocktake.view", N_("View stocktakes"), WAREHOUSE, MANAGER, FINANCE)
STOCKTAKE_EDIT = permission("stocktake.edit", N_("Count stock (open stocktakes, enter counts)"), WAREHOUSE)
STOCKTAKE_APPROVE = permission("stocktake.approve", N_("Approve stocktakes (post count gains and losses)"), MANAGER)
STOCKTAKE_UNAPPROVE = permission("stocktake.unapprove", N_("Unapprove stocktakes"), MANAGER)
STOCKTAKE_CANCEL = permission("stocktake.cancel", N_("Cancel stocktakes"), WAREHOUSE, MANAGER)

#: Reports read quantities; their values (amounts at cost) need ``stock.cost`` as well.
STOCK_REPORT = permission("stock.report", N_("View stock reports (balances, purchase-sales-inventory, expiry, replenishment)"), WAREHOUSE, MANAGER, FINANCE,
                          "purchaser")
