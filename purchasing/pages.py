"""What the purchasing pages share: the choices of their forms (suppliers, warehouses,
VAT rates, units), running a document verb posted from a page, re-showing a form with
its errors, and reading page arguments."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask import render_template
from sqlalchemy import select

from erp.errors import ErpError
from erp.money import VAT_RATES
from erp.products.models import Product
from erp.suppliers.models import Supplier
from erp.web.pages import Form


def supplier_choices(session) -> list[tuple[int, str]]:
    return [(s.id, str(s)) for s in session.scalars(
        select(Supplier).where(Supplier.active.is_(True)).order_by(Supplier.code).limit(2000))]


def vat_choices() -> list[tuple[str, str]]:
    return [(format(rate, "f"), f"{rate * 100:.0f}%") for rate in VAT_RATES]


def unit_choices(product: Product | None) -> list[tuple[int, str, Decimal]]:
    """(unit id, name, factor) of the base unit and every packing of the product."""
    if product is None:
        return []
    return [(product.base_unit_id, product.base_unit.name, Decimal(1))] + [
        (p.unit_id, p.unit.name, p.factor) for p in product.packings]


def form_page(template: str, save: Callable, data: dict, success: Callable, **context):
    """Save the form's data; on an error show the form again, each message beside its field (422)."""
    try:
        doc = save(data)
    except ErpError as exc:
        return render_template(template, form=Form.from_error(data, exc), **context), 422
    return success(doc)


