"""What a printed document is made of: plain dataclasses that a package fills from its
models and hands to :func:`printing.documents.render_document`."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.platypus import Flowable

from printing.company import Company
from printing.text import Bi, Text


@dataclass(frozen=True)
class Field:
    """One header field: ``Field(Bi("客户", "Customer"), "上海某某超市")``. ``kind`` formats
    the value (see :func:`printing.text.fmt`); ``span`` makes it take several slots of the
    field grid (a long address across the row)."""

    label: Text
    value: Any
    kind: str = "text"
    span: int = 1


@dataclass(frozen=True)
class Column:
    """A column of the lines table. ``key`` takes the cell from a row: a mapping key, a
    sequence index, an attribute name of an object, or a callable ``row -> value``.
    ``width`` is a share of the table width; ``kind`` formats the value and decides the
    default alignment (numbers right, text left)."""

    title: Text
    key: str | int | Callable[[Any], Any]
    width: float = 1.0
    kind: str = "text"
    align: str | None = None

    @property
    def alignment(self) -> str:
        if self.align:
            return self.align
        return "left" if self.kind in ("text", "date") else "right"

    def cell(self, row: Any) -> Any:
        if callable(self.key):
            return self.key(row)
        if isinstance(row, Mapping):
            return row.get(self.key)
        if isinstance(self.key, int):
            return row[self.key]
        return getattr(row, self.key, None)


@dataclass(frozen=True)
class Section:
    """A full-width heading row among the lines (e.g. the warehouse location of a pick list)."""

    text: Text


@dataclass(frozen=True)
class Total:
    """One line of the totals block: ``Total(Bi("价税合计", "Total incl. VAT"), x, strong=True)``."""

    label: Text
    value: Any
    kind: str = "money"
    strong: bool = False


@dataclass(frozen=True)
class DocRef:
    """A document of the chain: ``DocRef(Bi("销售订单", "Sales order"), "SO2024-000123")``."""

    kind: Text
    number: str


@dataclass(frozen=True)
class Signature:
    """A box of the signatures area; ``name`` pre-fills it (the author of a document),
    ``stamp`` makes it a taller box for a company stamp (盖章)."""

    label: Text
    name: str | None = None
    stamp: bool = False


DEFAULT_SIGNATURES: tuple[Signature, ...] = (
    Signature(Bi("制单", "Prepared by")),
    Signature(Bi("审核", "Approved by")),
    Signature(Bi("仓库", "Warehouse")),
    Signature(Bi("签收", "Received by"), stamp=True),
)


@dataclass
class DocumentSpec:
    """Everything printed on one document. Only ``title``, ``number`` and ``company`` are
    required; an empty part is simply not printed."""

    title: Text
    number: str | None  # None for a draft (numbers are given at approval)
    company: Company
    fields: Sequence[Field] = ()
    columns: Sequence[Column] = ()
    rows: Sequence[Any] = ()
    totals: Sequence[Total] = ()
    #: Print this amount in Chinese capitals (大写) under the totals.
    amount_in_words: Decimal | None = None
    upstream: Sequence[DocRef] = ()
    downstream: Sequence[DocRef] = ()
    signatures: Sequence[Signature] = DEFAULT_SIGNATURES
    notes: Text | None = None
    #: A link printed as a QR code beside the number barcode (a phone opens the document).
    qr: str | None = None
    #: Big faint diagonal text on every page, e.g. ``Bi("草稿", "DRAFT")`` for unapproved documents.
    watermark: Text | None = None
    printed_at: dt.datetime | None = None
    #: Header fields per row of the field grid.
    field_columns: int = 3
    #: Prepend a "序号 / No." column numbering the lines.
    line_numbers: bool = True
    before_lines: Sequence[Flowable] = ()
    after_lines: Sequence[Flowable] = ()
    landscape: bool = False
    #: The document's name in the PDF metadata (defaults to "title number").
    pdf_title: str | None = None
    #: Print the number as a Code 128 (False: as text only, e.g. a draft that kept the
    #: number of an earlier approval is not a document to scan).
    barcode: bool = True
