"""Query parameters of the printing endpoints."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from erp.api.schemas import InputSchema, Str
from erp.errors import N_
from printing.labels import CASE_LAYOUTS, PRODUCT_LAYOUTS
from printing.text import LANGS

MAX_IDS = 500


class IdList(fields.List):
    """``1,2,3`` → ``[1, 2, 3]`` (order and repeats kept: a product listed twice prints twice).
    Also ``ids=1&ids=2`` (the checkboxes of a list page submitted by a GET form), or both."""

    def __init__(self, **kwargs):
        super().__init__(fields.Integer(), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        values = value if isinstance(value, (list, tuple)) else [value]
        parts = [p.strip() for v in values for p in str(v).split(",") if p.strip()]
        if not parts or not all(p.isdigit() and 0 < int(p) < 2**31 for p in parts):
            raise ValidationError(N_("Give ids separated by commas, e.g. 1,2,3."))
        if len(parts) > MAX_IDS:
            raise ValidationError(N_("At most 500 ids at a time."))
        return [int(p) for p in parts]


def _lang():
    return fields.String(load_default=None, allow_none=True,
                         validate=validate.OneOf(LANGS, error=N_("Must be zh or en.")))


class ProductLabelsQuery(InputSchema):
    ids = IdList(required=True)
    layout = fields.String(load_default="a4-3x8", validate=validate.OneOf(
        list(PRODUCT_LAYOUTS), error=N_("Unknown layout.")))
    copies = fields.Integer(load_default=1, validate=validate.Range(1, 100, error=N_("Between 1 and 100.")))
    skip = fields.Integer(load_default=0, validate=validate.Range(0, 99, error=N_("Between 0 and 99.")))
    sku_barcode = fields.Boolean(load_default=False)
    lang = _lang()


class CaseLabelsQuery(InputSchema):
    batch = Str(20)
    expiry = fields.Date(load_default=None, allow_none=True)
    produced = fields.Date(load_default=None, allow_none=True)
    copies = fields.Integer(load_default=1, validate=validate.Range(1, 500, error=N_("Between 1 and 500.")))
    layout = fields.String(load_default="case-100x70", validate=validate.OneOf(
        list(CASE_LAYOUTS), error=N_("Unknown layout.")))
    lang = _lang()


class PdfQuery(InputSchema):
    """``?lang=zh|en`` of a document's PDF (default: the user's UI language)."""

    lang = _lang()


class PdfListQuery(PdfQuery):
    """``?ids=1,2,3`` (or ``ids=1&ids=2``): the documents to print one after another."""

    ids = IdList(required=True)


class CountSheetQuery(PdfQuery):
    """``blind=true``: a count sheet without the book quantities (盲盘)."""

    blind = fields.Boolean(load_default=False)


class CountSheetListQuery(PdfListQuery):
    blind = fields.Boolean(load_default=False)


class OutboundCaseLabelsQuery(InputSchema):
    """Case labels of an outbound's batches: one per case (a part case counts), ``copies`` each."""

    copies = fields.Integer(load_default=1, validate=validate.Range(1, 20, error=N_("Between 1 and 20.")))
    layout = fields.String(load_default="case-100x70", validate=validate.OneOf(
        list(CASE_LAYOUTS), error=N_("Unknown layout.")))
    lang = _lang()
