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

PURCHASER = "purchaser"
MANAGER = "sales_manager"
WAREHOUSE = "warehouse"
FINANCE = "finance"

PURCHASE_ORDER_VIEW = permission("purchase_order.view", "查看采购订单", PURCHASER, MANAGER, WAREHOUSE, FINANCE)
PURCHASE_ORDER_EDIT = permission("purchase_order.edit", "录入采购订单", PURCHASER)
PURCHASE_ORDER_APPROVE = permission("purchase_order.approve", "审核采购订单", PURCHASER)
PURCHASE_ORDER_APPROVE_MANAGER = permission("purchase_order.approve_manager", "经理审核采购订单（大额）", MANAGER)
PURCHASE_ORDER_UNAPPROVE = permission("purchase_order.unapprove", "弃审采购订单", PURCHASER, MANAGER)
PURCHASE_ORDER_CANCEL = permission("purchase_order.cancel", "作废采购订单", PURCHASER, MANAGER)
PURCHASE_ORDER_CLOSE = permission("purchase_order.close", "关闭采购订单（短收结案）", PURCHASER, MANAGER)

GOODS_RECEIPT_VIEW = permission("goods_receipt.view", "查看采购入库单", PURCHASER, WAREHOUSE, MANAGER, FINANCE)
GOODS_RECEIPT_EDIT = permission("goods_receipt.edit", "录入采购入库单", PURCHASER, WAREHOUSE)
GOODS_RECEIPT_APPROVE = permission("goods_receipt.approve", "审核采购入库单（入库）", PURCHASER, WAREHOUSE)
GOODS_RECEIPT_UNAPPROVE = permission("goods_receipt.unapprove", "弃审采购入库单", PURCHASER, WAREHOUSE)
GOODS_RECEIPT_CANCEL = permission("goods_receipt.cancel", "作废采购入库单", PURCHASER, WAREHOUSE)

PURCHASE_RETURN_VIEW = permission("purchase_return.view", "查看采购退货单", PURCHASER, WAREHOUSE, MANAGER, FINANCE)
PURCHASE_RETURN_EDIT = permission("purchase_return.edit", "录入采购退货单", PURCHASER, WAREHOUSE)
PURCHASE_RETURN_APPROVE = permission("purchase_return.approve", "审核采购退货单（出库）", PURCHASER, WAREHOUSE)
PURCHASE_RETURN_UNAPPROVE = permission("purchase_return.unapprove", "弃审采购退货单", PURCHASER, WAREHOUSE)
PURCHASE_RETURN_CANCEL = permission("purchase_return.cancel", "作废采购退货单", PURCHASER, WAREHOUSE)

PURCHASE_SUGGESTION_VIEW = permission("purchase_suggestion.view", "查看采购建议", PURCHASER, MANAGER)

SUPPLIER_INVOICE_VIEW = permission("supplier_invoice.view", "查看采购发票", FINANCE, PURCHASER, MANAGER)
SUPPLIER_INVOICE_EDIT = permission("supplier_invoice.edit", "录入采购发票", FINANCE, PURCHASER)
SUPPLIER_INVOICE_APPROVE = permission("supplier_invoice.approve", "审核采购发票", FINANCE)
SUPPLIER_INVOICE_APPROVE_MANAGER = permission("supplier_invoice.approve_manager", "经理审核采购发票（三单不符）",
                                              MANAGER)
SUPPLIER_INVOICE_UNAPPROVE = permission("supplier_invoice.unapprove", "弃审采购发票", FINANCE)
SUPPLIER_INVOICE_CANCEL = permission("supplier_invoice.cancel", "作废采购发票", FINANCE)

PAYMENT_VIEW = permission("payment.view", "查看付款单", FINANCE, MANAGER)
PAYMENT_EDIT = permission("payment.edit", "录入付款单", FINANCE)
PAYMENT_APPROVE = permission("payment.approve", "审核付款单", FINANCE)
PAYMENT_UNAPPROVE = permission("payment.unapprove", "弃审付款单", FINANCE)
PAYMENT_CANCEL = permission("payment.cancel", "作废付款单", FINANCE)
PAYMENT_ALLOCATE = permission("payment.allocate", "付款核销（手工与自动）", FINANCE)
PAYMENT_UNALLOCATE = permission("payment.unallocate", "取消付款核销", FINANCE)

REPORT_PAYABLES = permission("report.payables", "查看应付账龄与供应商往来明细", FINANCE, MANAGER)
REPORT_SUPPLIER_PSI = permission("report.supplier_psi", "查看供应商进销存", PURCHASER, MANAGER, FINANCE)
