"""The refusal every stock-moving service gives when there is not enough stock."""
from __future__ import annotations

from decimal import Decimal

from erp.errors import N_, InsufficientStock


def fmt_qty(qty: Decimal) -> str:
    """``Decimal('10.5000')`` → ``'10.5'`` (no exponent, no trailing zeros)."""
    text = format(qty, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def insufficient_stock(product, warehouse, wanted: Decimal, available: Decimal, batch=None) -> InsufficientStock:
    """An ``InsufficientStock`` (409) naming the product, warehouse, batch and the shortfall.
    ``exc.shortfall`` holds the missing quantity (base unit) for callers that offer a partial."""
    available = max(available, Decimal(0))
    short = wanted - available
    params = {"product": str(product), "warehouse": str(warehouse), "unit": product.base_unit.name,
              "wanted": fmt_qty(wanted), "available": fmt_qty(available), "short": fmt_qty(short)}
    if batch is not None:
        exc = InsufficientStock(
            N_("Not enough %(product)s of batch %(batch)s in %(warehouse)s: %(wanted)s %(unit)s wanted, "
               "%(available)s available, %(short)s short."),
            batch=batch.batch_no, **params)
    else:
        exc = InsufficientStock(
            N_("Not enough %(product)s in %(warehouse)s: %(wanted)s %(unit)s wanted, %(available)s available, "
               "%(short)s short."),
            **params)
    exc.shortfall = short
    return exc
