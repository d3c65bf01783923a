"""Posting to the open-item ledger: booking documents, allocating, reversing, writing off.

Generic over receivables and payables: nothing here knows customers, suppliers or
the documents' own tables. Callers (finance's receivables, purchasing's payables)
check permissions and their documents' states; these functions keep the ledger
right: every change of an item is one conditional UPDATE (concurrent writers can
never take an open amount below zero or above what was booked) plus its entries, in
the caller's transaction. Errors are ``Conflict`` (409) naming the documents, or
``ValidationFailed`` (422) naming the field.

A charge document that keeps its own open amount (the sales invoice's ``amount_open``,
read by credit control) registers a hook with :func:`register_open_amount`; allocations,
their reversals and write-offs call it in the same transaction, so the document and
the ledger never disagree.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.db import Money, utcnow
from erp.errors import N_, Conflict, NotFound, ValidationFailed
from erp.periods.services import check_period_open
from finance.ledger import checks as _checks  # noqa: F401  (registers the `erp check` checks)
from finance.ledger.models import (
    ZERO,
    Allocation,
    BookedCredit,
    EntryType,
    ItemKind,
    LedgerEntry,
    OpenItem,
    Side,
    WriteOff,
    WriteOffReversal,
)

#: ``(session, doc_id, delta)`` keeping a document's own open amount in step (delta < 0: less open).
OpenAmountHook = Callable[[Session, int, Decimal], None]
OPEN_AMOUNT_HOOKS: dict[str, OpenAmountHook] = {}


def register_open_amount(doc_type: str, hook: OpenAmountHook) -> None:
    """Declare that documents of ``doc_type`` keep their open amount in a column of their own."""
    OPEN_AMOUNT_HOOKS[doc_type] = hook


@dataclass(frozen=True, slots=True)
class DocRef:
    """The document an item or entry comes from."""

    doc_type: str
    doc_id: int
    number: str | None
    doc_date: dt.date


# --- reading and locking items ----------------------------------------------------------

def item_of(session: Session, doc_type: str, doc_id: int) -> OpenItem | None:
    return session.scalar(select(OpenItem).where(OpenItem.doc_type == doc_type, OpenItem.doc_id == doc_id))


def get_item(session: Session, item_id: int, *, for_update: bool = False) -> OpenItem:
    stmt = select(OpenItem).where(OpenItem.id == item_id).execution_options(populate_existing=True)
    if for_update:
        stmt = stmt.with_for_update()
    item = session.scalar(stmt)
    if item is None:
        raise NotFound(N_("Open item not found."))
    return item


def label(item) -> str:
    """How messages name an item (an ORM object or a row): its document number."""
    return item.number or f"{item.doc_type} #{item.doc_id}"


def _refresh(session: Session, item):
    """After a Core UPDATE of an item: the session's copy (if any) reloads its amounts."""
    loaded = item if isinstance(item, OpenItem) else session.identity_map.get(
        session.identity_key(OpenItem, item.id))
    if loaded is not None:
        session.expire(loaded, ["amount", "amount_open"])
    return item


_ENTRIES = LedgerEntry.__table__
_ITEMS = OpenItem.__table__
_INSERT_ENTRY = _ENTRIES.insert()
_INSERT_ALLOCATION = Allocation.__table__.insert().returning(Allocation.__table__.c.id)
_LESS_OPEN = (_ITEMS.update().where(_ITEMS.c.id == bindparam("item_id"),
                                    _ITEMS.c.amount_open >= bindparam("delta", type_=Money()))
              .values(amount_open=_ITEMS.c.amount_open - bindparam("delta", type_=Money())))
_MORE_OPEN = (_ITEMS.update().where(_ITEMS.c.id == bindparam("item_id"),
                                    _ITEMS.c.amount - _ITEMS.c.amount_open >= bindparam("delta", type_=Money()))
              .values(amount_open=_ITEMS.c.amount_open + bindparam("delta", type_=Money())))


def _entry(session: Session, item: OpenItem, entry_type: EntryType, amount: Decimal, on: dt.date,
           source: DocRef, *, user_id: int | None, allocation_id: int | None = None,
           write_off_id: int | None = None) -> None:
    """Append one entry (one prepared Core INSERT: the ledger is written, never read back, here)."""
    session.connection().execute(_INSERT_ENTRY, {
        "item_id": item.id, "side": item.side, "party_id": item.party_id, "entry_type": entry_type,
        "entry_date": on, "amount": amount, "source_type": source.doc_type, "source_id": source.doc_id,
        "source_number": source.number, "allocation_id": allocation_id, "write_off_id": write_off_id,
        "user_id": user_id, "posted_at": utcnow()})


def _move_open(session: Session, item_id: int, delta: Decimal) -> bool:
    """``amount_open += delta`` in one conditional UPDATE (never below 0 nor above
    ``amount``); False when the item no longer allows it."""
    stmt = _LESS_OPEN if delta < 0 else _MORE_OPEN
    return session.connection().execute(stmt, {"item_id": item_id, "delta": abs(delta)}).rowcount == 1


def _change_open(session: Session, item: OpenItem, delta: Decimal, *, on_conflict: Conflict) -> None:
    """``amount_open += delta`` on the item, then the document's own open amount through its hook."""
    if not _move_open(session, item.id, delta):
        raise on_conflict
    _refresh(session, item)
    hook = OPEN_AMOUNT_HOOKS.get(item.doc_type)
    if hook is not None:
        hook(session, item.doc_id, delta)


def _insert_item(session: Session, values: dict) -> OpenItem:
    """The item of a document, created if missing (``ON CONFLICT DO NOTHING``: two
    transactions booking the same document at once make one row)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(OpenItem).values(**values, amount=ZERO, amount_open=ZERO, created_at=utcnow())
                    .on_conflict_do_nothing(index_elements=[OpenItem.doc_type, OpenItem.doc_id]))
    item = item_of(session, values["doc_type"], values["doc_id"])
    session.refresh(item)
    return item


# --- booking documents --------------------------------------------------------------------

def _book(session: Session, *, side: Side, kind: ItemKind, party_id: int, doc: DocRef, due_date: dt.date,
          amount: Decimal, reference: str | None, user_id: int | None) -> OpenItem:
    if amount <= 0:
        raise ValidationFailed(N_("The amount must be greater than 0."), fields={"amount": [N_("Must be greater than 0.")]})
    item = _insert_item(session, {"side": side, "kind": kind, "party_id": party_id, "doc_type": doc.doc_type,
                                  "doc_id": doc.doc_id, "number": doc.number, "reference": reference,
                                  "doc_date": doc.doc_date, "due_date": due_date})
    if item.amount == amount:
        return item  # booked already (by a concurrent transaction, or this one)
    result = session.execute(
        update(OpenItem).where(OpenItem.id == item.id, OpenItem.amount == ZERO, OpenItem.amount_open == ZERO)
        .values(amount=amount, amount_open=amount, party_id=party_id, number=doc.number, reference=reference,
                doc_date=doc.doc_date, due_date=due_date)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(N_("%(document)s is booked already with another amount."), code="booked_already",
                       document=label(item))
    entry_type = EntryType.INVOICE if kind == ItemKind.CHARGE else EntryType.PAYMENT
    _entry(session, item, entry_type, amount, doc.doc_date, doc, user_id=user_id)
    return _refresh(session, item)


def book_charge(session: Session, *, side: Side, party_id: int, doc: DocRef, due_date: dt.date, amount: Decimal,
                user_id: int | None = None, reference: str | None = None) -> OpenItem:
    """An approved invoice becomes an open charge of ``amount`` (its gross), due on
    ``due_date``, with an ``invoice`` entry dated on the document. Booking the same
    document again for the same amount changes nothing."""
    return _book(session, side=side, kind=ItemKind.CHARGE, party_id=party_id, doc=doc, due_date=due_date,
                 amount=amount, reference=reference, user_id=user_id)


def book_payment(session: Session, *, side: Side, party_id: int, doc: DocRef, amount: Decimal,
                 user_id: int | None = None, reference: str | None = None) -> OpenItem:
    """An approved receipt (or payment) becomes an open payment of ``amount``: unapplied
    money of the party until allocated."""
    return _book(session, side=side, kind=ItemKind.PAYMENT, party_id=party_id, doc=doc, due_date=doc.doc_date,
                 amount=amount, reference=reference, user_id=user_id)


def unbook(session: Session, doc_type: str, doc_id: int, *, user_id: int | None = None) -> OpenItem | None:
    """Undo the booking of a document being unapproved or cancelled: a reversal entry
    dated like the booking. Refused (``Conflict`` ``item_settled``) while anything was
    allocated, credited or written off on it."""
    item = item_of(session, doc_type, doc_id)
    if item is None or item.amount == ZERO:
        return item
    check_nothing_applied(item)
    amount = item.amount
    result = session.execute(
        update(OpenItem).where(OpenItem.id == item.id, OpenItem.amount == amount, OpenItem.amount_open == amount)
        .values(amount=ZERO, amount_open=ZERO).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _settled(item)
    entry_type = EntryType.INVOICE_REVERSAL if item.kind == ItemKind.CHARGE else EntryType.PAYMENT_REVERSAL
    _entry(session, item, entry_type, -amount, item.doc_date,
           DocRef(item.doc_type, item.doc_id, item.number, item.doc_date), user_id=user_id)
    return _refresh(session, item)


def _settled(item: OpenItem) -> Conflict:
    return Conflict(N_("%(document)s has %(applied)s allocated, credited or written off; undo that first."),
                    code="item_settled", document=label(item), applied=item.amount - item.amount_open)


def check_nothing_applied(item: OpenItem) -> None:
    if item.amount_open != item.amount:
        raise _settled(item)


def book_credit(session: Session, *, doc: DocRef, charge: OpenItem, amount: Decimal,
                user_id: int | None = None) -> BookedCredit:
    """A credit document (credit note) takes ``amount`` off its charge, dated on the
    credit document. Idempotent like the bookings above."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(BookedCredit).values(doc_type=doc.doc_type, doc_id=doc.doc_id, number=doc.number,
                                                doc_date=doc.doc_date, item_id=charge.id, amount=ZERO)
                    .on_conflict_do_nothing(index_elements=[BookedCredit.doc_type, BookedCredit.doc_id]))
    credit = session.scalar(select(BookedCredit).where(BookedCredit.doc_type == doc.doc_type,
                                                       BookedCredit.doc_id == doc.doc_id)
                            .execution_options(populate_existing=True))
    if credit.amount == amount:
        return credit
    result = session.execute(update(BookedCredit).where(BookedCredit.id == credit.id, BookedCredit.amount == ZERO)
                             .values(amount=amount, number=doc.number, doc_date=doc.doc_date, item_id=charge.id)
                             .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(N_("%(document)s is booked already with another amount."), code="booked_already",
                       document=doc.number or doc.doc_type)
    _change_open_mirrored(session, charge, -amount)
    _entry(session, charge, EntryType.CREDIT_NOTE, -amount, doc.doc_date, doc, user_id=user_id)
    session.refresh(credit)
    return credit


def unbook_credit(session: Session, doc_type: str, doc_id: int, *, user_id: int | None = None) -> None:
    """Give back to the charge what an unapproved or cancelled credit document took off."""
    credit = session.scalar(select(BookedCredit).where(BookedCredit.doc_type == doc_type, BookedCredit.doc_id == doc_id)
                            .execution_options(populate_existing=True))
    if credit is None or credit.amount == ZERO:
        return
    amount = credit.amount
    result = session.execute(update(BookedCredit).where(BookedCredit.id == credit.id, BookedCredit.amount == amount)
                             .values(amount=ZERO).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return  # a concurrent transaction did it
    charge = get_item(session, credit.item_id)
    _change_open_mirrored(session, charge, amount)
    _entry(session, charge, EntryType.CREDIT_NOTE_REVERSAL, amount, credit.doc_date,
           DocRef(doc_type, doc_id, credit.number, credit.doc_date), user_id=user_id)


def _change_open_mirrored(session: Session, item: OpenItem, delta: Decimal) -> None:
    """A change the source document made itself (a credit note already reduced the
    invoice's own open amount): the item follows, the document's hook is not called."""
    if not _move_open(session, item.id, delta):
        raise Conflict(N_("%(amount)s is more than is open on %(document)s."), code="over_credit",
                       amount=abs(delta), document=label(item))
    _refresh(session, item)


# --- allocating --------------------------------------------------------------------------

def check_allocatable(payment: OpenItem, charge: OpenItem, amount: Decimal, on: dt.date) -> None:
    """Same side and party, a payment against a charge, a positive amount within both
    open amounts, dated no earlier than either document (else 409/422 naming it)."""
    if payment.kind != ItemKind.PAYMENT or charge.kind != ItemKind.CHARGE or payment.side != charge.side:
        raise Conflict(N_("Only a receipt or payment can be allocated to an invoice."), code="not_allocatable")
    if payment.party_id != charge.party_id:
        raise Conflict(N_("%(invoice)s belongs to another party than %(payment)s."), code="other_party",
                       invoice=label(charge), payment=label(payment))
    if amount <= 0:
        raise ValidationFailed(N_("The amount must be greater than 0."), fields={"amount": [N_("Must be greater than 0.")]})
    if amount > payment.amount_open:
        raise Conflict(N_("%(amount)s is more than the %(unapplied)s still unapplied on %(payment)s."),
                       code="over_payment", amount=amount, unapplied=payment.amount_open, payment=label(payment))
    if amount > charge.amount_open:
        raise Conflict(N_("%(amount)s is more than the %(open)s still open on %(invoice)s."),
                       code="over_allocation", amount=amount, open=charge.amount_open, invoice=label(charge))
    latest = max(payment.doc_date, charge.doc_date)
    if on < latest:
        raise ValidationFailed(N_("An allocation cannot be dated before its documents (%(date)s)."),
                               date=latest.isoformat(), fields={"alloc_date": [N_("Before the documents' date.")]})


_ITEM_COLUMNS = (OpenItem.id, OpenItem.side, OpenItem.kind, OpenItem.party_id, OpenItem.doc_type, OpenItem.doc_id,
                 OpenItem.number, OpenItem.doc_date, OpenItem.amount, OpenItem.amount_open)


_LOCK_ITEMS = (select(*_ITEM_COLUMNS).where(OpenItem.id.in_(bindparam("ids", expanding=True)))
               .order_by(OpenItem.id).with_for_update())


def lock_items(session: Session, *item_ids: int) -> dict[int, OpenItem]:
    """Read and row-lock items in id order (two clerks locking the same pair never
    deadlock). Plain rows with the item's columns, not ORM objects: posting many
    allocations in a batch stays light."""
    ids = sorted(set(item_ids))
    items = {row.id: row for row in session.execute(_LOCK_ITEMS, {"ids": ids})}
    if len(items) != len(ids):
        raise NotFound(N_("Open item not found."))
    return items


def allocate_ids(session: Session, actor: User | None, payment_item_id: int, charge_item_id: int, amount: Decimal,
                 on: dt.date, *, method: str = "manual", note: str | None = None) -> int:
    """:func:`allocate` without loading the allocation back: its id (for batch runs)."""
    check_period_open(session, on)
    items = lock_items(session, payment_item_id, charge_item_id)
    payment, charge = items[payment_item_id], items[charge_item_id]
    check_allocatable(payment, charge, amount, on)
    user_id = actor.id if actor else None
    allocation_id = session.connection().execute(_INSERT_ALLOCATION, {
        "side": payment.side, "party_id": payment.party_id, "payment_item_id": payment.id,
        "charge_item_id": charge.id, "amount": amount, "alloc_date": on, "method": method, "note": note,
        "created_by_id": user_id, "created_at": utcnow(), "reversed": False}).scalar_one()
    for item in (payment, charge) if payment.id < charge.id else (charge, payment):
        _change_open(session, item, -amount, on_conflict=_over(item, amount))
    _entry(session, charge, EntryType.ALLOCATION, -amount, on, _ref(payment), user_id=user_id,
           allocation_id=allocation_id)
    _entry(session, payment, EntryType.ALLOCATION, -amount, on, _ref(charge), user_id=user_id,
           allocation_id=allocation_id)
    return allocation_id


def allocate(session: Session, actor: User | None, payment_item_id: int, charge_item_id: int, amount: Decimal,
             on: dt.date, *, method: str = "manual", note: str | None = None) -> Allocation:
    """核销: apply ``amount`` of a payment to a charge on ``on``. Both items are locked in
    id order (no deadlock between two clerks); the conditional UPDATEs make the second of
    two concurrent allocations of the same money fail with a ``Conflict`` and write
    nothing. Raises ``PeriodClosed``, ``Conflict`` (other party, over-allocation),
    ``ValidationFailed``."""
    allocation_id = allocate_ids(session, actor, payment_item_id, charge_item_id, amount, on, method=method,
                                 note=note)
    return get_allocation(session, allocation_id)


def _ref(item: OpenItem) -> DocRef:
    return DocRef(item.doc_type, item.doc_id, item.number, item.doc_date)


def _over(item: OpenItem, amount: Decimal) -> Conflict:
    if item.kind == ItemKind.PAYMENT:
        return Conflict(N_("%(amount)s is more than is still unapplied on %(payment)s (changed meanwhile)."),
                        code="over_payment", amount=amount, payment=label(item))
    return Conflict(N_("%(amount)s is more than is still open on %(invoice)s (changed meanwhile)."),
                    code="over_allocation", amount=amount, invoice=label(item))


def get_allocation(session: Session, allocation_id: int, *, for_update: bool = False,
                   side: Side | None = None) -> Allocation:
    """The allocation, or ``NotFound`` (also when ``side`` is given and it is the other side's)."""
    stmt = select(Allocation).where(Allocation.id == allocation_id).execution_options(populate_existing=True)
    if for_update:
        stmt = stmt.with_for_update(of=Allocation)
    allocation = session.scalar(stmt)
    if allocation is None or (side is not None and allocation.side != side):
        raise NotFound(N_("Allocation not found."))
    return allocation


def reverse_allocation(session: Session, actor: User | None, allocation_id: int, on: dt.date,
                       reason: str | None = None, *, side: Side | None = None) -> Allocation:
    """取消核销: the money is open again on both items, by two opposite entries dated
    ``on`` (not before the allocation). Refused when already reversed or in a closed month.
    ``side`` limits it to receivables or payables (another side's allocation is not found)."""
    check_period_open(session, on)
    allocation = get_allocation(session, allocation_id, for_update=True, side=side)
    if allocation.reversed:
        raise Conflict(N_("This allocation was reversed already."), code="reversed_already")
    if on < allocation.alloc_date:
        raise ValidationFailed(N_("A reversal cannot be dated before the allocation (%(date)s)."),
                               date=allocation.alloc_date.isoformat(), fields={"reversal_date": [N_("Too early.")]})
    result = session.execute(update(Allocation).where(Allocation.id == allocation.id, Allocation.reversed.is_(False))
                             .values(reversed=True, reversal_date=on, reversal_reason=reason,
                                     reversed_by_id=actor.id if actor else None, reversed_at=utcnow())
                             .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(N_("This allocation was reversed already."), code="reversed_already")
    session.expire(allocation)
    items = lock_items(session, allocation.payment_item_id, allocation.charge_item_id)
    payment, charge = items[allocation.payment_item_id], items[allocation.charge_item_id]
    amount = allocation.amount
    for item in sorted((payment, charge), key=lambda i: i.id):
        _change_open(session, item, amount, on_conflict=_settled(item))
    user_id = actor.id if actor else None
    _entry(session, charge, EntryType.ALLOCATION_REVERSAL, amount, on, _ref(payment), user_id=user_id,
           allocation_id=allocation.id)
    _entry(session, payment, EntryType.ALLOCATION_REVERSAL, amount, on, _ref(charge), user_id=user_id,
           allocation_id=allocation.id)
    session.expire(allocation)
    return allocation


def write_off(session: Session, actor: User | None, item_id: int, amount: Decimal, on: dt.date,
              reason: str) -> WriteOff:
    """Clear ``amount`` (at most what is open) of an item on ``on``: a charge short-paid
    by a few fen, a payment's leftover. The caller checks the limit and the permission."""
    check_period_open(session, on)
    item = get_item(session, item_id, for_update=True)
    if amount <= 0:
        raise ValidationFailed(N_("The amount must be greater than 0."), fields={"amount": [N_("Must be greater than 0.")]})
    if amount > item.amount_open:
        raise Conflict(N_("%(amount)s is more than the %(open)s open on %(document)s."), code="over_write_off",
                       amount=amount, open=item.amount_open, document=label(item))
    if on < item.doc_date:
        raise ValidationFailed(N_("A write-off cannot be dated before its document (%(date)s)."),
                               date=item.doc_date.isoformat(), fields={"wo_date": [N_("Too early.")]})
    record = WriteOff(side=item.side, party_id=item.party_id, item_id=item.id, amount=amount, wo_date=on,
                      reason=reason, created_by_id=actor.id if actor else None)
    session.add(record)
    session.flush()
    _change_open(session, item, -amount, on_conflict=_over(item, amount))
    _entry(session, item, EntryType.WRITE_OFF, -amount, on, _ref(item), user_id=actor.id if actor else None,
           write_off_id=record.id)
    return record


def reverse_write_off(session: Session, actor: User | None, write_off_id: int, on: dt.date,
                      reason: str | None = None, *, side: Side | None = None) -> WriteOff:
    """取消尾差核销: the difference is open again on its item from ``on`` (not before the
    write-off), by one opposite entry. Refused when reversed already, when the item has no
    room for it any more (its document was unapproved since) or in a closed month. ``side``
    limits it to receivables or payables (another side's write-off is not found)."""
    check_period_open(session, on)
    record = session.scalar(select(WriteOff).where(WriteOff.id == write_off_id).with_for_update(of=WriteOff)
                            .execution_options(populate_existing=True))
    if record is None or (side is not None and record.side != side):
        raise NotFound(N_("Write-off not found."))
    if record.reversal is not None:
        raise Conflict(N_("This write-off was reversed already."), code="reversed_already")
    if on < record.wo_date:
        raise ValidationFailed(N_("A reversal cannot be dated before the write-off (%(date)s)."),
                               date=record.wo_date.isoformat(), fields={"reversal_date": [N_("Too early.")]})
    item = get_item(session, record.item_id, for_update=True)
    user_id = actor.id if actor else None
    session.add(WriteOffReversal(write_off_id=record.id, reversal_date=on, reason=reason, created_by_id=user_id))
    session.flush()
    _change_open(session, item, record.amount, on_conflict=Conflict(
        N_("%(document)s has no room to open %(amount)s again (it was changed since the write-off)."),
        code="write_off_not_reversible", document=label(item), amount=record.amount))
    _entry(session, item, EntryType.WRITE_OFF_REVERSAL, record.amount, on, _ref(item), user_id=user_id,
           write_off_id=record.id)
    session.expire(record, ["reversal"])
    return record
