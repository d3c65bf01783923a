"""Making a downstream document from what REMAINS of its upstream one (参照生单).

Every maker follows the same steps: lock the upstream document, work out how much of
each upstream line remains (counting every downstream line that is not cancelled, so
running the maker twice creates nothing twice), take what the caller asked for — all
that remains, or ``[{origin_line_id, qty, unit_id?}]`` — and refuse anything beyond it,
naming the line and what remains.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from erp.documents.base import DocState
from erp.errors import N_, Conflict
from erp.money import round_qty
from erp.products.models import Unit
from erp.sales.common import read
from inventory.stock.lines import LineErrors

LIVE = (DocState.DRAFT, DocState.PENDING, DocState.APPROVED, DocState.CLOSED)
DONE = (DocState.APPROVED, DocState.CLOSED)


@dataclass
class Wanted:
    """One downstream line to make: ``qty`` in ``unit_id`` = ``qty_base`` of ``origin``."""

    origin: object
    unit_id: int
    qty: Decimal
    qty_base: Decimal

    @property
    def factor(self) -> Decimal:
        return self.origin.product.factor(self.unit_id) or Decimal(1)


def counted(session: Session, line_cls, header_cls, origin_column, origin_ids, states=LIVE,
            extra=(), net_of: str | None = None) -> dict[int, Decimal]:
    """Base quantity per origin line id already taken by lines of ``line_cls`` whose
    header (``header_cls``) is in ``states`` (and meets the ``extra`` conditions), less
    the lines' ``net_of`` column (what a closed delivery note gave back)."""
    if not origin_ids:
        return {}
    if extra:
        rows = session.execute(_counting(line_cls, header_cls, origin_column, states, net_of).where(*extra),
                               {"origin_ids": list(origin_ids)})
    else:
        key = (line_cls, header_cls, origin_column.key, tuple(states), net_of)  # the common case: built once
        stmt = _COUNTING.get(key)
        if stmt is None:
            stmt = _COUNTING[key] = _counting(line_cls, header_cls, origin_column, states, net_of)
        rows = read(session, stmt, {"origin_ids": list(origin_ids)})
    return {origin_id: total or Decimal(0) for origin_id, total in rows}


_COUNTING: dict[tuple, object] = {}


def taken_per_origin(line_cls, header_cls, origin_column, states=LIVE, net_of: str | None = None):
    """``SELECT origin_id, qty``: what :func:`counted` counts, for every origin line (a
    subquery for reports)."""
    quantity = line_cls.qty_base - getattr(line_cls, net_of) if net_of else line_cls.qty_base
    return (select(origin_column.label("origin_id"), func.sum(quantity).label("qty"))
            .join(header_cls, header_cls.id == line_cls.document_id)
            .where(header_cls.state.in_(states))
            .group_by(origin_column))


def _counting(line_cls, header_cls, origin_column, states, net_of=None):
    return taken_per_origin(line_cls, header_cls, origin_column, states, net_of).where(
        origin_column.in_(bindparam("origin_ids", expanding=True)))


def in_unit(product, unit_id: int, qty_base: Decimal) -> Decimal | None:
    """``qty_base`` expressed in ``unit_id``, or None when it does not come out exactly."""
    factor = product.factor(unit_id)
    if not factor:
        return None
    qty = round_qty(qty_base / factor)
    return qty if qty * factor == qty_base else None


def natural_unit(origin, qty_base: Decimal) -> tuple[int, Decimal]:
    """The origin's unit when ``qty_base`` comes out in it with the decimals the unit
    allows (a whole number of cases), else the base unit."""
    qty = in_unit(origin.product, origin.unit_id, qty_base)
    if qty is not None and qty == qty.quantize(Decimal(1).scaleb(-origin.unit.decimals)):
        return origin.unit_id, qty
    return origin.product.base_unit_id, qty_base


def _unit_decimals_ok(session: Session, unit_id: int, qty: Decimal) -> bool:
    unit = session.get(Unit, unit_id)
    return unit is None or qty == qty.quantize(Decimal(1).scaleb(-unit.decimals))


def wanted_lines(session: Session, origins: list, remaining: dict[int, Decimal], requested: list[dict] | None,
                 *, document: str, nothing_left: str = N_("Nothing remains to be taken from %(document)s.")
                 ) -> list[Wanted]:
    """What to make from ``origins`` (upstream lines) given what remains of each (base unit).

    ``requested`` None or empty: everything that remains. Otherwise each item names an
    ``origin_line_id`` and a ``qty`` in ``unit_id`` (default: the origin line's unit).
    Raises ``ValidationFailed`` per line (unknown line, unit, decimals, more than
    remains — naming what remains) and ``Conflict`` when nothing would be made.
    """
    by_id = {line.id: line for line in origins}
    out: list[Wanted] = []
    if not requested:
        for line in origins:
            left = remaining.get(line.id, Decimal(0))
            if left > 0:
                unit_id, qty = natural_unit(line, left)
                out.append(Wanted(line, unit_id, qty, left))
    else:
        errors = LineErrors()
        taken: dict[int, Decimal] = {}
        for index, item in enumerate(requested):
            origin = by_id.get(item.get("origin_line_id"))
            if origin is None:
                errors.add(index, "origin_line_id", N_("Not a line of this document."))
                errors.first(N_("Line %(index)s is not a line of %(document)s."), index=index + 1, document=document)
                continue
            unit_id = item.get("unit_id") or origin.unit_id
            factor = origin.product.factor(unit_id)
            qty = item.get("qty")
            if factor is None:
                errors.add(index, "unit_id", N_("This unit does not convert to the product's base unit."))
                continue
            if qty is None or qty <= 0:
                errors.add(index, "qty", N_("Must be greater than 0."))
                continue
            if not _unit_decimals_ok(session, unit_id, qty) or round_qty(qty * factor) != qty * factor:
                errors.add(index, "qty", N_("Too many decimals for this unit."))
                continue
            qty_base = qty * factor
            left = remaining.get(origin.id, Decimal(0)) - taken.get(origin.id, Decimal(0))
            if qty_base > left:
                left = max(left, Decimal(0))
                shown = in_unit(origin.product, unit_id, left)
                unit = session.get(Unit, unit_id) if shown is not None else origin.product.base_unit
                errors.add(index, "qty", N_("More than remains."))
                errors.first(N_("%(product)s: only %(remaining)s %(unit)s remain on line %(line)s of %(document)s."),
                             product=str(origin.product), remaining=_plain(shown if shown is not None else left),
                             unit=unit.name, line=origin.line_no, document=document)
                continue
            taken[origin.id] = taken.get(origin.id, Decimal(0)) + qty_base
            out.append(Wanted(origin, unit_id, qty, qty_base))
        errors.raise_if_any()
    if not out:
        raise Conflict(nothing_left, code="nothing_remains", document=document)
    return out


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
