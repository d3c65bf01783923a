"""What every business document shares.

A document is a header (a class mixing in :class:`Document`) with lines (a
class mixing in :class:`DocumentLine`). Its life is ``draft → approved →
closed`` plus ``cancelled``; a document waiting for a further approval level
is ``pending`` (审核中) and read-only like an approved one. The allowed moves
are data — a ``TRANSITIONS`` table of ``verb: Transition(from, to,
permission)`` — applied by the one helper :func:`erp.documents.transitions.apply_transition`.

Read-only after approval is enforced at flush time (see
``_guard_read_only``): a change to a non-draft document or its lines other
than its declared progress fields raises :class:`ReadOnlyDocument`, whoever
tries it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, String, Text, event, inspect
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from erp.db import EnumString, utcnow
from erp.errors import N_, ReadOnlyDocument, Term, Terms
from erp.web.i18n import bilingual


class DocState(StrEnum):
    DRAFT = "draft"  # 草稿 / 未审核
    PENDING = "pending"  # 审核中: some approval levels done, more needed
    APPROVED = "approved"  # 已审核
    CLOSED = "closed"  # 已关闭
    CANCELLED = "cancelled"  # 已作废


STATE_LABELS = {
    DocState.DRAFT: N_("Draft"),
    DocState.PENDING: N_("Pending approval"),
    DocState.APPROVED: N_("Approved"),
    DocState.CLOSED: N_("Closed"),
    DocState.CANCELLED: N_("Cancelled"),
}


#: The states and verbs as words inside a message ("it is approved; only draft can be").
STATE_TERMS = {
    DocState.DRAFT: N_("draft"),
    DocState.PENDING: N_("pending approval"),
    DocState.APPROVED: N_("approved"),
    DocState.CLOSED: N_("closed"),
    DocState.CANCELLED: N_("cancelled"),
}
VERB_TERMS = {
    "submit": N_("submit"), "approve": N_("approve"), "reject": N_("reject"), "unapprove": N_("unapprove"),
    "close": N_("close"), "reopen": N_("reopen"), "cancel": N_("cancel"), "receive": N_("receive"),
    "unreceive": N_("unreceive"),
}


def state_term(state: DocState) -> Term:
    return Term(STATE_TERMS.get(state, state.value))


def states_term(states) -> Terms:
    return Terms(state_term(s) for s in sorted(states, key=list(DocState).index))


def verb_term(verb: str) -> Term:
    return Term(VERB_TERMS.get(verb, verb))


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[DocState]
    target: DocState
    #: The action part of the permission: ``f"{doc.__permission_prefix__}.{action}"``.
    action: str


def T(sources, target: DocState, action: str) -> Transition:  # noqa: N802
    return Transition(frozenset(sources), target, action)


D, P, A, C, X = DocState.DRAFT, DocState.PENDING, DocState.APPROVED, DocState.CLOSED, DocState.CANCELLED

#: The standard workflow. A document type may replace or extend it.
STANDARD_TRANSITIONS: dict[str, Transition] = {
    "submit": T({D}, P, "edit"),  # ask for approval
    "approve": T({D, P}, A, "approve"),  # the last approval level (see erp.documents.approvals)
    "reject": T({P}, D, "approve"),
    "unapprove": T({A}, D, "unapprove"),  # 弃审
    "close": T({A}, C, "close"),
    "reopen": T({C}, A, "close"),
    "cancel": T({D, P, A}, X, "cancel"),  # 作废
}

#: Verb → the attribute prefix stamped by the transition (``approved_by_id``, ``approved_at``).
STAMPS = {"submit": "submitted", "approve": "approved", "close": "closed", "cancel": "cancelled"}

#: Document classes by doc_type, filled as classes are declared.
DOCUMENT_TYPES: dict[str, type[Document]] = {}


class Document:
    """Mixin for a document header. Subclasses set the class attributes below."""

    __doc_type__: ClassVar[str]
    #: (Chinese, English) name, e.g. ("销售订单", "Sales order"); shown by :meth:`type_label`.
    __doc_label__: ClassVar[tuple[str, str]]
    #: Prefix of its permissions; defaults to the doc_type.
    __permission_prefix__: ClassVar[str | None] = None
    #: Endpoint of its web page, called with ``id=``; used by the inbox and the chain links.
    __view_endpoint__: ClassVar[str | None] = None
    TRANSITIONS: ClassVar[dict[str, Transition]] = STANDARD_TRANSITIONS
    #: States in which the header and lines may be edited.
    EDITABLE_STATES: ClassVar[frozenset[DocState]] = frozenset({DocState.DRAFT})
    #: Header fields that may still change when not editable (progress, totals kept by code).
    MUTABLE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Given at approval (numbers are never burnt by abandoned drafts).
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    doc_date: Mapped[dt.date] = mapped_column(index=True)
    state: Mapped[DocState] = mapped_column(EnumString(DocState, 12), default=DocState.DRAFT, index=True)
    version: Mapped[int] = mapped_column(default=1)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    approved_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(300))
    cancelled_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(300))

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def submitted_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def approved_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def closed_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def cancelled_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # Optimistic lock: two concurrent writers of one header cannot both win.
        return {"version_id_col": cls.__table__.c.version}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        doc_type = cls.__dict__.get("__doc_type__")
        if doc_type:
            DOCUMENT_TYPES[doc_type] = cls

    # --- what each document type may override ---------------------------------------

    @classmethod
    def permission(cls, action: str) -> str:
        return f"{cls.__permission_prefix__ or cls.__doc_type__}.{action}"

    def approval_amount(self) -> Decimal:
        """The amount approval rules compare with (the gross total by default)."""
        return getattr(self, "total_gross", None) or Decimal(0)

    def approval_flags(self, session: Session) -> dict[str, str]:
        """Flags raised by the content (``{"price_below_min": "…"}``) that rules react to."""
        return {}

    def downstream_documents(self, session: Session) -> list[Document]:
        """Documents made from this one that still count (not cancelled)."""
        return []

    @classmethod
    def type_label(cls) -> str:
        """The name of the document type in the page's language (Chinese outside a request)."""
        return bilingual(cls.__doc_label__)

    @property
    def label(self) -> str:
        return self.number or f"#{self.id}"

    @property
    def name_zh(self) -> str:
        """``销售订单 SO…`` in Chinese whatever the language of the request: for text that is
        stored (a line's price source, the approval inbox), never shown through ``str()``."""
        return f"{self.__doc_label__[0]} {self.label}"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    def __str__(self) -> str:
        """What a page or a message shows: ``销售订单 SO…``, ``Sales order SO…`` in English.
        Do not store it (use :attr:`name_zh`)."""
        return f"{self.type_label()} {self.label}"


def doc_type_label(doc_type: str) -> str:
    """The name of a document type (``sales_order``) in the page's language; the code itself
    when it is not a document type."""
    cls = DOCUMENT_TYPES.get(doc_type)
    return cls.type_label() if cls is not None else doc_type


class DocumentLine:
    """Mixin for a document line. The subclass declares the FK to its header and a
    relationship named by ``__header__`` (default ``document``)."""

    __header__: ClassVar[str] = "document"
    #: Fields that code may update after approval (progress quantities, allocations).
    PROGRESS_FIELDS: ClassVar[frozenset[str]] = frozenset()

    id: Mapped[int] = mapped_column(primary_key=True)
    line_no: Mapped[int] = mapped_column(default=1)

    def header(self) -> Document | None:
        return getattr(self, self.__header__, None)


def _committed_state(doc: Document) -> DocState | None:
    hist = inspect(doc).attrs.state.history
    if hist.deleted:
        return hist.deleted[0]
    if hist.unchanged:
        return hist.unchanged[0]
    return None  # new object


def _changed_keys(obj) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.mapper.column_attrs if state.attrs[attr.key].history.has_changes()}


_ALWAYS_MUTABLE = frozenset({"state", "version", "number", "updated_at", "close_reason", "cancel_reason"}) | {
    f"{prefix}_{suffix}" for prefix in STAMPS.values() for suffix in ("at", "by_id")
}


@event.listens_for(Session, "before_flush")
def _guard_read_only(session: Session, _ctx, _instances) -> None:
    for obj in session.dirty:
        if isinstance(obj, Document):
            before = _committed_state(obj)
            if before is not None and before not in obj.EDITABLE_STATES:
                bad = _changed_keys(obj) - _ALWAYS_MUTABLE - obj.MUTABLE_FIELDS
                if bad:
                    raise ReadOnlyDocument(
                        N_("%(document)s is %(state)s and read-only."),
                        document=str(obj), state=before.value, fields={k: [N_("read-only")] for k in sorted(bad)},
                    )
        elif isinstance(obj, DocumentLine):
            header = obj.header()
            if header is not None and header.state not in header.EDITABLE_STATES:
                before = _committed_state(header) or header.state
                if before not in header.EDITABLE_STATES:
                    bad = _changed_keys(obj) - obj.PROGRESS_FIELDS
                    if bad:
                        raise ReadOnlyDocument(
                            N_("%(document)s is %(state)s and read-only."),
                            document=str(header), state=state_term(header.state),
                            fields={k: [N_("read-only")] for k in sorted(bad)},
                        )
    for obj in session.new:
        if isinstance(obj, DocumentLine):
            header = obj.header()
            if header is not None and inspect(header).persistent:
                before = _committed_state(header)
                if before is not None and before not in header.EDITABLE_STATES:
                    raise ReadOnlyDocument(N_("%(document)s is %(state)s and read-only."),
                                           document=str(header), state=before.value)
    for obj in session.deleted:
        if isinstance(obj, Document):
            before = _committed_state(obj)
            if before not in (DocState.DRAFT, None):
                raise ReadOnlyDocument(N_("Only drafts can be deleted; %(document)s is %(state)s."),
                                       document=str(obj), state=before.value)
        elif isinstance(obj, DocumentLine):
            header = obj.header()
            if header is not None and header not in session.deleted:
                before = _committed_state(header)
                if before is not None and before not in header.EDITABLE_STATES:
                    raise ReadOnlyDocument(N_("%(document)s is %(state)s and read-only."),
                                           document=str(header), state=before.value)
