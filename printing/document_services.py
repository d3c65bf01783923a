"""Printing business documents: load what is asked (the document type's view permission,
the warehouse check its own pages apply), build the layout, render, return the bytes and
a file name. The API only streams what these return."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.documents.base import Document
from erp.documents.services import get_document
from erp.errors import N_, NotFound, ValidationFailed
from inventory.documents import load_visible
from printing.company import company_from_settings
from printing.documents import render_documents
from printing.printables import Printable

#: One list print renders at most this many documents (a PDF of thousands of pages helps nobody).
MAX_DOCUMENTS = 200


def load_printable(session: Session, actor: User, printable: Printable, doc_id: int):
    """The document to print; ``NotFound``, or ``Forbidden`` for a warehouse the actor may not see."""
    require(actor, printable.permission)
    if printable.loader is not None:
        return printable.loader(session, actor, doc_id)
    if printable.by_warehouse:
        return load_visible(session, actor, printable.model, doc_id)
    return get_document(session, printable.model, doc_id)


def load_many(session: Session, actor: User, printable: Printable, ids: list[int]) -> list[Document]:
    """The documents ``ids`` in that order (repeats printed once); ``NotFound`` naming every
    missing one, ``Forbidden`` as for one document."""
    require(actor, printable.permission)
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_DOCUMENTS:
        raise ValidationFailed(N_("At most %(max)s documents at a time."), fields={"ids": [N_("Too many.")]},
                               max=MAX_DOCUMENTS)
    model = printable.model
    found = {d.id: d for d in session.scalars(select(model).where(model.id.in_(ids)))}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise NotFound(N_("%(document)s not found: %(ids)s."), document=printable.label[1], ids=", ".join(missing))
    return [load_printable(session, actor, printable, i) for i in ids]


def document_pdf(session: Session, actor: User, printable: Printable, doc_id: int, *, lang: str = "zh",
                 printed_at: dt.datetime | None = None, **options) -> tuple[bytes, str]:
    """One document as a PDF and its file name (``SO20261126-0001.pdf``)."""
    doc = load_printable(session, actor, printable, doc_id)
    spec = printable.spec(doc, company_from_settings(session), lang, printed_at=printed_at, **options)
    return render_documents([spec], lang), printable.filename(doc)


def documents_pdf(session: Session, actor: User, printable: Printable, ids: list[int], *, lang: str = "zh",
                  printed_at: dt.datetime | None = None, **options) -> tuple[bytes, str]:
    """Several documents in one PDF, one after another (each from a new page, with its own
    "page x of y"), and a file name."""
    docs = load_many(session, actor, printable, ids)
    company = company_from_settings(session)
    specs = [printable.spec(doc, company, lang, printed_at=printed_at, **options) for doc in docs]
    title = f"{printable.label[0 if lang == 'zh' else 1]} ×{len(docs)}"
    return render_documents(specs, lang, title=title), printable.list_filename(len(docs))
