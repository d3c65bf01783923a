"""The one helper that moves a document from state to state."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import bindparam, inspect, update
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from erp.audit.services import record
from erp.auth.models import User
from erp.auth.services import require
from erp.db import utcnow
from erp.db.uow import preload_many_to_one
from erp.documents.base import (
    STAMPS,
    STATE_LABELS,
    DocState,
    Document,
    state_term,
    states_term,
    verb_term,
)
from erp.errors import N_, DownstreamExists, InvalidTransition, NotFound
from erp.numbering.services import next_number
from erp.periods.services import check_period_open
from erp.products.models import Product

DocT = TypeVar("DocT", bound=Document)

#: Verbs refused while a downstream document exists.
GUARDED_BY_DOWNSTREAM = frozenset({"unapprove", "cancel"})


def get_document(session: Session, cls: type[DocT], doc_id: int, *, for_update: bool = False) -> DocT:
    """Load a document or raise NotFound.

    ``for_update`` row-locks the header on PostgreSQL so that two concurrent
    transitions of one document run one after the other and the second sees the
    first's result, with one statement: a copy already in the session has its columns
    read again ``FOR UPDATE`` (only the header's: a wide reload costs more than the round
    trip it saves), else the header is loaded ``FOR UPDATE OF`` its table with its lines,
    customer and warehouse. SQLite's ``BEGIN IMMEDIATE`` already serialises writers, so
    there a document already in the session costs no query at all.
    """
    if for_update and session.get_bind().dialect.name != "sqlite":
        present = session.identity_map.get(identity_key(cls, doc_id))
        if present is not None:
            try:
                session.refresh(present, attribute_names=_column_keys(cls), with_for_update=True)
            except InvalidRequestError:  # its row is gone
                raise NotFound(N_("%(document)s not found."), document=cls.__doc_label__[1]) from None
            return present
        doc = session.get(cls, doc_id, options=_load_options(cls), with_for_update={"of": cls.__table__})
    else:
        doc = session.get(cls, doc_id, options=_load_options(cls))
    if doc is None:
        raise NotFound(N_("%(document)s not found."), document=cls.__doc_label__[1])
    _preload_products(session, doc)
    return doc


_LOAD_OPTIONS: dict[type, tuple] = {}
_COLUMN_KEYS: dict[type, list[str]] = {}


def _column_keys(cls: type[Document]) -> list[str]:
    keys = _COLUMN_KEYS.get(cls)
    if keys is None:
        keys = _COLUMN_KEYS[cls] = [attr.key for attr in inspect(cls).column_attrs]
    return keys

#: Relationships loaded with the header, when the document type has them: nearly every
#: step reads them (a separate query each otherwise, in a request that starts empty).
_LOADED_WITH_HEADER = ("lines", "customer", "warehouse")


def _load_options(cls: type[Document]) -> tuple:
    """Options that load the header, its lines, customer and warehouse in one query."""
    options = _LOAD_OPTIONS.get(cls)
    if options is None:
        relationships = inspect(cls).relationships
        options = _LOAD_OPTIONS[cls] = tuple(
            joinedload(getattr(cls, name)) for name in _LOADED_WITH_HEADER if name in relationships)
    return options


def _preload_products(session: Session, doc: Document) -> None:
    """The products of the lines and their packing units in one query (and none when the
    session has them)."""
    lines = getattr(doc, "lines", None)
    if lines and hasattr(type(lines[0]), "product"):
        preload_many_to_one(session, lines, "product", joinedload(Product.packings))


def check_no_downstream_documents(session: Session, doc: Document, verb: str) -> None:
    downstream = doc.downstream_documents(session)
    if downstream:
        names = ", ".join(str(d) for d in downstream)
        raise DownstreamExists(
            N_("Cannot %(verb)s %(document)s: %(downstream)s was made from it."),
            verb=verb_term(verb), document=str(doc), downstream=names,
        )


def check_state_allows(doc: Document, verb: str) -> None:
    """``InvalidTransition`` (409) naming the current and the allowed states when ``doc``'s
    state is not a source of ``verb``."""
    sources = doc.TRANSITIONS[verb].sources
    if doc.state not in sources:
        raise InvalidTransition(
            N_("Cannot %(verb)s %(document)s: it is %(state)s; only %(allowed)s can be."),
            verb=verb_term(verb), document=str(doc), state=state_term(doc.state), allowed=states_term(sources),
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
        raise InvalidTransition(N_("%(document)s cannot be %(verb)s."), document=str(doc), verb=verb_term(verb))
    check_state_allows(doc, verb)
    if not authorized:
        require(actor, doc.permission(transition.action))
    check_period_open(session, doc.doc_date)
    if verb in GUARDED_BY_DOWNSTREAM:
        check_no_downstream_documents(session, doc, verb)

    before = doc.state
    now = utcnow()
    number = None
    if transition.target == DocState.APPROVED and not doc.number:
        number = next_number(session, doc.__doc_type__, doc.doc_date)
    values = {"state": transition.target}
    if number:
        values["number"] = number
    stamp = STAMPS.get(verb)
    if stamp:
        values[f"{stamp}_at"] = now
        values[f"{stamp}_by_id"] = actor.id if actor else None
    if verb == "close":
        values["close_reason"] = reason
    elif verb == "cancel":
        values["cancel_reason"] = reason
    elif verb == "reopen":
        values["close_reason"] = None
    if not _write_header(session, doc, values, now):
        doc.__dict__["_audit_skip"] = True  # the transition's own row replaces the automatic "update" rows
        for key, value in values.items():
            setattr(doc, key, value)
        try:
            session.flush()
        finally:
            doc.__dict__.pop("_audit_skip", None)
    changes = {"state": (before, doc.state)}
    if number:
        changes["number"] = (None, number)
    record(session, doc, verb, changes, note=reason)
    return doc


def _write_header(session: Session, doc: Document, values: dict, now) -> bool:
    """Write a transition's columns with one prepared UPDATE instead of a flush, when
    nothing else waits in the session (a flush would then have had only this header to
    write; the read-only guard allows these columns anyway). Keeps the optimistic lock:
    ``WHERE version = :seen``, ``version + 1``, ``StaleDataError`` when another
    transaction got there first. Returns False when the flush is needed after all."""
    state = inspect(doc)
    if not state.persistent or state.modified or session.new or session.deleted or session.dirty:
        return False
    cls = type(doc)
    keys = tuple(values)
    stmt = _HEADER_UPDATES.get((cls, keys))
    if stmt is None:
        table = cls.__table__
        columns = {key: bindparam(f"b_{key}", type_=table.c[key].type) for key in (*keys, "updated_at")}
        stmt = _HEADER_UPDATES[(cls, keys)] = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_seen_version"))
            .values(version=bindparam("b_new_version"), **columns)
        )
    seen = doc.version
    params = {f"b_{key}": value for key, value in values.items()}
    params.update(b_id=doc.id, b_seen_version=seen, b_new_version=seen + 1, b_updated_at=now)
    result = session.connection().execute(stmt, params)
    if result.rowcount != 1:
        raise StaleDataError(f"UPDATE statement on table '{cls.__tablename__}' expected to update 1 row(s); "
                             f"{result.rowcount} were matched.")
    for key, value in values.items():
        set_committed_value(doc, key, value)
    set_committed_value(doc, "version", seen + 1)
    set_committed_value(doc, "updated_at", now)
    return True


_HEADER_UPDATES: dict[tuple, object] = {}


def state_label(state: DocState) -> str:
    return STATE_LABELS[state]
