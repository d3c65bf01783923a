"""Inventory: batches, the stock ledger and balances, reservations, FEFO allocation,
moving-average costing, the stock documents (outbound, other stock-in/out, transfer,
scrap), stocktakes, the stock reports and the warehouse pages. Everything that moves
stock calls :mod:`inventory.stock.ledger`; nothing else writes stock. See
``inventory/README.md`` for the service interface.
"""
