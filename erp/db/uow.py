"""What one transaction may remember: rows it locked, master data it loaded.

``session.info`` lives as long as the session, and a session may span several
transactions (sessions made with ``expire_on_commit=False`` keep their objects across
commits). Facts that hold only while one transaction lasts go in
:func:`transaction_memo` instead; it is emptied whenever a transaction or savepoint of
the session ends (commit or rollback), so nothing is trusted across transactions.

The session's identity map holds objects weakly: a warehouse or batch that only a
query result pointed to is gone again a moment later, and the next ``session.get``
reloads it. Classes decorated with :func:`held_per_transaction` stay referenced until
the transaction ends, so repeated lookups by primary key (and lazy many-to-one loads)
are answered from the identity map without SQL — exactly as if the caller had kept
the object. At most :data:`HOLD_LIMIT` objects are held per transaction, so a long
batch job does not keep everything it ever touched.
"""
from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

MEMO_KEY = "erp.transaction_memo"
HOLD_LIMIT = 2000


def transaction_memo(session: Session) -> dict:
    """A dict that lives until the current transaction (or savepoint) of ``session`` ends."""
    memo = session.info.get(MEMO_KEY)
    if memo is None:
        memo = session.info[MEMO_KEY] = {}
    return memo


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    # A flush runs in a "subtransaction" of its own; only the end of the real transaction
    # or of a savepoint (which releases the locks taken inside it) forgets.
    if transaction.parent is None or transaction.nested:
        session.info.pop(MEMO_KEY, None)


def hold(session: Session, obj) -> None:
    """Keep ``obj`` referenced until the transaction ends (see the module docstring)."""
    held = transaction_memo(session).setdefault("held", [])
    if len(held) < HOLD_LIMIT:
        held.append(obj)


def _on_load(target, context) -> None:
    session = context.session
    if session is not None:
        hold(session, target)


def held_per_transaction(cls):
    """Class decorator: instances loaded by a session are held until its transaction ends."""
    event.listen(cls, "load", _on_load)
    return cls


def preload_many_to_one(session: Session, objects, attr: str, *options) -> None:
    """Load the ``attr`` many-to-one of ``objects`` with one ``IN`` query for the targets
    that are neither loaded on the object nor in the session's identity map: a lazy load
    per object (a document's lines and their products) would be one query each.
    ``options`` are loader options for that query (e.g. a ``joinedload`` of a collection
    the targets are always used with, instead of a second query for it)."""
    objects = [obj for obj in objects if attr not in obj.__dict__]
    if not objects:
        return
    prop = inspect(type(objects[0])).relationships[attr]
    if prop.uselist or len(prop.local_columns) != 1:
        return
    fk = next(iter(prop.local_columns)).key
    target = prop.mapper.class_
    missing = {getattr(obj, fk) for obj in objects} - {None}
    missing = [i for i in missing if session.identity_map.get(identity_key(target, i)) is None]
    if missing:
        stmt = select(target).where(prop.mapper.primary_key[0].in_(missing)).options(*options)
        for loaded in session.scalars(stmt).unique():
            hold(session, loaded)  # else the identity map would let them go before they are used
