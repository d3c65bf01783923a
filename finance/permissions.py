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
from erp.errors import N_

FINANCE = "finance"
MANAGER = "sales_manager"

RECEIPT_VIEW = permission("receipt.view", N_("View receipts"), FINANCE, MANAGER)
RECEIPT_EDIT = permission("receipt.edit", N_("Enter receipts"), FINANCE)
RECEIPT_APPROVE = permission("receipt.approve", N_("Approve receipts"), FINANCE)
RECEIPT_UNAPPROVE = permission("receipt.unapprove", N_("Unapprove receipts"), FINANCE)
RECEIPT_CANCEL = permission("receipt.cancel", N_("Cancel receipts"), FINANCE)

ALLOCATION_VIEW = permission("allocation.view", N_("View allocations"), FINANCE, MANAGER)
ALLOCATION_CREATE = permission("allocation.create", N_("Allocate receipts (by hand and automatically)"), FINANCE)
ALLOCATION_REVERSE = permission("allocation.reverse", N_("Reverse allocations"), FINANCE)
WRITE_OFF = permission("allocation.write_off", N_("Write off small differences (bad debts, rounding)"), FINANCE)

BANK_RECONCILE = permission("bank.reconcile", N_("Import bank statements and reconcile"), FINANCE)

REPORT_RECEIVABLES = permission("report.receivables", N_("View receivables aging and statements (own customers)"), *SALES, FINANCE)
REPORT_RECEIVABLES_ALL = permission("report.receivables_all", N_("View the receivables of all customers"), FINANCE, MANAGER)

PERIOD_VIEW = permission("period.view", N_("View accounting periods"), FINANCE, MANAGER)
PERIOD_CLOSE = permission("period.close", N_("Close periods (month end)"), FINANCE)
PERIOD_REOPEN = permission("period.reopen", N_("Reopen closed periods"))

COUNTER_SALE = permission("counter_sale.create", N_("Sell at the store counter (cash sales)"), *SALES)
COUNTER_SALE_VIEW = permission("counter_sale.view", N_("View cash sales"), *SALES, FINANCE)
