"""What a stocktake counts: the products of a category (with its sub-categories) and/or
of a range of bin locations, in one warehouse.

Location bounds compare as plain text, the same on every backend: ``A-03`` to ``A-05``
covers ``A-03``, ``A-04-02`` and ``A-05-06`` (the upper bound includes everything it
prefixes). With a range, products without a location are outside it.
"""
from __future__ import annotations

from dataclasses import dataclass

from erp.errors import N_, ValidationFailed
from erp.products.models import Product, ProductCategory

#: Sorts after every character a bin location uses.
TOP = "\U0010ffff"


@dataclass(frozen=True)
class Scope:
    category_code: str | None = None
    location_from: str | None = None
    location_to: str | None = None

    @property
    def _upper(self) -> str | None:
        return None if self.location_to is None else self.location_to + TOP

    def covers(self, product: Product) -> bool:
        if self.category_code is not None:
            code = product.category.code if product.category is not None else None
            if code is None or not code.startswith(self.category_code):
                return False
        if self.location_from is None and self.location_to is None:
            return True
        location = product.location
        if not location:
            return False
        return (self.location_from is None or location >= self.location_from) and \
            (self._upper is None or location <= self._upper)

    def overlaps(self, other: Scope) -> bool:
        """Whether some product could fall into both scopes."""
        mine, theirs = self.category_code, other.category_code
        if mine is not None and theirs is not None and not (mine.startswith(theirs) or theirs.startswith(mine)):
            return False
        low = max(self.location_from or "", other.location_from or "")
        high = min(self._upper or TOP * 2, other._upper or TOP * 2)
        return low <= high


def scope_of(doc) -> Scope:
    return Scope(doc.category.code if doc.category is not None else None, doc.location_from, doc.location_to)


def read_scope(session, data: dict) -> tuple[ProductCategory | None, Scope]:
    """The category and scope of an opening request (``ValidationFailed`` on bad input)."""
    category = None
    if data.get("category_id"):
        category = session.get(ProductCategory, data["category_id"])
        if category is None:
            raise ValidationFailed(N_("Unknown product category."),
                                   fields={"category_id": [N_("Unknown product category.")]})
    low, high = data.get("location_from") or None, data.get("location_to") or None
    if low and high and low > high:
        raise ValidationFailed(N_("The location range is the wrong way round."),
                               fields={"location_to": [N_("Must not be before the first location.")]})
    return category, Scope(category.code if category else None, low, high)


OUT_OF_SCOPE = N_("Not in the scope of this stocktake.")
