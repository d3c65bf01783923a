"""How outbounds go into packages by default, and what each weighs.

Each whole case is a package of its own (the case packing's weight, or the pieces'
weights); loose pieces of every line travel together in one more package. A weight is
known only when every piece in the package has one (``Product.weight_kg`` per base unit,
or the case packing's ``weight_kg``); otherwise the package has none rather than a wrong one.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from erp.money import round_qty

ZERO = Decimal(0)


def _case_weight(product, packing) -> Decimal | None:
    if packing.weight_kg:
        return packing.weight_kg
    return round_qty(product.weight_kg * packing.factor) if product.weight_kg else None


def default_packages(outbounds: Iterable) -> list[Decimal | None]:
    """One weight (or None) per package of the goods of ``outbounds``."""
    cases: list[Decimal | None] = []
    loose_weight: Decimal | None = ZERO
    has_loose = False
    for outbound in outbounds:
        for line in outbound.lines:
            product, qty = line.product, line.qty_base
            packing = product.case_packing
            whole, loose = divmod(qty, packing.factor) if packing is not None and packing.factor > 1 else (ZERO, qty)
            if whole:
                cases += [_case_weight(product, packing)] * int(whole)
            if loose:
                has_loose = True
                piece = product.weight_kg
                loose_weight = None if piece is None or loose_weight is None else loose_weight + round_qty(piece * loose)
    if has_loose:
        cases.append(loose_weight if loose_weight else None)
    return cases or [None]


def split_weight(total: Decimal | None, count: int) -> list[Decimal | None]:
    """``total`` spread evenly over ``count`` packages (the last takes the rounding
    remainder, so they add up); None stays unknown."""
    if total is None or total <= 0:
        return [None] * count
    share = round_qty(total / count)
    last = total - share * (count - 1)
    if share <= 0 or last <= 0:  # too little to split to 0.0001 kg
        return [None] * count
    return [share] * (count - 1) + [last]


def total_weight(weights: list[Decimal | None]) -> Decimal | None:
    return sum(weights, ZERO) if weights and None not in weights else None
