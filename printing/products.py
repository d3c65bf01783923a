"""Product and case labels built from ``erp.products`` models (reading only)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from erp.errors import N_
from erp.products.models import Product, ProductUnit
from printing.barcodes import retail, to_gtin14
from printing.exceptions import InvalidBarcode, PrintingError
from printing.labels import CaseLabel, ProductLabel

_UNSET = object()


def product_label(product: Product, *, price: Decimal | None | object = _UNSET,
                  sku_barcode: bool = False) -> ProductLabel:
    """The piece label of ``product``: name, spec, list price per base unit (or ``price``;
    ``None`` prints none) and its piece barcode, checked now so that a wrong check digit
    is reported with the product's SKU."""
    if product.barcode:
        try:
            retail(product.barcode)
        except InvalidBarcode:
            raise InvalidBarcode(
                N_("Product %(sku)s has an invalid piece barcode %(barcode)s (EAN-13 or EAN-8 with a right check digit)."),
                fields={"barcode": [N_("Not a valid barcode for this symbology.")]},
                sku=product.sku, barcode=product.barcode) from None
    return ProductLabel(
        name=product.name,
        sku=product.sku,
        spec=product.spec,
        price=product.list_price if price is _UNSET else price,
        unit=product.base_unit.name if product.base_unit is not None else None,
        barcode=product.barcode or None,
        sku_barcode=sku_barcode,
    )


def case_packing(product: Product) -> ProductUnit:
    """The case (the largest packing unit) of ``product``; refused when it has none."""
    packing = product.case_packing
    if packing is None:
        raise PrintingError(N_("Product %(sku)s has no case packing unit to label."),
                            fields={"product": [N_("No case packing.")]}, sku=product.sku)
    return packing


def case_gtin(product: Product, packing: ProductUnit | None = None) -> str:
    """The GTIN-14 of the case, from the barcode recorded on its packing unit. A GTIN is
    the brand owner's to assign, so none is invented from the piece barcode."""
    packing = packing or case_packing(product)
    if not packing.barcode:
        raise PrintingError(
            N_("The case of product %(sku)s has no barcode (GTIN-14); record it on the product's packing units first."),
            fields={"barcode": [N_("Missing.")]}, sku=product.sku)
    try:
        return to_gtin14(packing.barcode)
    except InvalidBarcode:
        raise InvalidBarcode(
            N_("The case of product %(sku)s has an invalid barcode %(barcode)s (a GTIN of 8, 12, 13 or 14 digits with a right check digit)."),
            fields={"barcode": [N_("Not a valid barcode for this symbology.")]},
            sku=product.sku, barcode=packing.barcode) from None


def case_label(product: Product, *, batch: str | None = None, expiry: dt.date | None = None,
               produced: dt.date | None = None, packing: ProductUnit | None = None) -> CaseLabel:
    """The label of one case of ``product`` (its largest packing unit unless ``packing``
    is given), with batch and expiry when known. The GS1-128 is validated now."""
    packing = packing or case_packing(product)
    label = CaseLabel(
        name=product.name,
        gtin=case_gtin(product, packing),
        sku=product.sku,
        spec=product.spec,
        qty_per_case=packing.factor,
        unit=product.base_unit.name if product.base_unit is not None else None,
        batch=batch or None,
        expiry=expiry,
        produced=produced,
    )
    label.gs1()  # batch characters and length checked before anything is drawn
    return label
