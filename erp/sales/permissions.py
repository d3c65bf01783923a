"""Permissions of the sales documents (``<doc_type>.<action>``) and their default roles.

Order service staff (sales_clerk) enter and approve quotes, orders and delivery notes
within their authority (level 1); a sales manager approves what the rules send higher
(``*.approve_manager``: large orders, prices below the minimum, customers over their
credit limit) and unapproves, cancels and closes. Finance approves invoices and credit
notes; the warehouse receives returned goods.
"""
from __future__ import annotations

from erp.auth.permissions import SALES, permission
from erp.errors import N_

CLERK = "sales_clerk"
MANAGER = "sales_manager"
WAREHOUSE = "warehouse"
FINANCE = "finance"

QUOTE_VIEW = permission("quote.view", N_("View quotes"), *SALES, FINANCE)
QUOTE_EDIT = permission("quote.edit", N_("Enter quotes"), *SALES)
QUOTE_APPROVE = permission("quote.approve", N_("Approve quotes"), *SALES)
QUOTE_APPROVE_MANAGER = permission("quote.approve_manager", N_("Manager approval of quotes (below the minimum price)"), MANAGER)
QUOTE_UNAPPROVE = permission("quote.unapprove", N_("Unapprove quotes"), *SALES)
QUOTE_CANCEL = permission("quote.cancel", N_("Cancel quotes"), *SALES)
QUOTE_CLOSE = permission("quote.close", N_("Close quotes"), *SALES)

SALES_ORDER_VIEW = permission("sales_order.view", N_("View sales orders"), *SALES, WAREHOUSE, FINANCE)
SALES_ORDER_EDIT = permission("sales_order.edit", N_("Enter sales orders"), *SALES)
SALES_ORDER_APPROVE = permission("sales_order.approve", N_("Approve sales orders"), *SALES)
SALES_ORDER_APPROVE_MANAGER = permission("sales_order.approve_manager",
                                         N_("Manager approval of sales orders (large amounts, below the minimum price, over the credit limit)"), MANAGER)
SALES_ORDER_UNAPPROVE = permission("sales_order.unapprove", N_("Unapprove sales orders"), MANAGER)
SALES_ORDER_CANCEL = permission("sales_order.cancel", N_("Cancel sales orders"), MANAGER)
SALES_ORDER_CLOSE = permission("sales_order.close", N_("Close sales orders (short delivery)"), MANAGER)

DELIVERY_NOTE_VIEW = permission("delivery_note.view", N_("View delivery notes"), *SALES, WAREHOUSE, FINANCE)
DELIVERY_NOTE_EDIT = permission("delivery_note.edit", N_("Enter delivery notes"), *SALES)
DELIVERY_NOTE_APPROVE = permission("delivery_note.approve", N_("Approve delivery notes (reserve stock)"), *SALES)
DELIVERY_NOTE_UNAPPROVE = permission("delivery_note.unapprove", N_("Unapprove delivery notes"), *SALES)
DELIVERY_NOTE_CANCEL = permission("delivery_note.cancel", N_("Cancel delivery notes"), MANAGER)
DELIVERY_NOTE_CLOSE = permission("delivery_note.close", N_("Close delivery notes (release what was not shipped)"), *SALES)

SALES_INVOICE_VIEW = permission("sales_invoice.view", N_("View sales invoices"), *SALES, FINANCE)
SALES_INVOICE_EDIT = permission("sales_invoice.edit", N_("Enter sales invoices"), *SALES, FINANCE)
SALES_INVOICE_APPROVE = permission("sales_invoice.approve", N_("Approve sales invoices"), FINANCE)
SALES_INVOICE_UNAPPROVE = permission("sales_invoice.unapprove", N_("Unapprove sales invoices"), FINANCE)
SALES_INVOICE_CANCEL = permission("sales_invoice.cancel", N_("Cancel sales invoices"), FINANCE)

SALES_RETURN_VIEW = permission("sales_return.view", N_("View sales returns"), *SALES, WAREHOUSE, FINANCE)
SALES_RETURN_EDIT = permission("sales_return.edit", N_("Enter sales returns"), *SALES, WAREHOUSE)
SALES_RETURN_APPROVE = permission("sales_return.approve", N_("Approve sales returns (receive returned goods)"), WAREHOUSE, MANAGER)
SALES_RETURN_UNAPPROVE = permission("sales_return.unapprove", N_("Unapprove sales returns"), WAREHOUSE, MANAGER)
SALES_RETURN_CANCEL = permission("sales_return.cancel", N_("Cancel sales returns"), WAREHOUSE, MANAGER)

CREDIT_NOTE_VIEW = permission("credit_note.view", N_("View credit notes"), *SALES, FINANCE)
CREDIT_NOTE_EDIT = permission("credit_note.edit", N_("Enter credit notes"), *SALES, FINANCE)
CREDIT_NOTE_APPROVE = permission("credit_note.approve", N_("Approve credit notes"), FINANCE)
CREDIT_NOTE_UNAPPROVE = permission("credit_note.unapprove", N_("Unapprove credit notes"), FINANCE)
CREDIT_NOTE_CANCEL = permission("credit_note.cancel", N_("Cancel credit notes"), FINANCE)
