"""Inventory: batches, the stock ledger and balances, reservations, FEFO allocation,
moving-average costing and the stock documents (outbound, other stock-in/out,
transfer, scrap). Everything that moves stock calls :mod:`inventory.stock.ledger`;
nothing else writes stock. See ``inventory/README.md`` for the service interface.
"""
