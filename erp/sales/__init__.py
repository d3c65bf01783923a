"""The sales chain (销售): quote → sales order → delivery note → (inventory's outbound) →
invoice, and sales returns with credit notes. Each document lives in a folder of its
own; the pricing of lines (:mod:`erp.sales.pricing`), the making of documents from
what remains upstream (:mod:`erp.sales.chain`) and credit control
(:mod:`erp.sales.credit`) are shared."""
