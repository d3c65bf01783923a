"""Quantities as warehouse staff count them: whole cases plus loose pieces ("3箱+5瓶").

A product's stock is kept in its base unit (瓶); its largest packing unit is the case
(箱 = 24 瓶). A picker or a counter wants to know how many cases to take and how many
loose pieces on top, not "77 瓶".
"""
from __future__ import annotations

from decimal import Decimal

from erp.products.models import Product, Unit
from printing.text import fmt_qty


def unit_name(unit: Unit | None, lang: str) -> str:
    if unit is None:
        return ""
    return (unit.name_en or unit.name) if lang == "en" else unit.name


def cases_and_pieces(product: Product, qty_base: Decimal | None, lang: str = "zh") -> str:
    """``77`` base units of a product with a case of 24 → ``"3箱+5瓶"`` (``"3 箱 + 5 瓶"``
    style in English: ``"3 CASE + 5 PCS"`` with the units' English names). Whole cases only
    → ``"3箱"``; less than a case, or no case packing → ``"5瓶"``. A quantity of a divisible
    unit (kg) keeps its decimals on the loose part."""
    if qty_base is None:
        return ""
    base = unit_name(product.base_unit, lang)
    packing = product.case_packing
    sep = " " if lang == "en" else ""
    if packing is None or packing.factor <= 1 or qty_base < packing.factor:
        return f"{fmt_qty(qty_base)}{sep}{base}"
    cases, loose = divmod(qty_base, packing.factor)
    text = f"{fmt_qty(cases)}{sep}{unit_name(packing.unit, lang)}"
    if loose:
        text += f"{' + ' if lang == 'en' else '+'}{fmt_qty(loose)}{sep}{base}"
    return text


def cases_needed(product: Product, qty_base: Decimal) -> int:
    """How many cases hold ``qty_base`` (a part case counts as one); 0 without a case packing."""
    packing = product.case_packing
    if packing is None or packing.factor <= 0:
        return 0
    whole, loose = divmod(qty_base, packing.factor)
    return int(whole) + (1 if loose else 0)
