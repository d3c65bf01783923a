"""FEFO allocation (近效期先出): which batches to issue a quantity from.

Candidates are the product's balances in the warehouse with stock available
(on hand − reserved, plus what the asking line itself holds), in batches that
are active, not expired on the day, and keep at least the customer's minimum
remaining shelf life; earliest expiry first (batches without expiry last), then
earliest production, then oldest batch. The result is a proposal read without
locks: posting re-checks every quantity with a conditional UPDATE.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from erp import clock
from erp.errors import N_, ValidationFailed
from erp.products.models import Product
from erp.warehouses.models import Warehouse
from inventory.batches.models import Batch, BatchStatus
from inventory.stock.errors import insufficient_stock
from inventory.stock.models import StockBalance, StockReservation


@dataclass(frozen=True, slots=True)
class Pick:
    batch_id: int | None
    qty: Decimal
    batch_no: str | None = None
    expiry_date: dt.date | None = None


@dataclass
class Allocation:
    product_id: int
    warehouse_id: int
    requested: Decimal
    picks: list[Pick] = field(default_factory=list)

    @property
    def allocated(self) -> Decimal:
        return sum((p.qty for p in self.picks), Decimal(0))

    @property
    def short(self) -> Decimal:
        return self.requested - self.allocated


def min_remaining_days_for(session: Session, customer_id: int | None) -> int | None:
    if not customer_id:
        return None
    from erp.customers.models import Customer

    customer = session.get(Customer, customer_id)
    return customer.min_remaining_shelf_days if customer else None


def usable_batch_problem(batch: Batch, on: dt.date, min_days: int | None = None) -> str | None:
    """Why a batch may not be sold on ``on`` (a field message), or None."""
    if batch.status != BatchStatus.ACTIVE:
        return N_("This batch is blocked.")
    if batch.is_expired(on):
        return N_("This batch has expired.")
    if min_days and batch.expiry_date is not None and batch.days_left(on) < min_days:
        return N_("This batch is too close to its expiry date for the customer.")
    return None


def _own_reserved(session: Session, source, product_id: int, warehouse_id: int) -> dict[int, Decimal]:
    if source is None:
        return {}
    params = {"source_type": source.doc_type, "source_id": source.doc_id, "product_id": product_id,
              "warehouse_id": warehouse_id}
    stmt = _OWN_OF_DOCUMENT
    if source.line_id is not None:
        stmt = _OWN_OF_LINE
        params["source_line_id"] = source.line_id
    out: dict[int, Decimal] = {}
    for key, qty in session.execute(stmt, params):
        out[key] = out.get(key, Decimal(0)) + qty
    return out


# Built once (a statement made per call costs more Python than the database spends on it).
_OWN_OF_DOCUMENT = select(StockReservation.batch_key, StockReservation.qty).where(
    StockReservation.source_type == bindparam("source_type"), StockReservation.source_id == bindparam("source_id"),
    StockReservation.product_id == bindparam("product_id"), StockReservation.warehouse_id == bindparam("warehouse_id"))
_OWN_OF_LINE = _OWN_OF_DOCUMENT.where(StockReservation.source_line_id == bindparam("source_line_id"))
_FEFO_ORDER = (Batch.expiry_date.is_(None), Batch.expiry_date, Batch.production_date, StockBalance.batch_key)
_CANDIDATES = (
    select(StockBalance.batch_key, StockBalance.on_hand, StockBalance.reserved, Batch)
    .outerjoin(Batch, Batch.id == StockBalance.batch_id)
    .where(StockBalance.product_id == bindparam("product_id"), StockBalance.warehouse_id == bindparam("warehouse_id"))
    .order_by(*_FEFO_ORDER)
)
# The same for several products and several lines of one document, for allocate_fefo_many.
_CANDIDATES_OF_PRODUCTS = (
    select(StockBalance.product_id, StockBalance.batch_key, StockBalance.on_hand, StockBalance.reserved, Batch)
    .outerjoin(Batch, Batch.id == StockBalance.batch_id)
    .where(StockBalance.product_id.in_(bindparam("product_ids", expanding=True)),
           StockBalance.warehouse_id == bindparam("warehouse_id"))
    .order_by(*_FEFO_ORDER)
)
_OWN_OF_SOURCE = select(StockReservation.source_line_id, StockReservation.product_id, StockReservation.batch_key,
                        StockReservation.qty).where(
    StockReservation.source_type == bindparam("source_type"), StockReservation.source_id == bindparam("source_id"),
    StockReservation.product_id.in_(bindparam("product_ids", expanding=True)),
    StockReservation.warehouse_id == bindparam("warehouse_id"))


def _subjects(session: Session, qty: Decimal, product_id: int, warehouse_id: int) -> tuple[Product, Warehouse]:
    if qty is None or qty <= 0:
        raise ValidationFailed(N_("The quantity must be greater than 0."), fields={"qty": [N_("Must be greater than 0.")]})
    product = session.get(Product, product_id)
    warehouse = session.get(Warehouse, warehouse_id)
    if product is None or warehouse is None:
        raise ValidationFailed(N_("Unknown product or warehouse."),
                               fields={"product_id" if product is None else "warehouse_id": [N_("Unknown.")]})
    return product, warehouse


def _pick(product: Product, warehouse: Warehouse, qty: Decimal, rows, own: dict[int, Decimal], on_date: dt.date,
          min_days: int | None, partial: bool) -> Allocation:
    """The FEFO walk over the candidate rows ``(batch_key, on_hand, reserved, batch)``, in FEFO order."""
    allocation = Allocation(product.id, warehouse.id, qty)
    left = qty
    for key, on_hand, reserved, batch in rows:
        if left <= 0:
            break
        if product.batch_tracked != (batch is not None):
            continue
        if batch is not None and usable_batch_problem(batch, on_date, min_days):
            continue
        available = on_hand - reserved + own.get(key, Decimal(0))
        if available <= 0:
            continue
        take = min(available, left)
        allocation.picks.append(Pick(batch.id if batch else None, take, batch.batch_no if batch else None,
                                     batch.expiry_date if batch else None))
        left -= take
    if allocation.short > 0 and not partial:
        raise insufficient_stock(product, warehouse, qty, allocation.allocated)
    return allocation


def allocate_fefo(session: Session, *, product_id: int, warehouse_id: int, qty: Decimal,
                  on_date: dt.date | None = None, customer_id: int | None = None,
                  min_remaining_days: int | None = None, own_source=None, partial: bool = False) -> Allocation:
    """Choose batches for ``qty`` (base unit) of a product in a warehouse, FEFO.

    ``customer_id`` applies the customer's minimum remaining shelf life (overridden by
    ``min_remaining_days``); ``own_source`` (a :class:`~inventory.stock.ledger.StockSource`)
    counts the stock that source holds reserved as available to it. A product without
    batches gets one pick with ``batch_id`` None. When less can be allocated than asked,
    raises ``InsufficientStock`` naming the shortfall — or, with ``partial=True``, returns
    what could be allocated (``allocation.short`` > 0). Writes nothing."""
    product, warehouse = _subjects(session, qty, product_id, warehouse_id)
    on_date = on_date or clock.today()
    min_days = min_remaining_days if min_remaining_days is not None else min_remaining_days_for(session, customer_id)
    own = _own_reserved(session, own_source, product_id, warehouse_id)
    rows = session.execute(_CANDIDATES, {"product_id": product_id, "warehouse_id": warehouse_id}).all()
    return _pick(product, warehouse, qty, rows, own, on_date, min_days, partial)


@dataclass(frozen=True, slots=True)
class FefoRequest:
    """One quantity for :func:`allocate_fefo_many`: ``qty`` (base unit) of a product, for
    ``own_source`` (a :class:`~inventory.stock.ledger.StockSource`, or None)."""

    product_id: int
    qty: Decimal
    own_source: object = None


def allocate_fefo_many(session: Session, *, warehouse_id: int, requests: list[FefoRequest],
                       on_date: dt.date | None = None, customer_id: int | None = None,
                       partial: bool = False) -> list[Allocation]:
    """:func:`allocate_fefo` for the lines of one document in one warehouse: the same picks
    as one call per request, each allocated on its own against the stock as read, but
    read with two queries for the document instead of two per line. Own reservations are
    read at once when every ``own_source`` belongs to the same document (a delivery note)."""
    if not requests:
        return []
    subjects = [_subjects(session, r.qty, r.product_id, warehouse_id) for r in requests]
    on_date = on_date or clock.today()
    min_days = min_remaining_days_for(session, customer_id)
    product_ids = sorted({r.product_id for r in requests})
    rows_of: dict[int, list] = {pid: [] for pid in product_ids}
    for product_id, key, on_hand, reserved, batch in session.execute(
            _CANDIDATES_OF_PRODUCTS, {"product_ids": product_ids, "warehouse_id": warehouse_id}):
        rows_of[product_id].append((key, on_hand, reserved, batch))
    owns = _own_reserved_many(session, requests, product_ids, warehouse_id)
    return [_pick(product, warehouse, r.qty, rows_of[r.product_id], own, on_date, min_days, partial)
            for r, (product, warehouse), own in zip(requests, subjects, owns, strict=True)]


def _own_reserved_many(session: Session, requests: list[FefoRequest], product_ids: list[int],
                       warehouse_id: int) -> list[dict[int, Decimal]]:
    """What each request's own source holds, per batch key (as :func:`_own_reserved`)."""
    documents = {(r.own_source.doc_type, r.own_source.doc_id) for r in requests if r.own_source is not None}
    if len(documents) != 1:
        return [_own_reserved(session, r.own_source, r.product_id, warehouse_id) for r in requests]
    (doc_type, doc_id), = documents
    held = session.execute(_OWN_OF_SOURCE, {"source_type": doc_type, "source_id": doc_id, "product_ids": product_ids,
                                            "warehouse_id": warehouse_id}).all()
    out = []
    for r in requests:
        own: dict[int, Decimal] = {}
        if r.own_source is not None:
            for line_id, product_id, key, qty in held:
                if product_id == r.product_id and r.own_source.line_id in (None, line_id):
                    own[key] = own.get(key, Decimal(0)) + qty
        out.append(own)
    return out


def propose_allocation(session: Session, actor, *, product_id: int, warehouse_id: int, qty: Decimal,
                       customer_id: int | None = None, min_remaining_days: int | None = None,
                       on_date: dt.date | None = None) -> Allocation:
    """What FEFO would pick, for a screen: never raises for a shortfall (see ``short``).
    Raises ``Forbidden`` for a warehouse the actor may not see."""
    from erp.auth.services import check_warehouse_access

    if actor is not None:
        check_warehouse_access(actor, warehouse_id)
    return allocate_fefo(session, product_id=product_id, warehouse_id=warehouse_id, qty=qty, on_date=on_date,
                         customer_id=customer_id, min_remaining_days=min_remaining_days, partial=True)
