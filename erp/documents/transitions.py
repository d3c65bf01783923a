"""The one helper that moves a document from state to state."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from erp.audit.services import record
from erp.auth.models import User
from erp.auth.services import require
from erp.db import utcnow
from erp.documents.base import STAMPS, STATE_LABELS, Document, DocState
from erp.errors import N_, DownstreamExists, InvalidTransition, NotFound
from erp.numbering.services import next_number
from erp.periods.services import check_period_open

DocT = TypeVar("DocT", bound=Document)

#: Verbs refused while a downstream document exists.
GUARDED_BY_DOWNSTREAM = frozenset({"unapprove", "cancel"})


def get_document(session: Session, cls: type[DocT], doc_id: int, *, for_update: bool = False) -> DocT:
    """Load a document or raise NotFound.

    ``for_update`` row-locks the header on PostgreSQL so that two concurrent
    transitions of one document run one after the other and the second sees the
    first's result: the lock is taken with a bare ``SELECT id … FOR UPDATE`` and a
    copy already in the session is refreshed (its columns only). SQLite's
    ``BEGIN IMMEDIATE`` already serialises writers, so there a document already in
    the session costs no query at all.
    """
    if for_update and session.get_bind().dialect.name != "sqlite":
        table = cls.__table__
        locked = session.execute(select(table.c.id).where(table.c.id == doc_id).with_for_update()).first()
        if locked is None:
            raise NotFound(N_("%(document)s not found."), document=cls.__doc_label__[1])
        present = session.identity_map.get(identity_key(cls, doc_id))
        if present is not None:
            session.refresh(present, attribute_names=[a.key for a in inspect(cls).column_attrs])
            return present
    doc = session.get(cls, doc_id)
    if doc is None:
        raise NotFound(N_("%(document)s not found."), document=cls.__doc_label__[1])
    return doc


def check_no_downstream_documents(session: Session, doc: Document, verb: str) -> None:
    downstream = doc.downstream_documents(session)
    if downstream:
        names = ", ".join(str(d) for d in downstream)
        raise DownstreamExists(
            N_("Cannot %(verb)s %(document)s: %(downstream)s was made from it."),
            verb=verb, document=str(doc), downstream=names,
        )


def apply_transition(session: Session, actor: User | None, doc: Document, verb: str, *,
                     reason: str | None = None, authorized: bool = False) -> Document:
    """Move ``doc`` by ``verb`` after checking everything every document shares.

    Checks, in order: the verb exists and the current state allows it
    (``InvalidTransition``, 409, naming current and allowed states); the actor
    has the permission (``Forbidden``, skipped when the approval engine already
    checked the level: ``authorized=True``); the document's month is open
    (``PeriodClosed``); nothing downstream exists for unapprove and cancel
    (``DownstreamExists``). Then it sets the state, gives the number at the
    first approval, stamps ``<verb>_by_id``/``<verb>_at`` and writes the audit row.
    Document-specific checks and effects belong to the caller, which runs them
    in the same transaction.
    """
    transition = doc.TRANSITIONS.get(verb)
    if transition is None:
        raise InvalidTransition(N_("%(document)s cannot be %(verb)s."), document=str(doc), verb=verb)
    if doc.state not in transition.sources:
        allowed = ", ".join(sorted(s.value for s in transition.sources))
        raise InvalidTransition(
            N_("Cannot %(verb)s %(document)s: it is %(state)s; only %(allowed)s can be."),
            verb=verb, document=str(doc), state=doc.state.value, allowed=allowed,
        )
    if not authorized:
        require(actor, doc.permission(transition.action))
    check_period_open(session, doc.doc_date)
    if verb in GUARDED_BY_DOWNSTREAM:
        check_no_downstream_documents(session, doc, verb)

    before = doc.state
    now = utcnow()
    # The number first: its statement autoflushes, and the header should then be written once.
    number = None
    if transition.target == DocState.APPROVED and not doc.number:
        number = next_number(session, doc.__doc_type__, doc.doc_date)
    doc.__dict__["_audit_skip"] = True  # the transition's own row replaces the automatic "update" rows
    doc.state = transition.target
    if number:
        doc.number = number
    stamp = STAMPS.get(verb)
    if stamp:
        setattr(doc, f"{stamp}_at", now)
        setattr(doc, f"{stamp}_by_id", actor.id if actor else None)
    if verb == "close":
        doc.close_reason = reason
    elif verb == "cancel":
        doc.cancel_reason = reason
    elif verb == "reopen":
        doc.close_reason = None
    changes = {"state": (before, doc.state)}
    if number:
        changes["number"] = (None, number)
    try:
        session.flush()
    finally:
        doc.__dict__.pop("_audit_skip", None)
    record(session, doc, verb, changes, note=reason)
    return doc


def state_label(state: DocState) -> str:
    return STATE_LABELS[state]
