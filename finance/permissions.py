"""Permissions of the finance package (``domain.action``) and their default roles.

Finance records receipts, allocates them (核销), writes off small differences, reads
every receivable and closes the month; reopening a closed month is an admin's
decision (admin holds every permission, so no default role gets it). Sales staff read
the aging and statements of *their own* customers (``report.receivables``); finance and
sales managers see every customer (``report.receivables_all``). The counter sale is
rung up by sales clerks at the cash-and-carry counter.
"""
from __future__ import annotations

from erp.auth.permissions import SALES, permission

FINANCE = "finance"
MANAGER = "sales_manager"

RECEIPT_VIEW = permission("receipt.view", "查看收款单", FINANCE, MANAGER)
RECEIPT_EDIT = permission("receipt.edit", "录入收款单", FINANCE)
RECEIPT_APPROVE = permission("receipt.approve", "审核收款单", FINANCE)
RECEIPT_UNAPPROVE = permission("receipt.unapprove", "弃审收款单", FINANCE)
RECEIPT_CANCEL = permission("receipt.cancel", "作废收款单", FINANCE)

ALLOCATION_VIEW = permission("allocation.view", "查看核销记录", FINANCE, MANAGER)
ALLOCATION_CREATE = permission("allocation.create", "收款核销（手工与自动）", FINANCE)
ALLOCATION_REVERSE = permission("allocation.reverse", "取消核销", FINANCE)
WRITE_OFF = permission("allocation.write_off", "核销尾差（坏账/尾差冲销）", FINANCE)

BANK_RECONCILE = permission("bank.reconcile", "导入银行流水并对账", FINANCE)

REPORT_RECEIVABLES = permission("report.receivables", "查看应收账龄与对账单（本人客户）", *SALES, FINANCE)
REPORT_RECEIVABLES_ALL = permission("report.receivables_all", "查看全部客户的应收", FINANCE, MANAGER)

PERIOD_VIEW = permission("period.view", "查看会计期间", FINANCE, MANAGER)
PERIOD_CLOSE = permission("period.close", "月末结账", FINANCE)
PERIOD_REOPEN = permission("period.reopen", "反结账（重新打开已结账月份）")

COUNTER_SALE = permission("counter_sale.create", "门店现结收银", *SALES)
COUNTER_SALE_VIEW = permission("counter_sale.view", "查看现结销售", *SALES, FINANCE)
