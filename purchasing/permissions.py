"""Permissions of the purchasing documents (``<doc_type>.<action>``) and their default roles.

Purchasers (采购员) enter and approve purchase orders within their authority (level 1); a
manager approves what the rules send higher (``purchase_order.approve_manager``: large
orders). Receiving is warehouse work: warehouse staff enter and approve goods receipts and
purchase returns as purchasers do. Finance reads everything (it pays what was received).

Supplier invoices (采购发票) are entered by finance or purchasers and approved by finance;
an invoice whose three-way match fails (price or quantity beyond the tolerance) needs a
manager too (``supplier_invoice.approve_manager``: the sales manager, the one manager role
there is, as for large purchase orders). Payments (付款单) and their allocation (付款核销)
are finance's. Payables reports: finance and managers; the supplier purchase-sales-
inventory report also purchasers (it is their supplier review).
"""
from __future__ import annotations

from erp.auth.permissions import permission
from erp.errors import N_

PURCHASER = "purchaser"
MANAGER = "sales_manager"
WAREHOUSE = "warehouse"
FINANCE = "finance"

PURCHASE_ORDER_VIEW = permission("purchase_order.view", N_("View purchase orders"), PURCHASER, MANAGER, WAREHOUSE, FINANCE)
PURCHASE_ORDER_EDIT = permission("purchase_order.edit", N_("Enter purchase orders"), PURCHASER)
PURCHASE_ORDER_APPROVE = permission("purchase_order.approve", N_("Approve purchase orders"), PURCHASER)
PURCHASE_ORDER_APPROVE_MANAGER = permission("purchase_order.approve_manager", N_("Manager approval of purchase orders (large amounts)"), MANAGER)
PURCHASE_ORDER_UNAPPROVE = permission("purchase_order.unapprove", N_("Unapprove purchase orders"), PURCHASER, MANAGER)
PURCHASE_ORDER_CANCEL = permission("purchase_order.cancel", N_("Cancel purchase orders"), PURCHASER, MANAGER)
PURCHASE_ORDER_CLOSE = permission("purchase_order.close", N_("Close purchase orders (short receipt)"), PURCHASER, MANAGER)

GOODS_RECEIPT_VIEW = permission("goods_receipt.view", N_("View goods receipts"), PURCHASER, WAREHOUSE, MANAGER, FINANCE)
GOODS_RECEIPT_EDIT = permission("goods_receipt.edit", N_("Enter goods receipts"), PURCHASER, WAREHOUSE)
GOODS_RECEIPT_APPROVE = permission("goods_receipt.approve", N_("Approve goods receipts (receive into stock)"), PURCHASER, WAREHOUSE)
GOODS_RECEIPT_UNAPPROVE = permission("goods_receipt.unapprove", N_("Unapprove goods receipts"), PURCHASER, WAREHOUSE)
GOODS_RECEIPT_CANCEL = permission("goods_receipt.cancel", N_("Cancel goods receipts"), PURCHASER, WAREHOUSE)

PURCHASE_RETURN_VIEW = permission("purchase_return.view", N_("View purchase returns"), PURCHASER, WAREHOUSE, MANAGER, FINANCE)
PURCHASE_RETURN_EDIT = permission("purchase_return.edit", N_("Enter purchase returns"), PURCHASER, WAREHOUSE)
PURCHASE_RETURN_APPROVE = permission("purchase_return.approve", N_("Approve purchase returns (ship out)"), PURCHASER, WAREHOUSE)
PURCHASE_RETURN_UNAPPROVE = permission("purchase_return.unapprove", N_("Unapprove purchase returns"), PURCHASER, WAREHOUSE)
PURCHASE_RETURN_CANCEL = permission("purchase_return.cancel", N_("Cancel purchase returns"), PURCHASER, WAREHOUSE)

PURCHASE_SUGGESTION_VIEW = permission("purchase_suggestion.view", N_("View purchase suggestions"), PURCHASER, MANAGER)

SUPPLIER_INVOICE_VIEW = permission("supplier_invoice.view", N_("View supplier invoices"), FINANCE, PURCHASER, MANAGER)
SUPPLIER_INVOICE_EDIT = permission("supplier_invoice.edit", N_("Enter supplier invoices"), FINANCE, PURCHASER)
SUPPLIER_INVOICE_APPROVE = permission("supplier_invoice.approve", N_("Approve supplier invoices"), FINANCE)
SUPPLIER_INVOICE_APPROVE_MANAGER = permission("supplier_invoice.approve_manager", N_("Manager approval of supplier invoices (three-way mismatch)"),
                                              MANAGER)
SUPPLIER_INVOICE_UNAPPROVE = permission("supplier_invoice.unapprove", N_("Unapprove supplier invoices"), FINANCE)
SUPPLIER_INVOICE_CANCEL = permission("supplier_invoice.cancel", N_("Cancel supplier invoices"), FINANCE)

PAYMENT_VIEW = permission("payment.view", N_("View payments"), FINANCE, MANAGER)
PAYMENT_EDIT = permission("payment.edit", N_("Enter payments"), FINANCE)
PAYMENT_APPROVE = permission("payment.approve", N_("Approve payments"), FINANCE)
PAYMENT_UNAPPROVE = permission("payment.unapprove", N_("Unapprove payments"), FINANCE)
PAYMENT_CANCEL = permission("payment.cancel", N_("Cancel payments"), FINANCE)
PAYMENT_ALLOCATE = permission("payment.allocate", N_("Allocate payments (by hand and automatically)"), FINANCE)
PAYMENT_UNALLOCATE = permission("payment.unallocate", N_("Reverse payment allocations"), FINANCE)

REPORT_PAYABLES = permission("report.payables", N_("View payables aging and supplier account details"), FINANCE, MANAGER)
REPORT_SUPPLIER_PSI = permission("report.supplier_psi", N_("View purchase-sales-inventory by supplier"), PURCHASER, MANAGER, FINANCE)
