"""Month-end close (月末结账) and reopen (反结账).

Closing a month first lists what blocks it — unapproved documents of every type dated
in it, approved outbounds without their stock moves, stock below zero at the month's
end — and refuses with that list (409 ``period_blocked``). Otherwise it books what
sales approved, keeps the snapshot (inventory valuation, open items) and marks the
month closed; from then on every transition, posting and allocation dated in it is
refused by :func:`erp.periods.services.check_period_open`. Reopening is an admin's
action with a reason, written in the audit log; closing again replaces the snapshot.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete, exists, func, insert, literal, literal_column, select
from sqlalchemy.orm import Session

from erp import clock
from erp.audit.services import record_event
from erp.auth.models import User
from erp.auth.services import require
from erp.db import utcnow
from erp.documents.base import DOCUMENT_TYPES, DocState
from erp.errors import N_, Conflict, ValidationFailed
from erp.periods.models import Period
from erp.periods.services import forget_closed_periods
from finance.ledger.models import Side
from finance.ledger.queries import open_amounts
from finance.periods.models import OpenItemSnapshot, StockSnapshot
from finance.permissions import PERIOD_CLOSE, PERIOD_REOPEN
from finance.receivables.booking import book_sales_documents
from inventory.outbounds.models import Outbound
from inventory.stock.models import StockMove

MONTH = re.compile(r"^20\d{2}-(0[1-9]|1[0-2])$")  # the months of erp.api.schemas' dates
LIMIT = 200


def check_month(month: str) -> None:
    if not MONTH.match(month or ""):
        message = N_("A month is written YYYY-MM, from 2000-01 to 2099-12.")
        raise ValidationFailed(message, fields={"month": [message]})


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    check_month(month)
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Blocker:
    """Something that keeps a month from being closed."""

    kind: str  # unapproved | outbound_unposted | negative_stock
    message: str
    doc_type: str | None = None
    doc_id: int | None = None


def _unapproved(session: Session, first: dt.date, last: dt.date) -> list[Blocker]:
    out = []
    for doc_type, cls in sorted(DOCUMENT_TYPES.items()):
        rows = session.execute(select(cls.id, cls.number, cls.doc_date, cls.state)
                               .where(cls.doc_date >= first, cls.doc_date <= last,
                                      cls.state.in_([DocState.DRAFT, DocState.PENDING]))
                               .order_by(cls.doc_date, cls.id).limit(LIMIT))
        for doc_id, number, doc_date, state in rows:
            label = f"{cls.__doc_label__[0]} {number or '#' + str(doc_id)}"
            out.append(Blocker("unapproved", f"{label} {doc_date.isoformat()} {state.value}", doc_type, doc_id))
    return out


def _outbounds_without_moves(session: Session, first: dt.date, last: dt.date) -> list[Blocker]:
    """An approved outbound always posts its moves in the same transaction; a missing move
    means the ledger and the document disagree (checked all the same)."""
    moved = exists().where(StockMove.source_type == Outbound.__doc_type__, StockMove.source_id == Outbound.id)
    rows = session.execute(select(Outbound.id, Outbound.number).where(
        Outbound.doc_date >= first, Outbound.doc_date <= last, Outbound.state == DocState.APPROVED, ~moved)
        .limit(LIMIT))
    return [Blocker("outbound_unposted", f"销售出库单 {number} 已审核但未记库存流水", Outbound.__doc_type__, doc_id)
            for doc_id, number in rows]


def _negative_stock(session: Session, last: dt.date) -> list[Blocker]:
    batch = func.coalesce(StockMove.batch_id, literal_column("0"))
    rows = session.execute(
        select(StockMove.product_id, StockMove.warehouse_id, batch, func.sum(StockMove.qty))
        .where(StockMove.posting_date <= last)
        .group_by(StockMove.product_id, StockMove.warehouse_id, batch)
        .having(func.sum(StockMove.qty) < 0).limit(LIMIT))
    return [Blocker("negative_stock", f"负库存：商品 #{p} 仓库 #{w} 批次 #{b or '-'} 数量 {q}")
            for p, w, b, q in rows]


def close_blockers(session: Session, month: str) -> list[Blocker]:
    """Everything that keeps ``month`` from being closed (empty: it can be closed)."""
    first, last = month_bounds(month)
    return _unapproved(session, first, last) + _outbounds_without_moves(session, first, last) + \
        _negative_stock(session, last)


def check_month_over(month: str, today: dt.date | None = None) -> None:
    _first, last = month_bounds(month)
    if last >= (today or clock.today()):
        raise Conflict(N_("%(month)s is not over yet; it can be closed from its last day on."),
                       code="period_not_over", month=month)


def _snapshot(session: Session, month: str, last: dt.date) -> None:
    session.execute(delete(StockSnapshot).where(StockSnapshot.month == month))
    session.execute(delete(OpenItemSnapshot).where(OpenItemSnapshot.month == month))
    stock = (select(literal(month), StockMove.product_id, StockMove.warehouse_id, func.sum(StockMove.qty),
                    func.sum(StockMove.value))
             .where(StockMove.posting_date <= last)
             .group_by(StockMove.product_id, StockMove.warehouse_id)
             .having((func.sum(StockMove.qty) != 0) | (func.sum(StockMove.value) != 0)))
    session.execute(insert(StockSnapshot).from_select(["month", "product_id", "warehouse_id", "qty", "value"], stock))
    for side in Side:
        items = open_amounts(session, side, last)
        rows = select(literal(month), items.c.item_id, literal(side.value), items.c.kind, items.c.party_id,
                      items.c.doc_type, items.c.number, items.c.due_date, items.c.open_amount)
        session.execute(insert(OpenItemSnapshot).from_select(
            ["month", "item_id", "side", "kind", "party_id", "doc_type", "number", "due_date", "open_amount"], rows))


def close_period(session: Session, actor: User, month: str, *, today: dt.date | None = None) -> Period:
    """月末结账. Raises ``ValidationFailed`` (month format), ``Conflict``: the month is not
    over, is closed already, or ``period_blocked`` with ``fields["blockers"]`` listing
    each blocking document or stock; ``Forbidden``."""
    require(actor, PERIOD_CLOSE)
    check_month_over(month, today)
    period = session.get(Period, month, with_for_update=True)
    if period is not None and period.closed:
        raise Conflict(N_("%(month)s is closed already."), code="period_closed_already", month=month)
    blockers = close_blockers(session, month)
    if blockers:
        raise Conflict(N_("%(month)s cannot be closed: %(count)s things must be settled first."),
                       code="period_blocked", month=month, count=len(blockers),
                       fields={"blockers": [b.message for b in blockers]})
    book_sales_documents(session)
    _first, last = month_bounds(month)
    if period is None:
        period = Period(month=month)
        session.add(period)
    period.closed = True
    period.closed_at = utcnow()
    period.closed_by_id = actor.id
    session.flush()
    _snapshot(session, month, last)
    record_event(session, action="close", entity_type="periods", entity_id=month, label=month, user_id=actor.id,
                 changes={"closed": [False, True]})
    forget_closed_periods(session)
    return period


def reopen_period(session: Session, actor: User, month: str, reason: str | None) -> Period:
    """反结账: an admin reopens a closed month, giving the reason (kept on the period and in
    the audit log). Its snapshot stays until the month is closed again."""
    require(actor, PERIOD_REOPEN)
    check_month(month)
    if not (reason or "").strip():
        raise ValidationFailed(N_("Give the reason for reopening the month."), fields={"reason": [N_("Required.")]})
    period = session.get(Period, month, with_for_update=True)
    if period is None or not period.closed:
        raise Conflict(N_("%(month)s is not closed."), code="period_open", month=month)
    period.closed = False
    period.reopened_at = utcnow()
    period.reopened_by_id = actor.id
    period.reopen_reason = reason.strip()
    session.flush()
    record_event(session, action="reopen", entity_type="periods", entity_id=month, label=month, user_id=actor.id,
                 changes={"closed": [True, False]}, note=reason.strip())
    forget_closed_periods(session)
    return period


@dataclass
class PeriodStatus:
    month: str
    closed: bool
    period: Period | None

    @property
    def id(self) -> str:
        return self.month


def recent_periods(session: Session, *, months: int = 12, today: dt.date | None = None) -> list[PeriodStatus]:
    """The last ``months`` months (newest first) and every month that has a period row."""
    today = today or clock.today()
    rows = {p.month: p for p in session.scalars(select(Period))}
    wanted, year, month = set(rows), today.year, today.month
    for _ in range(months):
        wanted.add(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return [PeriodStatus(m, bool(rows.get(m) and rows[m].closed), rows.get(m)) for m in sorted(wanted, reverse=True)]


@dataclass
class PeriodDetail(PeriodStatus):
    blockers: list[Blocker] = field(default_factory=list)
    snapshot: dict = field(default_factory=dict)


def period_detail(session: Session, month: str) -> PeriodDetail:
    """A month: closed or not, what blocks closing it (when open), its snapshot's totals."""
    check_month(month)
    period = session.get(Period, month)
    closed = bool(period and period.closed)
    blockers = [] if closed else close_blockers(session, month)
    snapshot = {k: (format(v, "f") if isinstance(v, Decimal) else v)
                for k, v in snapshot_totals(session, month).items()} if period is not None else {}
    return PeriodDetail(month, closed, period, blockers, snapshot)


def stock_snapshot(session: Session, month: str) -> list[StockSnapshot]:
    return list(session.scalars(select(StockSnapshot).where(StockSnapshot.month == month)
                                .order_by(StockSnapshot.warehouse_id, StockSnapshot.product_id)))


def snapshot_totals(session: Session, month: str) -> dict:
    stock = session.execute(select(func.count(), func.sum(StockSnapshot.value))
                            .where(StockSnapshot.month == month)).one()
    items = dict(session.execute(select(OpenItemSnapshot.kind, func.sum(OpenItemSnapshot.open_amount))
                                 .where(OpenItemSnapshot.month == month, OpenItemSnapshot.side == Side.RECEIVABLE)
                                 .group_by(OpenItemSnapshot.kind)).all())
    return {"stock_rows": stock[0], "stock_value": stock[1], "receivable_charges": items.get("charge"),
            "receivable_payments": items.get("payment")}
