"""The aging (账龄) of one side of the ledger as of any date: per party, what is open on its
charges in buckets of days overdue (the setting ``finance.aging_buckets``), and its
unapplied payments beside them, netted in its balance, never hidden in a bucket.

Amounts are what is open on the day asked (:func:`finance.ledger.queries.open_amounts`),
summed per party and bucket in SQL, so that 10^5 open invoices stay fast. Which parties
a user may see, and how a row names its party, is the side's.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.orm import Session

from erp.errors import N_
from erp.settings.services import declare, get_setting
from finance.ledger.models import ZERO, ItemKind, Side
from finance.ledger.queries import open_amounts


def _parse_bounds(text: str) -> list[int]:
    bounds = [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    if not bounds or any(b <= 0 for b in bounds) or bounds != sorted(set(bounds)) or len(bounds) > 10:
        raise ValueError(text)
    return bounds


def _valid_bounds(value: str) -> str | None:
    try:
        _parse_bounds(value)
    except ValueError:
        return N_("Increasing whole numbers of days separated by commas, e.g. 30,60,90.")
    return None


AGING_BUCKETS = declare("finance.aging_buckets", N_("Aging buckets (days overdue)"), "30,60,90", validate=_valid_bounds,
                        help=N_("Upper limits of days overdue separated by commas, e.g. 30,60,90 → not due, 1-30, 31-60, 61-90, over 90 days"))


@dataclass(frozen=True, slots=True)
class Bucket:
    key: str
    #: Days overdue, inclusive (None: open-ended); "not due" is (None, 0).
    low: int | None
    high: int | None

    def title(self, translate=lambda text: text) -> str:
        if self.low is None:
            return translate(N_("Not due"))
        if self.high is None:
            return translate(N_("Over %(days)s days")) % {"days": self.low - 1}
        return translate(N_("%(low)s-%(high)s days")) % {"low": self.low, "high": self.high}

    def holds(self, days_overdue: int) -> bool:
        return (self.low is None or days_overdue >= self.low) and (self.high is None or days_overdue <= self.high)


def aging_buckets(session: Session, bounds: list[int] | None = None) -> list[Bucket]:
    """Not due, then 1–b1, b1+1–b2, …, > bn days overdue."""
    bounds = bounds or _parse_bounds(get_setting(session, AGING_BUCKETS))
    out = [Bucket("not_due", None, 0)]
    low = 1
    for high in bounds:
        out.append(Bucket(f"d{low}_{high}", low, high))
        low = high + 1
    out.append(Bucket(f"over_{bounds[-1]}", low, None))
    return out


def bucket_key(buckets: list[Bucket], days_overdue: int) -> str:
    """The key of the bucket an item this many days overdue falls in."""
    return next(b.key for b in buckets if b.holds(days_overdue))


def _bucket_index(column, as_of: dt.date, buckets: list[Bucket]):
    """SQL: the bucket of an item due on ``column`` (compared as dates: portable)."""
    whens = [(column >= as_of, literal(0))]
    for index, bucket in enumerate(buckets[1:-1], start=1):
        whens.append((column >= as_of - dt.timedelta(days=bucket.high), literal(index)))
    return case(*whens, else_=literal(len(buckets) - 1))


@dataclass
class AgingRow:
    party_id: int
    code: str
    name: str
    amounts: list[Decimal]
    unapplied: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)

    @property
    def overdue(self) -> Decimal:
        return sum(self.amounts[1:], ZERO)

    @property
    def balance(self) -> Decimal:
        """Open charges − unapplied payments: what the party owes us, or we owe it."""
        return self.total - self.unapplied


@dataclass
class AgingReport:
    as_of: dt.date
    buckets: list[Bucket]
    rows: list[AgingRow] = field(default_factory=list)

    @property
    def totals(self) -> list[Decimal]:
        return [sum((r.amounts[i] for r in self.rows), ZERO) for i in range(len(self.buckets))]

    @property
    def total(self) -> Decimal:
        return sum(self.totals, ZERO)

    @property
    def unapplied(self) -> Decimal:
        return sum((r.unapplied for r in self.rows), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.total - self.unapplied


def party_row(party, amounts: list[Decimal], unapplied: Decimal) -> AgingRow:
    return AgingRow(party.id, party.code, party.name, amounts, unapplied)


#: Narrows a statement over open amounts (columns ``.c.party_id`` …) to the parties asked for.
Narrow = Callable[[Select, object], Select]


def party_aging(session: Session, side: Side, party_model: type, as_of: dt.date, *,
                narrow: Narrow = lambda stmt, items: stmt, row: Callable[..., AgingRow] = party_row,
                overdue_only: bool = False) -> AgingReport:
    """Open charges per party (rows of ``party_model``, by code) and bucket on ``as_of``,
    unapplied payments beside; ``narrow(stmt, items)`` keeps the parties asked for, ``row``
    makes a row of ``(party, amounts, unapplied)``."""
    buckets = aging_buckets(session)
    charges = open_amounts(session, side, as_of, kind=ItemKind.CHARGE)
    index = _bucket_index(charges.c.due_date, as_of, buckets).label("bucket")
    stmt = select(charges.c.party_id, index, func.sum(charges.c.open_amount)).group_by(charges.c.party_id, index)
    amounts: dict[int, list[Decimal]] = {}
    for party_id, bucket, amount in session.execute(narrow(stmt, charges)):
        amounts.setdefault(party_id, [ZERO] * len(buckets))[int(bucket)] += amount
    payments = open_amounts(session, side, as_of, kind=ItemKind.PAYMENT)
    credit_stmt = select(payments.c.party_id, func.sum(payments.c.open_amount)).group_by(payments.c.party_id)
    unapplied = dict(session.execute(narrow(credit_stmt, payments)).all())
    ids = set(amounts) | set(unapplied)
    parties = {p.id: p for p in session.scalars(select(party_model).where(party_model.id.in_(ids)))} if ids else {}
    report = AgingReport(as_of, buckets)
    for party_id in sorted(ids, key=lambda i: parties[i].code):
        line = row(parties[party_id], amounts.get(party_id, [ZERO] * len(buckets)), unapplied.get(party_id, ZERO))
        if overdue_only and line.overdue <= 0:
            continue
        report.rows.append(line)
    return report
