"""Monthly sales targets (销售目标): managers set a net amount per salesperson and month.

The grid of a year shows every salesperson — an active user holding a sales role or
assigned to customers — and anyone who already has a target that year.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from erp.auth.models import Role, User
from erp.auth.permissions import SALES
from erp.auth.services import require
from erp.customers.models import Customer
from erp.errors import N_, ValidationFailed
from finance.reports.models import SalesTarget
from finance.reports.permissions import SALES_REPORT_VIEW, SALES_TARGET_EDIT

MONTHS = tuple(range(1, 13))
FIRST_YEAR, LAST_YEAR = 2000, 2999


def salespeople(session: Session, year: int | None = None) -> list[User]:
    """Active users with a sales role or customers of their own, plus (for ``year``) anyone
    holding a target in it, by name."""
    assigned = select(Customer.salesperson_id).where(Customer.salesperson_id.is_not(None))
    in_sales = User.roles.any(Role.code.in_(SALES))
    conditions = [User.active.is_(True) & or_(in_sales, User.id.in_(assigned))]
    if year is not None:
        conditions.append(User.id.in_(select(SalesTarget.salesperson_id).where(SalesTarget.year == year)))
    return list(session.scalars(select(User).where(or_(*conditions)).order_by(User.display_name, User.id)))


def targets_of_year(session: Session, year: int, salesperson_id: int | None = None) -> list[SalesTarget]:
    stmt = select(SalesTarget).where(SalesTarget.year == year)
    if salesperson_id is not None:
        stmt = stmt.where(SalesTarget.salesperson_id == salesperson_id)
    return list(session.scalars(stmt.order_by(SalesTarget.salesperson_id, SalesTarget.month)))


@dataclass
class TargetGrid:
    """Salespeople × months of one year: ``amounts[(salesperson_id, month)]``."""

    year: int
    people: list[User]
    amounts: dict[tuple[int, int], Decimal] = field(default_factory=dict)

    def amount(self, salesperson_id: int, month: int) -> Decimal | None:
        return self.amounts.get((salesperson_id, month))

    def total_of(self, salesperson_id: int) -> Decimal:
        return sum((a for (sid, _), a in self.amounts.items() if sid == salesperson_id), Decimal("0.00"))

    def month_total(self, month: int) -> Decimal:
        return sum((a for (_, m), a in self.amounts.items() if m == month), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal("0.00"))


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(N_("Give a year between %(first)s and %(last)s."), first=FIRST_YEAR, last=LAST_YEAR,
                               fields={"year": [N_("Out of range.")]})


def list_sales_targets(session: Session, actor: User, year: int) -> list[SalesTarget]:
    """The targets of ``year``, for those who set them or read the sales reports. Raises
    ``Forbidden``, ``ValidationFailed`` (a year out of range)."""
    if not actor.can(SALES_TARGET_EDIT):
        require(actor, SALES_REPORT_VIEW)
    check_year(year)
    return targets_of_year(session, year)


def target_grid(session: Session, actor: User, year: int) -> TargetGrid:
    """The targets of ``year`` for every salesperson (see :func:`list_sales_targets`)."""
    targets = list_sales_targets(session, actor, year)
    return TargetGrid(year, salespeople(session, year), {(t.salesperson_id, t.month): t.amount for t in targets})


def _check_cells(session: Session, cells: list[dict]) -> None:
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_({c["salesperson_id"] for c in cells})))}
    errors: dict[int, dict[str, list[str]]] = {}
    seen: set[tuple[int, int]] = set()
    for i, cell in enumerate(cells):
        user = users.get(cell["salesperson_id"])
        key = (cell["salesperson_id"], cell["month"])
        if user is None or (not user.active and cell.get("amount") is not None):
            errors.setdefault(i, {})["salesperson_id"] = [N_("Unknown or inactive user.")]
        if key in seen:
            errors.setdefault(i, {})["month"] = [N_("This salesperson and month are given twice.")]
        seen.add(key)
    if errors:
        raise ValidationFailed(N_("Some targets are not valid."), fields={"targets": errors})


def set_sales_targets(session: Session, actor: User, year: int, cells: list[dict]) -> list[SalesTarget]:
    """Set the targets of ``year``: each cell ``{salesperson_id, month, amount}`` sets that
    salesperson's net sales target of that month; ``amount`` None removes it. Cells not
    given stay as they are. Returns every target of the year. Raises ``Forbidden``
    (no ``sales_target.edit``), ``ValidationFailed`` (a year out of range, an unknown or
    inactive user, the same cell twice — naming the cell)."""
    require(actor, SALES_TARGET_EDIT)
    check_year(year)
    _check_cells(session, cells)
    existing = {(t.salesperson_id, t.month): t for t in targets_of_year(session, year)}
    for cell in cells:
        key = (cell["salesperson_id"], cell["month"])
        target, amount = existing.get(key), cell.get("amount")
        if amount is None:
            if target is not None:
                session.delete(target)
        elif target is None:
            session.add(SalesTarget(salesperson_id=key[0], year=year, month=key[1], amount=amount,
                                    updated_by_id=actor.id))
        elif target.amount != amount:
            target.amount, target.updated_by_id = amount, actor.id
    session.flush()
    return targets_of_year(session, year)
