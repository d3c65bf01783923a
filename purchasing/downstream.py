"""Hooks through which later packages declare what they make from purchasing documents.

Supplier invoices (finance) are made from goods receipts and supplier credits from
purchase returns; purchasing cannot import them, so they register a query here and a
receipt (or return) then refuses unapprove and cancel while such documents exist::

    from purchasing.receipts.models import register_receipt_downstream

    @register_receipt_downstream
    def invoices_of_receipt(session, receipt) -> list[Document]: ...
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from erp.documents.base import Document

DownstreamQuery = Callable[[Session, Document], list[Document]]


class DownstreamHooks:
    """The registered ``(session, document) -> documents made from it that still count``."""

    def __init__(self) -> None:
        self.queries: list[DownstreamQuery] = []

    def register(self, query: DownstreamQuery) -> DownstreamQuery:
        """Declare a kind of document made from this one (usable as a decorator)."""
        if query not in self.queries:
            self.queries.append(query)
        return query

    def documents(self, session: Session, doc: Document) -> list[Document]:
        return [found for query in self.queries for found in query(session, doc)]
