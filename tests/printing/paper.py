"""More ways of reading our PDFs back (beside :mod:`tests.printing.pdfs`)."""
from __future__ import annotations

import io

import pdfplumber

from tests.printing.pdfs import all_text


def flat(pdf: bytes) -> str:
    """The text of every page without line breaks (a long value wraps inside its cell)."""
    return all_text(pdf).replace("\n", "")


def watermark(pdf: bytes, page: int = 0) -> str:
    """The slanted text across a page (a draft's or a cancelled document's watermark)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(c["text"] for c in doc.pages[page].chars if c["matrix"][1] != 0)


def page_count(pdf: bytes) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)
