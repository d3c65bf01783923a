"""Posting stock: the only code that writes moves, balances and moving-average costs.

Every change of a product's stock in a warehouse first locks its cost row
(:func:`lock_stock`: ``SELECT … FOR UPDATE`` on PostgreSQL; SQLite already holds
the write lock from ``BEGIN IMMEDIATE``), then changes the balance with one
conditional ``UPDATE … WHERE on_hand - reserved >= :qty`` whose rowcount says
whether the stock was there, then appends the move. Documents lock all their
(product, warehouse) pairs up front in a fixed order, so two documents never wait
for each other in a cycle.

Costing (移动加权平均, per product and warehouse):

- a receipt adds its quantity and value; the average becomes value / quantity
  (6 decimals) while the quantity is positive, else the receipt's own unit cost;
- an issue goes out at the current average, its value rounded half-up to the fen;
  the issue that empties the stock takes exactly the value left, so no fen stays
  behind; the average does not change on an issue;
- the cost row's quantity and value are always the sums of the moves (``erp check``).

Reversal (弃审) posts a counter-move carrying exactly the original quantity, unit
cost and value, dated like the original:

- an issue comes back at the value it left with (the average then blends it in);
- a receipt goes out at the value it came in with. That restores the earlier
  average exactly only while nothing was issued since at an average that included
  the receipt; so reversing a receipt is refused (``Conflict``, code
  ``issued_since``) once a later, unreversed issue of the product in that warehouse
  exists — enter a stock-out instead. Later receipts do not matter: removing one
  receipt from a sum of receipts is exact.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, exists, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, lazyload

from erp.auth.models import User
from erp.auth.services import check_warehouse_access
from erp.db import utcnow
from erp.db.uow import transaction_memo
from erp.errors import N_, Conflict, ValidationFailed
from erp.money import round_fen, round_price
from erp.periods.services import check_period_open
from erp.products.models import Product
from erp.warehouses.models import Warehouse
from inventory.batches.models import Batch
from inventory.batches.services import check_batch
from inventory.stock import checks as _checks  # noqa: F401  (registers the `erp check` checks)
from inventory.stock.errors import insufficient_stock
from inventory.stock.models import StockBalance, StockCost, StockMove, batch_key


@dataclass(frozen=True, slots=True)
class StockSource:
    """The document (and line) a move or reservation belongs to."""

    doc_type: str
    doc_id: int
    line_id: int | None = None
    number: str | None = None

    @classmethod
    def of(cls, doc, line=None) -> StockSource:
        return cls(doc.__doc_type__, doc.id, line.id if line is not None else None, doc.number)


def _insert(session: Session):
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def lock_stock(session: Session, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], StockCost]:
    """Lock the cost rows of these ``(product_id, warehouse_id)`` pairs, in sorted order,
    creating missing ones; returns them as the database has them under the lock. Every
    stock change of a pair takes this lock first, so the balance and cost updates that
    follow never deadlock against another transaction's.

    A pair locked earlier in the same transaction is not locked or read again: the lock
    is held until the transaction ends, and from then on only this session changes the
    row — through the very object returned here (see :func:`erp.db.uow.transaction_memo`)."""
    locked: dict[tuple[int, int], StockCost] = transaction_memo(session).setdefault("stock_locks", {})
    wanted = set(pairs)
    missing = sorted(wanted - locked.keys())
    if missing:
        session.flush()  # the refresh below must not overwrite pending changes of a cost row
        # One statement locks the rows that exist, in sorted order (ORDER BY … FOR UPDATE).
        for cost in session.scalars(_LOCK_COSTS, {"pairs": missing}, execution_options=_FRESH):
            locked[(cost.product_id, cost.warehouse_id)] = cost
    for product_id, warehouse_id in missing:
        if (product_id, warehouse_id) in locked:
            continue
        # The product's first stock in the warehouse: make its row, then lock it.
        session.execute(_insert(session)(StockCost).values(
            product_id=product_id, warehouse_id=warehouse_id, qty=Decimal(0), value=Decimal(0),
            unit_cost=Decimal(0), updated_at=utcnow(),
        ).on_conflict_do_nothing(index_elements=["product_id", "warehouse_id"]))
        params = {"product_id": product_id, "warehouse_id": warehouse_id}
        locked[(product_id, warehouse_id)] = session.scalars(_LOCK_COST, params, execution_options=_FRESH).one()
    return {pair: locked[pair] for pair in wanted}


# lazyload: refreshing a row must not reload its product and warehouse (and their eager
# relationships) on every stock change.
_LOCK_COST = (select(StockCost)
              .where(StockCost.product_id == bindparam("product_id"),
                     StockCost.warehouse_id == bindparam("warehouse_id"))
              .options(lazyload("*")).with_for_update())
_LOCK_COSTS = (select(StockCost)
               .where(tuple_(StockCost.product_id, StockCost.warehouse_id).in_(bindparam("pairs", expanding=True)))
               .order_by(StockCost.product_id, StockCost.warehouse_id)
               .options(lazyload("*")).with_for_update())
_FRESH = {"populate_existing": True}


def locked_pairs(session: Session) -> frozenset[tuple[int, int]]:
    """The ``(product_id, warehouse_id)`` pairs this transaction already holds the lock of."""
    return frozenset(transaction_memo(session).get("stock_locks", ()))


def add_on_hand(session: Session, product_id: int, warehouse_id: int, batch_id: int | None, qty: Decimal) -> None:
    """on_hand += qty (0 just makes sure the balance row exists), creating the row on the
    first move. Only for this package: the caller holds the lock of :func:`lock_stock`."""
    insert = _insert(session)
    stmt = insert(StockBalance).values(product_id=product_id, warehouse_id=warehouse_id, batch_id=batch_id,
                                       batch_key=batch_key(batch_id), on_hand=qty, reserved=Decimal(0))
    stmt = stmt.on_conflict_do_update(index_elements=["product_id", "warehouse_id", "batch_key"],
                                      set_={"on_hand": StockBalance.on_hand + stmt.excluded.on_hand})
    session.execute(stmt)


def balance_row(session: Session, product_id: int, warehouse_id: int, batch_id: int | None) -> tuple[Decimal, Decimal]:
    """``(on_hand, reserved)`` of one balance as the database has it now."""
    row = session.execute(select(StockBalance.on_hand, StockBalance.reserved).where(
        StockBalance.product_id == product_id, StockBalance.warehouse_id == warehouse_id,
        StockBalance.batch_key == batch_key(batch_id))).first()
    return (row.on_hand, row.reserved) if row else (Decimal(0), Decimal(0))


# The conditional UPDATEs of a balance, built once: a statement made per call costs more
# Python than the database spends running it. ``qty`` binds through the column's type.
_BALANCES = StockBalance.__table__
# (An UPDATE's parameters may not be named like its columns.)
_QTY = bindparam("b_qty", type_=_BALANCES.c.on_hand.type)
_THE_BALANCE = (_BALANCES.c.product_id == bindparam("b_product")) & (
    _BALANCES.c.warehouse_id == bindparam("b_warehouse")) & (_BALANCES.c.batch_key == bindparam("b_batch_key"))
_AVAILABLE = _BALANCES.c.on_hand - _BALANCES.c.reserved >= _QTY
TAKE_ON_HAND = update(_BALANCES).where(_THE_BALANCE, _AVAILABLE).values(on_hand=_BALANCES.c.on_hand - _QTY)
HOLD = update(_BALANCES).where(_THE_BALANCE, _AVAILABLE).values(reserved=_BALANCES.c.reserved + _QTY)
HOLD_ANYWAY = update(_BALANCES).where(_THE_BALANCE).values(reserved=_BALANCES.c.reserved + _QTY)
UNHOLD = update(_BALANCES).where(_THE_BALANCE, _BALANCES.c.reserved >= _QTY).values(
    reserved=_BALANCES.c.reserved - _QTY)


def change_balance(session: Session, stmt, product_id: int, warehouse_id: int, batch_id: int | None,
                   qty: Decimal) -> bool:
    """Run one of the balance UPDATEs above; True when the row was there and the condition held.
    Balances are never written through the ORM, so no autoflush is needed before it."""
    result = session.connection().execute(stmt, {"b_product": product_id, "b_warehouse": warehouse_id,
                                                 "b_batch_key": batch_key(batch_id), "b_qty": qty})
    return result.rowcount == 1


def _take_on_hand(session: Session, product: Product, warehouse: Warehouse, batch: Batch | None,
                  qty: Decimal) -> None:
    """on_hand -= qty if that much is available (on hand and not reserved), else
    ``InsufficientStock`` naming the shortfall; a warehouse allowing negative stock
    always gives."""
    batch_id = batch.id if batch else None
    if warehouse.allow_negative_stock:
        add_on_hand(session, product.id, warehouse.id, batch_id, -qty)
        return
    if not change_balance(session, TAKE_ON_HAND, product.id, warehouse.id, batch_id, qty):
        on_hand, reserved = balance_row(session, product.id, warehouse.id, batch_id)
        raise insufficient_stock(product, warehouse, qty, on_hand - reserved, batch)


def _subjects(session: Session, actor: User | None, product_id: int, warehouse_id: int, batch_id: int | None,
              qty: Decimal, posting_date: dt.date) -> tuple[Product, Warehouse, Batch | None]:
    if qty is None or qty <= 0:
        raise ValidationFailed(N_("The quantity must be greater than 0."),
                               fields={"qty": [N_("Must be greater than 0.")]})
    product = session.get(Product, product_id)
    if product is None:
        raise ValidationFailed(N_("Unknown product."), fields={"product_id": [N_("Unknown product.")]})
    warehouse = session.get(Warehouse, warehouse_id)
    if warehouse is None:
        raise ValidationFailed(N_("Unknown warehouse."), fields={"warehouse_id": [N_("Unknown warehouse.")]})
    batch = session.get(Batch, batch_id) if batch_id else None
    if batch_id and batch is None:
        raise ValidationFailed(N_("Unknown batch."), fields={"batch_id": [N_("Unknown batch.")]})
    check_batch(product, batch)
    if actor is not None:
        check_warehouse_access(actor, warehouse.id)
    check_period_open(session, posting_date)
    return product, warehouse, batch


def _move(session: Session, actor: User | None, source: StockSource, product_id: int, warehouse_id: int,
          batch_id: int | None, qty: Decimal, unit_cost: Decimal, value: Decimal, posting_date: dt.date,
          reverses_id: int | None = None, *, flush: bool = True, pending: list[StockMove] | None = None) -> StockMove:
    move = StockMove(product_id=product_id, warehouse_id=warehouse_id, batch_id=batch_id, qty=qty,
                     unit_cost=unit_cost, value=value, posting_date=posting_date,
                     user_id=actor.id if actor is not None else None, source_type=source.doc_type,
                     source_id=source.doc_id, source_line_id=source.line_id, source_number=source.number,
                     reverses_id=reverses_id)
    if pending is not None:
        pending.append(move)
        return move
    session.add(move)
    if flush:
        session.flush()
    return move


_MOVE_COLUMNS = tuple(c.key for c in StockMove.__table__.columns if c.key not in ("id", "posted_at"))
_INSERT_MOVES = StockMove.__table__.insert()


def write_moves(session: Session, moves: list[StockMove]) -> None:
    """Insert the moves :func:`issue_stock` left ``pending`` with one statement. They stay
    out of the session (the ledger is append-only; read it again to see them with ids)."""
    if moves:
        posted_at = utcnow()
        session.connection().execute(_INSERT_MOVES, [
            {**{key: getattr(move, key) for key in _MOVE_COLUMNS}, "posted_at": posted_at} for move in moves])


def _after_receipt(cost: StockCost, qty: Decimal, value: Decimal, unit_cost: Decimal) -> None:
    cost.qty += qty
    cost.value += value
    cost.unit_cost = round_price(cost.value / cost.qty) if cost.qty > 0 else unit_cost


def issue_value(cost: StockCost, qty: Decimal) -> Decimal:
    """The value of issuing ``qty`` at the moving average: the whole value left when the
    issue empties the stock, else qty × average rounded to the fen (never more than is left)."""
    if cost.qty > 0 and cost.value >= 0:
        if qty == cost.qty:
            return cost.value
        return min(round_fen(qty * cost.unit_cost), cost.value)
    return round_fen(qty * cost.unit_cost)


def receive_stock(session: Session, actor: User | None, *, product_id: int, warehouse_id: int, qty: Decimal,
                  source: StockSource, posting_date: dt.date, batch_id: int | None = None,
                  unit_cost: Decimal | None = None, value: Decimal | None = None) -> StockMove:
    """Put ``qty`` (base unit, > 0) into the warehouse at ``unit_cost`` per base unit, or
    at exactly ``value`` (a transfer carries the value it left with). Updates the moving
    average. Raises ``ValidationFailed`` (quantity, batch rules, unknown ids),
    ``Forbidden`` (warehouse not the actor's), ``PeriodClosed``."""
    product, warehouse, batch = _subjects(session, actor, product_id, warehouse_id, batch_id, qty, posting_date)
    if value is None and unit_cost is None:
        raise ValidationFailed(N_("A receipt needs a unit cost."), fields={"unit_cost": [N_("Required.")]})
    if (value is not None and value < 0) or (unit_cost is not None and unit_cost < 0):
        raise ValidationFailed(N_("A cost must not be negative."), fields={"unit_cost": [N_("Must not be negative.")]})
    if value is None:
        value = round_fen(qty * unit_cost)
    if unit_cost is None:
        unit_cost = round_price(value / qty)
    cost = lock_stock(session, [(product.id, warehouse.id)])[(product.id, warehouse.id)]
    add_on_hand(session, product.id, warehouse.id, batch_id, qty)
    _after_receipt(cost, qty, value, unit_cost)
    return _move(session, actor, source, product.id, warehouse.id, batch_id, qty, unit_cost, value, posting_date)


def issue_stock(session: Session, actor: User | None, *, product_id: int, warehouse_id: int, qty: Decimal,
                source: StockSource, posting_date: dt.date, batch_id: int | None = None,
                value: Decimal | None = None, flush: bool = True,
                pending: list[StockMove] | None = None) -> StockMove:
    """Take ``qty`` (base unit, > 0) out of the warehouse at the moving average (the move
    carries the cost of goods, 销售成本). Only unreserved stock can be taken: release a
    reservation first to consume it. Raises ``InsufficientStock`` (409, naming the
    shortfall; nothing is written), ``ValidationFailed``, ``Forbidden``, ``PeriodClosed``.

    ``value``: leave at that value instead of the average (a purchase return goes back at
    the cost it came in with) — never more than the stock's value, all of it when the
    issue empties the stock; the average becomes what is left over what is left.

    ``flush=False``: the move and the cost row are written by the caller's next flush (a
    document posting many lines flushes once); the move has no id until then.
    ``pending`` (a list): the move is not added to the session but appended there, for
    :func:`write_moves` to insert with the document's other moves in one statement; the
    cost row is still written by the caller's next flush."""
    product, warehouse, batch = _subjects(session, actor, product_id, warehouse_id, batch_id, qty, posting_date)
    if value is not None and value < 0:
        raise ValidationFailed(N_("A cost must not be negative."), fields={"value": [N_("Must not be negative.")]})
    cost = lock_stock(session, [(product.id, warehouse.id)])[(product.id, warehouse.id)]
    _take_on_hand(session, product, warehouse, batch, qty)
    at_average = value is None
    if at_average:
        value, unit_cost = issue_value(cost, qty), cost.unit_cost
    else:
        if cost.qty > 0 and cost.value >= 0:
            value = cost.value if qty == cost.qty else min(value, cost.value)
        unit_cost = round_price(value / qty)
    cost.qty -= qty
    cost.value -= value
    if not at_average and cost.qty > 0:
        cost.unit_cost = round_price(cost.value / cost.qty)
    return _move(session, actor, source, product.id, warehouse.id, batch_id, -qty, unit_cost, -value,
                 posting_date, flush=flush, pending=pending)


def unreversed_moves(session: Session, source_type: str, source_id: int) -> list[StockMove]:
    """The moves of a document that still count (neither reversals nor reversed)."""
    reversal = aliased(StockMove)
    return list(session.scalars(
        select(StockMove)
        .where(StockMove.source_type == source_type, StockMove.source_id == source_id,
               StockMove.reverses_id.is_(None),
               ~exists().where(reversal.reverses_id == StockMove.id))
        .order_by(StockMove.id)
    ))


def check_not_issued_since(session: Session, move: StockMove) -> None:
    """A receipt can be reversed exactly only while no later issue of the product in the
    warehouse (not itself reversed) used an average that included it."""
    reversal = aliased(StockMove)
    later = session.scalars(
        select(StockMove)
        .where(StockMove.product_id == move.product_id, StockMove.warehouse_id == move.warehouse_id,
               StockMove.id > move.id, StockMove.qty < 0, StockMove.reverses_id.is_(None),
               ~exists().where(reversal.reverses_id == StockMove.id))
        .order_by(StockMove.id).limit(1)
    ).first()
    if later is not None:
        raise Conflict(
            N_("Cannot reverse the receipt of %(product)s in %(warehouse)s: stock was issued since by "
               "%(document)s at an average cost that includes it. Enter a stock-out instead."),
            code="issued_since", product=str(move.product), warehouse=str(move.warehouse),
            document=later.source_number or f"{later.source_type} #{later.source_id}",
        )


def _reverse_receipt(session: Session, actor: User | None, move: StockMove, cost: StockCost) -> StockMove:
    check_not_issued_since(session, move)
    _take_on_hand(session, move.product, move.warehouse, move.batch, move.qty)
    value = move.value
    if cost.qty == move.qty and cost.value >= 0:
        value = cost.value  # the stock is emptied: no fen stays behind
    cost.qty -= move.qty
    cost.value -= value
    if cost.qty > 0:
        cost.unit_cost = round_price(cost.value / cost.qty)
    source = StockSource(move.source_type, move.source_id, move.source_line_id, move.source_number)
    return _move(session, actor, source, move.product_id, move.warehouse_id, move.batch_id, -move.qty,
                 move.unit_cost, -value, move.posting_date, reverses_id=move.id)


def _reverse_issue(session: Session, actor: User | None, move: StockMove, cost: StockCost) -> StockMove:
    qty, value = -move.qty, -move.value
    add_on_hand(session, move.product_id, move.warehouse_id, move.batch_id, qty)
    _after_receipt(cost, qty, value, move.unit_cost)
    source = StockSource(move.source_type, move.source_id, move.source_line_id, move.source_number)
    return _move(session, actor, source, move.product_id, move.warehouse_id, move.batch_id, qty,
                 move.unit_cost, value, move.posting_date, reverses_id=move.id)


def reverse_moves(session: Session, actor: User | None, source_type: str, source_id: int, *,
                  receipts: bool | None = None) -> list[StockMove]:
    """Reverse the moves of a document that still count, newest first (see the module
    docstring for the costing rule). ``receipts``: only receipts (True) or only issues
    (False). Raises ``InsufficientStock`` when received goods are no longer available,
    ``Conflict`` (``issued_since``) when a receipt cannot be reversed exactly,
    ``PeriodClosed`` when a move's date is in a closed month."""
    moves = unreversed_moves(session, source_type, source_id)
    if receipts is not None:
        moves = [m for m in moves if (m.qty > 0) == receipts]
    costs = lock_stock(session, [(m.product_id, m.warehouse_id) for m in moves])
    out = []
    for move in reversed(moves):
        if actor is not None:
            check_warehouse_access(actor, move.warehouse_id)
        check_period_open(session, move.posting_date)
        cost = costs[(move.product_id, move.warehouse_id)]
        out.append(_reverse_receipt(session, actor, move, cost) if move.qty > 0
                   else _reverse_issue(session, actor, move, cost))
    return out
