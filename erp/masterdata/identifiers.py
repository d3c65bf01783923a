"""Identifiers with check characters: the unified social credit code (统一社会信用代码,
GB 32100-2015) and GS1 barcodes (EAN-8, UPC-A, EAN-13, ITF-14/GTIN-14).

A wrong check character is refused with a field message, never silently fixed.
"""
from __future__ import annotations

from marshmallow import ValidationError, fields
from stdnum import ean
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from erp.errors import N_

USCC_CHECKSUM = N_("The check character of this unified social credit code is wrong.")
USCC_LENGTH = N_("A unified social credit code has 18 characters.")
USCC_FORMAT = N_("This is not a unified social credit code.")
BARCODE_CHECKSUM = N_("The check digit of this barcode is wrong.")
BARCODE_LENGTH = N_("A barcode has 8, 12, 13 or 14 digits.")
BARCODE_FORMAT = N_("A barcode has digits only.")


def uscc_problem(value: str) -> str | None:
    """Why ``value`` is not a valid USCC (a constant message), or None."""
    try:
        uscc.validate(value)
    except InvalidChecksum:
        return USCC_CHECKSUM
    except InvalidLength:
        return USCC_LENGTH
    except StdnumError:
        return USCC_FORMAT
    return None


def barcode_problem(value: str) -> str | None:
    """Why ``value`` is not a valid GTIN-8/12/13/14 (a constant message), or None."""
    if not value.isascii() or not value.isdigit():
        return BARCODE_FORMAT
    try:
        ean.validate(value)
    except InvalidChecksum:
        return BARCODE_CHECKSUM
    except InvalidLength:
        return BARCODE_LENGTH
    except StdnumError:
        return BARCODE_FORMAT
    return None


def with_check_digit(digits: str) -> str:
    """``digits`` followed by its GS1 check digit (for generated barcodes)."""
    return digits + ean.calc_check_digit(digits)


def with_uscc_check(first17: str) -> str:
    """The first 17 characters of a USCC followed by its check character."""
    return first17 + uscc.calc_check_digit(first17)


class Uscc(fields.String):
    """A USCC: spaces and dashes dropped, upper-cased, check character verified."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > 40:
            raise ValidationError(USCC_LENGTH)
        compact = uscc.compact(text)
        if not compact:
            return None
        problem = uscc_problem(compact)
        if problem:
            raise ValidationError(problem)
        return compact


class Barcode(fields.String):
    """A GS1 barcode (digits with a correct check digit)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > 40:
            raise ValidationError(BARCODE_LENGTH)
        compact = text.replace(" ", "")
        if not compact:
            return None
        problem = barcode_problem(compact)
        if problem:
            raise ValidationError(problem)
        return compact
