"""Errors of the printing package: bad input is refused with a clear, translatable message.

They are :class:`erp.errors.ValidationFailed` (an API answers 422 naming the field) and
also ``ValueError``, so code that renders without the web layer can catch them plainly.
"""
from __future__ import annotations

from erp.errors import ValidationFailed


class PrintingError(ValidationFailed, ValueError):
    code = "printing_error"


class InvalidBarcode(PrintingError):
    """A value that cannot be encoded in the asked symbology (wrong length, characters
    or check digit)."""

    code = "invalid_barcode"


class BarcodeTooWide(PrintingError):
    """The symbol does not fit the space of the layout even at the thinnest printable bar."""

    code = "barcode_too_wide"
