"""Permissions of the sales documents (``<doc_type>.<action>``) and their default roles.

Order service staff (sales_clerk) enter and approve quotes, orders and delivery notes
within their authority (level 1); a sales manager approves what the rules send higher
(``*.approve_manager``: large orders, prices below the minimum, customers over their
credit limit) and unapproves, cancels and closes. Finance approves invoices and credit
notes; the warehouse receives returned goods.
"""
from __future__ import annotations

from erp.auth.permissions import SALES, permission

CLERK = "sales_clerk"
MANAGER = "sales_manager"
WAREHOUSE = "warehouse"
FINANCE = "finance"

QUOTE_VIEW = permission("quote.view", "查看报价单", *SALES, FINANCE)
QUOTE_EDIT = permission("quote.edit", "录入报价单", *SALES)
QUOTE_APPROVE = permission("quote.approve", "审核报价单", *SALES)
QUOTE_APPROVE_MANAGER = permission("quote.approve_manager", "经理审核报价单（低于最低售价）", MANAGER)
QUOTE_UNAPPROVE = permission("quote.unapprove", "弃审报价单", *SALES)
QUOTE_CANCEL = permission("quote.cancel", "作废报价单", *SALES)
QUOTE_CLOSE = permission("quote.close", "关闭报价单", *SALES)

SALES_ORDER_VIEW = permission("sales_order.view", "查看销售订单", *SALES, WAREHOUSE, FINANCE)
SALES_ORDER_EDIT = permission("sales_order.edit", "录入销售订单", *SALES)
SALES_ORDER_APPROVE = permission("sales_order.approve", "审核销售订单", *SALES)
SALES_ORDER_APPROVE_MANAGER = permission("sales_order.approve_manager",
                                         "经理审核销售订单（大额、低于最低售价、超信用额度）", MANAGER)
SALES_ORDER_UNAPPROVE = permission("sales_order.unapprove", "弃审销售订单", MANAGER)
SALES_ORDER_CANCEL = permission("sales_order.cancel", "作废销售订单", MANAGER)
SALES_ORDER_CLOSE = permission("sales_order.close", "关闭销售订单（短交结案）", MANAGER)

DELIVERY_NOTE_VIEW = permission("delivery_note.view", "查看发货单", *SALES, WAREHOUSE, FINANCE)
DELIVERY_NOTE_EDIT = permission("delivery_note.edit", "录入发货单", *SALES)
DELIVERY_NOTE_APPROVE = permission("delivery_note.approve", "审核发货单（预留库存）", *SALES)
DELIVERY_NOTE_UNAPPROVE = permission("delivery_note.unapprove", "弃审发货单", *SALES)
DELIVERY_NOTE_CANCEL = permission("delivery_note.cancel", "作废发货单", MANAGER)
DELIVERY_NOTE_CLOSE = permission("delivery_note.close", "关闭发货单（释放未出库的预留）", *SALES)

SALES_INVOICE_VIEW = permission("sales_invoice.view", "查看销售发票", *SALES, FINANCE)
SALES_INVOICE_EDIT = permission("sales_invoice.edit", "录入销售发票", *SALES, FINANCE)
SALES_INVOICE_APPROVE = permission("sales_invoice.approve", "审核销售发票", FINANCE)
SALES_INVOICE_UNAPPROVE = permission("sales_invoice.unapprove", "弃审销售发票", FINANCE)
SALES_INVOICE_CANCEL = permission("sales_invoice.cancel", "作废销售发票", FINANCE)

SALES_RETURN_VIEW = permission("sales_return.view", "查看退货单", *SALES, WAREHOUSE, FINANCE)
SALES_RETURN_EDIT = permission("sales_return.edit", "录入退货单", *SALES, WAREHOUSE)
SALES_RETURN_APPROVE = permission("sales_return.approve", "审核退货单（退货入库）", WAREHOUSE, MANAGER)
SALES_RETURN_UNAPPROVE = permission("sales_return.unapprove", "弃审退货单", WAREHOUSE, MANAGER)
SALES_RETURN_CANCEL = permission("sales_return.cancel", "作废退货单", WAREHOUSE, MANAGER)

CREDIT_NOTE_VIEW = permission("credit_note.view", "查看红字发票", *SALES, FINANCE)
CREDIT_NOTE_EDIT = permission("credit_note.edit", "录入红字发票", *SALES, FINANCE)
CREDIT_NOTE_APPROVE = permission("credit_note.approve", "审核红字发票", FINANCE)
CREDIT_NOTE_UNAPPROVE = permission("credit_note.unapprove", "弃审红字发票", FINANCE)
CREDIT_NOTE_CANCEL = permission("credit_note.cancel", "作废红字发票", FINANCE)
