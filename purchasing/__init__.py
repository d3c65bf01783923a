"""Purchasing (采购): purchase orders, goods receipts, purchase returns and the purchase
suggestion. Supplier invoices and payments build on the receipts' progress fields."""
