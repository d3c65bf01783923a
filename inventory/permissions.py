"""Permissions of the inventory package (``domain.action``) and their default roles.

Warehouse staff do the stock documents; sales staff read stock and availability;
finance reads costs and values. Scrap and stocktake adjustments need a manager's
approval: warehouse staff enter and count, ``sales_manager`` (and admin, who holds
everything) approve. Reports show quantities with ``stock.report`` and amounts only
with ``stock.cost`` as well.
"""
from __future__ import annotations

from erp.auth.permissions import ALL_STAFF, SALES, permission

WAREHOUSE = "warehouse"
MANAGER = "sales_manager"
FINANCE = "finance"

STOCK_VIEW = permission("stock.view", "查看库存与可用量", *ALL_STAFF)
STOCK_COST = permission("stock.cost", "查看库存成本与出入库流水", WAREHOUSE, FINANCE)

BATCH_VIEW = permission("batch.view", "查看批次", *ALL_STAFF)
BATCH_EDIT = permission("batch.edit", "维护批次", WAREHOUSE)

OUTBOUND_VIEW = permission("outbound.view", "查看销售出库单", WAREHOUSE, *SALES, FINANCE)
OUTBOUND_EDIT = permission("outbound.edit", "录入销售出库单", WAREHOUSE)
OUTBOUND_APPROVE = permission("outbound.approve", "审核销售出库单", WAREHOUSE)
OUTBOUND_UNAPPROVE = permission("outbound.unapprove", "弃审销售出库单", WAREHOUSE, MANAGER)
OUTBOUND_CANCEL = permission("outbound.cancel", "作废销售出库单", WAREHOUSE, MANAGER)

STOCK_IN_VIEW = permission("stock_in.view", "查看其他入库单", WAREHOUSE, MANAGER, FINANCE)
STOCK_IN_EDIT = permission("stock_in.edit", "录入其他入库单", WAREHOUSE)
STOCK_IN_APPROVE = permission("stock_in.approve", "审核其他入库单", WAREHOUSE)
STOCK_IN_UNAPPROVE = permission("stock_in.unapprove", "弃审其他入库单", WAREHOUSE)
STOCK_IN_CANCEL = permission("stock_in.cancel", "作废其他入库单", WAREHOUSE)

STOCK_OUT_VIEW = permission("stock_out.view", "查看其他出库单", WAREHOUSE, MANAGER, FINANCE)
STOCK_OUT_EDIT = permission("stock_out.edit", "录入其他出库单", WAREHOUSE)
STOCK_OUT_APPROVE = permission("stock_out.approve", "审核其他出库单", WAREHOUSE)
STOCK_OUT_UNAPPROVE = permission("stock_out.unapprove", "弃审其他出库单", WAREHOUSE)
STOCK_OUT_CANCEL = permission("stock_out.cancel", "作废其他出库单", WAREHOUSE)

TRANSFER_VIEW = permission("transfer.view", "查看调拨单", WAREHOUSE, MANAGER, FINANCE)
TRANSFER_EDIT = permission("transfer.edit", "录入调拨单", WAREHOUSE)
TRANSFER_APPROVE = permission("transfer.approve", "审核调拨单（调出发货）", WAREHOUSE)
TRANSFER_UNAPPROVE = permission("transfer.unapprove", "弃审调拨单", WAREHOUSE)
TRANSFER_RECEIVE = permission("transfer.receive", "调拨单调入收货", WAREHOUSE)
TRANSFER_CANCEL = permission("transfer.cancel", "作废调拨单", WAREHOUSE)

SCRAP_VIEW = permission("scrap.view", "查看报废单", WAREHOUSE, MANAGER, FINANCE)
SCRAP_EDIT = permission("scrap.edit", "录入报废单", WAREHOUSE)
SCRAP_APPROVE = permission("scrap.approve", "审核报废单", MANAGER)
SCRAP_UNAPPROVE = permission("scrap.unapprove", "弃审报废单", MANAGER)
SCRAP_CANCEL = permission("scrap.cancel", "作废报废单", WAREHOUSE, MANAGER)

STOCKTAKE_VIEW = permission("stocktake.view", "查看盘点单", WAREHOUSE, MANAGER, FINANCE)
STOCKTAKE_EDIT = permission("stocktake.edit", "盘点录入（开单、录入盘点数）", WAREHOUSE)
STOCKTAKE_APPROVE = permission("stocktake.approve", "审核盘点单（过账盘盈盘亏）", MANAGER)
STOCKTAKE_UNAPPROVE = permission("stocktake.unapprove", "弃审盘点单", MANAGER)
STOCKTAKE_CANCEL = permission("stocktake.cancel", "作废盘点单", WAREHOUSE, MANAGER)

#: Reports read quantities; their values (amounts at cost) need ``stock.cost`` as well.
STOCK_REPORT = permission("stock.report", "查看库存报表（余额、进销存、效期、补货）", WAREHOUSE, MANAGER, FINANCE,
                          "purchaser")
