"""The product columns every report row shows (stock balances, 进销存, reorder, supplier
进销存): its SKU, name and base unit, taken from the row's ``product`` (None on a total row)."""
from __future__ import annotations


class ProductColumns:
    @property
    def sku(self) -> str | None:
        return self.product.sku if self.product else None

    @property
    def product_name(self) -> str | None:
        return self.product.name if self.product else None

    @property
    def unit(self) -> str | None:
        return self.product.base_unit.name if self.product else None
