"""Decimals as people type them in forms: 24 not 24.0000, 1.43 not 1.430000 (never 1.2E+2)."""
from __future__ import annotations

from decimal import Decimal


def plain(value: Decimal | None) -> str | None:
    """Without trailing zeros: 24.0000 → "24", 0.1250 → "0.125", 120 → "120"."""
    if value is None:
        return None
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def price_text(value: Decimal | None) -> str | None:
    """A price with at least two decimals: 1.430000 → "1.43", 2.458333 → "2.458333"."""
    if value is None:
        return None
    text = plain(value)
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"
