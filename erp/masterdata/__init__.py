"""What the master data concepts share: hierarchical category codes under a coding rule,
the "is this record still referenced?" check, identifier validation (USCC, GS1 barcodes)
and field-error collection. Customers, products, pricing, suppliers and warehouses use it."""
