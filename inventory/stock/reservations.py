"""Reservations (预留): stock held for a document line, typically a delivery note line,
until an outbound consumes it or the line releases it.

``StockBalance.reserved`` is the sum of the reservations on that balance, changed
in the same transaction by a conditional UPDATE (a reservation never takes more
than is available). Like the ledger, every change locks the product's cost row in
the warehouse first. These services check warehouse access but no permission:
the document service calling them checks its own.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access
from erp.db import utcnow
from erp.errors import N_, Conflict, ValidationFailed
from erp.products.models import Product
from erp.warehouses.models import Warehouse
from inventory.batches.models import Batch
from inventory.batches.services import check_batch
from inventory.stock.allocation import (
    FefoRequest,
    allocate_fefo,
    allocate_fefo_many,
    usable_batch_problem,
)
from inventory.stock.errors import insufficient_stock
from inventory.stock.ledger import (
    HOLD,
    HOLD_ANYWAY,
    UNHOLD,
    StockSource,
    add_on_hand,
    balance_row,
    change_balance,
    lock_stock,
    locked_pairs,
)
from inventory.stock.models import StockReservation, batch_key


def reservations_of(session: Session, source: StockSource) -> list[StockReservation]:
    """The reservations held by a document line (or by every line of the document when
    ``source.line_id`` is None), earliest expiry first."""
    params = {"source_type": source.doc_type, "source_id": source.doc_id}
    if source.line_id is None:
        return list(session.scalars(_OF_DOCUMENT, params, execution_options=_FRESH))
    params["source_line_id"] = source.line_id
    return list(session.scalars(_OF_LINE, params, execution_options=_FRESH))


_OF_DOCUMENT = (select(StockReservation).outerjoin(Batch, Batch.id == StockReservation.batch_id)
                .where(StockReservation.source_type == bindparam("source_type"),
                       StockReservation.source_id == bindparam("source_id"))
                .order_by(Batch.expiry_date.is_(None), Batch.expiry_date, StockReservation.id))
_OF_LINE = _OF_DOCUMENT.where(StockReservation.source_line_id == bindparam("source_line_id"))
_FRESH = {"populate_existing": True}


def _hold(session: Session, product: Product, warehouse: Warehouse, batch: Batch | None, qty: Decimal) -> None:
    """reserved += qty if that much is available (a warehouse allowing negative stock always gives)."""
    batch_id = batch.id if batch else None
    if warehouse.allow_negative_stock:
        add_on_hand(session, product.id, warehouse.id, batch_id, Decimal(0))  # make sure the row exists
        change_balance(session, HOLD_ANYWAY, product.id, warehouse.id, batch_id, qty)
        return
    if not change_balance(session, HOLD, product.id, warehouse.id, batch_id, qty):
        on_hand, reserved = balance_row(session, product.id, warehouse.id, batch_id)
        raise insufficient_stock(product, warehouse, qty, on_hand - reserved, batch)


def reserve(session: Session, actor: User | None, *, product_id: int, warehouse_id: int, qty: Decimal,
            source: StockSource, batch_id: int | None = None, customer_id: int | None = None,
            on_date: dt.date | None = None, sellable_only: bool = True) -> list[StockReservation]:
    """Hold ``qty`` (base unit, > 0) of a product in a warehouse for ``source`` (a document
    line: ``line_id`` required). With ``batch_id`` that batch is held; a batch-tracked
    product without one is held in batches chosen earliest expiry first (FEFO, skipping
    expired and blocked batches and, with ``customer_id``, those too close to expiry for
    the customer). A batch named must be sellable on ``on_date`` (active, not expired)
    unless ``sellable_only`` is False (an unapproved outbound giving back what it had
    consumed). Repeated calls for the same line add up.

    Raises ``InsufficientStock`` (409) naming the shortfall when less is available
    (nothing is held then), ``ValidationFailed`` (quantity, batch rules),
    ``Forbidden`` (warehouse not the actor's)."""
    if qty is None or qty <= 0:
        raise ValidationFailed(N_("The quantity must be greater than 0."), fields={"qty": [N_("Must be greater than 0.")]})
    if source.line_id is None:
        raise ValueError("a reservation belongs to a document line: give source.line_id")
    product = session.get(Product, product_id)
    warehouse = session.get(Warehouse, warehouse_id)
    if product is None or warehouse is None:
        raise ValidationFailed(N_("Unknown product or warehouse."),
                               fields={"product_id" if product is None else "warehouse_id": [N_("Unknown.")]})
    if actor is not None:
        check_warehouse_access(actor, warehouse.id)
    batch = session.get(Batch, batch_id) if batch_id else None
    lock_stock(session, [(product.id, warehouse.id)])
    if batch is None and product.batch_tracked:
        allocation = allocate_fefo(session, product_id=product.id, warehouse_id=warehouse.id, qty=qty,
                                   customer_id=customer_id, on_date=on_date)
        picks = [(session.get(Batch, pick.batch_id), pick.qty) for pick in allocation.picks]
    else:
        check_batch(product, batch)
        problem = (usable_batch_problem(batch, on_date or clock.today())
                   if batch is not None and sellable_only else None)
        if problem:
            raise ValidationFailed(N_("%(product)s: wrong batch."), product=str(product), fields={"batch_id": [problem]})
        picks = [(batch, qty)]
    held = []
    for pick_batch, pick_qty in picks:
        _hold(session, product, warehouse, pick_batch, pick_qty)
        held.append(_add_reservation(session, product, warehouse, pick_batch, pick_qty, source))
    session.flush()
    return held


def reserve_lines(session: Session, actor: User | None, *, warehouse_id: int,
                  lines: list[tuple[int, Decimal, StockSource]], customer_id: int | None = None,
                  on_date: dt.date | None = None) -> None:
    """:func:`reserve` for the lines of one document in one warehouse, ``[(product_id,
    qty, source)]``, with batches chosen FEFO (none named): the same holds as one call
    per line, in order, but the warehouse access is checked once, the (product,
    warehouse) pairs are locked together and the reservations are written with one
    statement. Raises what :func:`reserve` raises; returns nothing."""
    for _product_id, qty, source in lines:
        if qty is None or qty <= 0:
            raise ValidationFailed(N_("The quantity must be greater than 0."),
                                   fields={"qty": [N_("Must be greater than 0.")]})
        if source.line_id is None:
            raise ValueError("a reservation belongs to a document line: give source.line_id")
    warehouse = session.get(Warehouse, warehouse_id)
    products = {product_id: session.get(Product, product_id) for product_id, _qty, _source in lines}
    if warehouse is None or None in products.values():
        field = "product_id" if None in products.values() else "warehouse_id"
        raise ValidationFailed(N_("Unknown product or warehouse."), fields={field: [N_("Unknown.")]})
    if actor is not None:
        check_warehouse_access(actor, warehouse.id)
    lock_stock(session, [(product_id, warehouse.id) for product_id in products])
    allocations = _allocate_distinct(session, lines, products, warehouse, customer_id, on_date)
    rows: dict[tuple, dict] = {}
    # Holds of picks read together (distinct products, under the lock) cannot fail
    # one another: they are written with one statement after the loop.
    together: list[dict] = []
    for index, (product_id, qty, source) in enumerate(lines):
        product = products[product_id]
        if product.batch_tracked:
            allocation = allocations.get(index)
            if allocation is None:
                allocation = allocate_fefo(session, product_id=product.id, warehouse_id=warehouse.id, qty=qty,
                                           customer_id=customer_id, on_date=on_date)
            elif allocation.short > 0:  # (what allocate_fefo would raise for this line)
                raise insufficient_stock(product, warehouse, qty, allocation.allocated)
            picks = [(session.get(Batch, pick.batch_id), pick.qty) for pick in allocation.picks]
        else:
            check_batch(product, None)
            picks = [(None, qty)]
        for pick_batch, pick_qty in picks:
            if index in allocations and not warehouse.allow_negative_stock:
                together.append({"b_product": product.id, "b_warehouse": warehouse.id,
                                 "b_batch_key": batch_key(pick_batch.id if pick_batch else None), "b_qty": pick_qty})
            else:
                _hold(session, product, warehouse, pick_batch, pick_qty)
            values = _reservation_values(product, warehouse, pick_batch, pick_qty, source)
            key = (source.doc_type, source.line_id, product.id, warehouse.id, values["batch_key"])
            if key in rows:  # (one statement may not upsert a row twice on PostgreSQL)
                rows[key]["qty"] += pick_qty
            else:
                rows[key] = values
    if together and session.connection().execute(HOLD, together).rowcount != len(together):
        # (the picks were read under the lock: only a bug gets here)
        raise Conflict(N_("The stock of %(warehouse)s changed while it was being reserved; try again."),
                       code="stock_changed", warehouse=str(warehouse))
    if rows:
        session.connection().execute(_upsert_reservation(session, returning=False), list(rows.values()))
        _expire_reservations(session, {(key[0], key[1]) for key in rows})


def _allocate_distinct(session: Session, lines: list[tuple[int, Decimal, StockSource]], products: dict,
                       warehouse: Warehouse, customer_id: int | None, on_date: dt.date | None) -> dict:
    """FEFO batches of the batch-tracked lines, by line index, read with one query, when no
    two of those lines share a product: then a line's holds cannot change what another
    line finds, so the picks are those of one allocation per line. Otherwise nothing (the
    lines are allocated one by one, each seeing the holds before it)."""
    tracked = [(index, product_id, qty) for index, (product_id, qty, _source) in enumerate(lines)
               if products[product_id].batch_tracked]
    if not tracked or len({product_id for _index, product_id, _qty in tracked}) != len(tracked):
        return {}
    found = allocate_fefo_many(session, warehouse_id=warehouse.id, customer_id=customer_id, on_date=on_date,
                               requests=[FefoRequest(product_id, qty) for _index, product_id, qty in tracked],
                               partial=True)
    return {index: allocation for (index, _product_id, _qty), allocation in zip(tracked, found, strict=True)}


def _expire_reservations(session: Session, lines: set[tuple[str, int]]) -> None:
    """Reservation objects of these ``(doc_type, line_id)`` already in the session are
    read again when next used: the upsert changed their rows behind the ORM."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, StockReservation) and (obj.source_type, obj.source_line_id) in lines:
            session.expire(obj)


def _reservation_values(product: Product, warehouse: Warehouse, batch: Batch | None, qty: Decimal,
                        source: StockSource) -> dict:
    return {"product_id": product.id, "warehouse_id": warehouse.id, "batch_id": batch.id if batch else None,
            "batch_key": batch_key(batch.id if batch else None), "qty": qty, "source_type": source.doc_type,
            "source_id": source.doc_id, "source_line_id": source.line_id, "source_number": source.number,
            "created_at": utcnow()}


def _add_reservation(session: Session, product: Product, warehouse: Warehouse, batch: Batch | None,
                     qty: Decimal, source: StockSource) -> StockReservation:
    # One upsert instead of a lookup and an insert: calls for the same line add up.
    values = _reservation_values(product, warehouse, batch, qty, source)
    return session.scalars(_upsert_reservation(session), values, execution_options=_FRESH).one()


_UPSERTS: dict[tuple[str, bool], object] = {}


def _upsert_reservation(session: Session, *, returning: bool = True):
    """``INSERT … ON CONFLICT (the line's key) DO UPDATE SET qty = qty + excluded.qty``,
    ``RETURNING`` the reservation or not (for several rows at once), built once per dialect."""
    name = session.get_bind().dialect.name
    stmt = _UPSERTS.get((name, returning))
    if stmt is None:
        insert = postgresql.insert if name == "postgresql" else sqlite.insert
        if returning:
            base = insert(StockReservation)
            qty = StockReservation.qty
        else:
            base = insert(StockReservation.__table__)
            qty = StockReservation.__table__.c.qty
        stmt = base.on_conflict_do_update(
            index_elements=["source_type", "source_line_id", "product_id", "warehouse_id", "batch_key"],
            set_={"qty": qty + base.excluded.qty})
        _UPSERTS[(name, returning)] = stmt = stmt.returning(StockReservation) if returning else stmt
    return stmt


def release(session: Session, actor: User | None, *, source: StockSource, qty: Decimal | None = None,
            batch_key: int | None = None, flush: bool = True) -> Decimal:
    """Give back what ``source`` holds: everything, or at most ``qty`` (latest expiry
    first, so the earliest-expiring stock stays held). ``source.line_id`` None releases
    every line of the document; ``batch_key`` limits it to one batch (its id, or 0 for a
    product without batches). Returns the quantity released (0 when nothing was held).
    Raises ``Forbidden`` (warehouse not the actor's).

    The reservations and balances are written at once (a reservation given back in
    full is deleted and leaves the session); ``flush=False`` spares the caller a flush
    of its own pending changes, which nothing here reads."""
    if qty is not None and qty < 0:
        raise ValidationFailed(N_("The quantity must not be negative."), fields={"qty": [N_("Must not be negative.")]})
    rows = _locked_rows(session, source, flush)
    if batch_key is not None:
        rows = [r for r in rows if r.batch_key == batch_key]
    takes: dict[StockReservation, Decimal] = {}
    released = _take(rows, qty, takes)
    _write_takes(session, actor, takes)
    if flush:
        session.flush()
    return released


def release_for_issue(session: Session, actor: User | None,
                      issues: list[tuple[StockSource, Decimal, list[tuple[int, Decimal]]]]) -> list[Decimal]:
    """What goods leaving for document lines release: for each ``(source line, quantity
    issued, [(batch_key, quantity) issued from each batch])``, first what the line holds
    in the batches issued (up to their quantities), then elsewhere up to the quantity
    issued — as :func:`release` per batch and then for the rest, but the reservations of
    the lines' documents are read once and written with one statement per kind of
    change. Returns the quantity released per entry. Raises ``Forbidden``."""
    held: dict[int, list[StockReservation]] = {}
    for doc_type, doc_id in dict.fromkeys((source.doc_type, source.doc_id) for source, _qty, _b in issues):
        lines = {source.line_id for source, _qty, _b in issues if (source.doc_type, source.doc_id) == (doc_type, doc_id)}
        for row in _locked_rows(session, StockSource(doc_type, doc_id, None), False, lines):
            held.setdefault(row.source_line_id, []).append(row)
    takes: dict[StockReservation, Decimal] = {}
    out = []
    for source, qty, batches in issues:
        rows = held.get(source.line_id, [])
        released = Decimal(0)
        for key, batch_qty in batches:
            released += _take([r for r in rows if r.batch_key == key], batch_qty, takes)
        if released < qty:
            released += _take(rows, qty - released, takes)
        out.append(released)
    _write_takes(session, actor, takes)
    return out


def _locked_rows(session: Session, source: StockSource, flush: bool,
                 lines: set[int] | None = None) -> list[StockReservation]:
    """The reservations of ``source`` (of these ``lines`` of it), read under the stock
    lock of their products (taken first when this transaction does not hold it yet)."""
    def read() -> list[StockReservation]:
        return [r for r in _held_rows(session, source, flush) if lines is None or r.source_line_id in lines]

    already_locked = locked_pairs(session)
    rows = read()
    pairs = {(r.product_id, r.warehouse_id) for r in rows}
    if rows and not pairs <= already_locked:
        lock_stock(session, pairs)
        rows = read()  # fresh, under the lock
    return rows


def _take(rows: list[StockReservation], qty: Decimal | None, takes: dict[StockReservation, Decimal]) -> Decimal:
    """Add to ``takes`` what giving back ``qty`` (None: all) of ``rows`` takes from each,
    latest expiry first, after what ``takes`` already takes; returns the quantity."""
    left = qty
    released = Decimal(0)
    for row in reversed(rows):
        if left is not None and left <= 0:
            break
        there = row.qty - takes.get(row, Decimal(0))
        if there <= 0:
            continue
        take = there if left is None else min(there, left)
        takes[row] = takes.get(row, Decimal(0)) + take
        released += take
        if left is not None:
            left -= take
    return released


def _write_takes(session: Session, actor: User | None, takes: dict[StockReservation, Decimal]) -> None:
    """Write ``takes``: the balances' ``reserved`` lowered, a reservation given back in full
    deleted (and out of the session), one in part lowered; one statement per kind."""
    if not takes:
        return
    if actor is not None:
        for warehouse_id in {row.warehouse_id for row in takes}:
            check_warehouse_access(actor, warehouse_id)
    balances: dict[tuple, Decimal] = {}
    for row, take in takes.items():
        key = (row.product_id, row.warehouse_id, row.batch_key)
        balances[key] = balances.get(key, Decimal(0)) + take
    connection = session.connection()
    result = connection.execute(UNHOLD, [{"b_product": p, "b_warehouse": w, "b_batch_key": k, "b_qty": q}
                                         for (p, w, k), q in balances.items()])
    if result.rowcount != len(balances):  # the balance lost its reservation: a bug, never a user error
        raise Conflict(N_("The reservation of %(product)s does not match the stock balance."),
                       product=str(next(iter(takes)).product))
    gone = [row for row, take in takes.items() if take == row.qty]
    if gone:
        connection.execute(_DELETE_RESERVATION, [{"b_id": row.id} for row in gone])
        for row in gone:
            session.expunge(row)
    smaller = [(row, take) for row, take in takes.items() if take != row.qty]
    if smaller:
        connection.execute(_TAKE_FROM_RESERVATION, [{"b_id": row.id, "b_qty": take} for row, take in smaller])
        for row, take in smaller:
            set_committed_value(row, "qty", row.qty - take)


_RESERVATIONS = StockReservation.__table__
_DELETE_RESERVATION = delete(_RESERVATIONS).where(_RESERVATIONS.c.id == bindparam("b_id"))
_TAKE_FROM_RESERVATION = update(_RESERVATIONS).where(_RESERVATIONS.c.id == bindparam("b_id")).values(
    qty=_RESERVATIONS.c.qty - bindparam("b_qty", type_=_RESERVATIONS.c.qty.type))


def _held_rows(session: Session, source: StockSource, flush: bool) -> list[StockReservation]:
    """:func:`reservations_of`; with ``flush=False`` without flushing the session first,
    unless a reservation object itself has unwritten changes (this module writes them
    with SQL at once, so normally none has)."""
    if flush or any(isinstance(obj, StockReservation) for obj in (*session.new, *session.dirty, *session.deleted)):
        return reservations_of(session, source)
    with session.no_autoflush:
        return reservations_of(session, source)
