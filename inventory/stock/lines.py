"""What every stock document line shares: a product, a quantity in a unit, the same
quantity in the base unit, and the checks that turn input into such a line.

Line errors are collected per line index, as ``fields={"lines": {0: {"qty": [...]}}}``,
so that a form or an API client can show each message beside its field.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

from erp.db import Qty
from erp.errors import N_, ValidationFailed
from erp.money import round_qty
from erp.products.models import Product, Unit
from inventory.batches.models import Batch
from inventory.batches.services import batch_problem


class StockLineMixin:
    """Columns of a stock document line: ``qty`` in ``unit``, ``qty_base`` in the product's base unit."""

    qty: Mapped[Decimal] = mapped_column(Qty())
    qty_base: Mapped[Decimal] = mapped_column(Qty())

    @declared_attr
    def product_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("products.id"), index=True)

    @declared_attr
    def unit_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("units.id"))

    @declared_attr
    def product(cls) -> Mapped[Product]:
        return relationship(Product, lazy="joined")

    @declared_attr
    def unit(cls) -> Mapped[Unit]:
        return relationship(Unit, lazy="joined")


@dataclass
class LineInput:
    product: Product
    unit_id: int
    qty: Decimal
    qty_base: Decimal


class LineErrors:
    """Field messages per line index; :meth:`raise_if_any` raises one ``ValidationFailed``,
    whose message is the one given to :meth:`first` with its parameters (the first problem,
    named), else "Some lines are not valid." (field messages stay plain so that they can be
    translated)."""

    def __init__(self) -> None:
        self.by_index: dict[int, dict[str, list[str]]] = {}
        self.headline: tuple[str, dict] | None = None

    def add(self, index: int, field: str, message: str) -> None:
        self.by_index.setdefault(index, {}).setdefault(field, []).append(message)

    def first(self, message: str, **params) -> None:
        if self.headline is None:
            self.headline = (message, params)

    def __bool__(self) -> bool:
        return bool(self.by_index)

    def raise_if_any(self) -> None:
        if self.by_index:
            message, params = self.headline or (N_("Some lines are not valid."), {})
            raise ValidationFailed(message, fields={"lines": self.by_index}, **params)


def require_lines(lines: list | None) -> list:
    if not lines:
        raise ValidationFailed(N_("Add at least one line."), fields={"lines": [N_("Add at least one line.")]})
    return lines


def read_quantity(session: Session, index: int, data: dict, errors: LineErrors) -> LineInput | None:
    """Product, unit and quantity of one input line, converted to the base unit with
    ``Product.factor``. Adds field errors (unknown/inactive product, a unit that does not
    convert, a quantity ≤ 0 or with more decimals than its unit allows) and returns None
    when the line cannot be used."""
    product = session.get(Product, data.get("product_id")) if data.get("product_id") else None
    if product is None or not product.active:
        errors.add(index, "product_id", N_("Unknown or inactive product."))
        return None
    unit_id = data.get("unit_id") or product.base_unit_id
    factor = product.factor(unit_id)
    qty = data.get("qty")
    ok = True
    if factor is None:
        errors.add(index, "unit_id", N_("This unit does not convert to the product's base unit."))
        ok = False
    if qty is None or qty <= 0:
        errors.add(index, "qty", N_("Must be greater than 0."))
        return None
    unit = session.get(Unit, unit_id)
    if unit is not None and qty != qty.quantize(Decimal(1).scaleb(-unit.decimals)):
        errors.add(index, "qty", N_("Too many decimals for this unit."))
        ok = False
    if not ok:
        return None
    qty_base = qty * factor
    if qty_base != round_qty(qty_base):
        errors.add(index, "qty", N_("This quantity does not convert exactly to the base unit."))
        return None
    return LineInput(product, unit_id, qty, round_qty(qty_base))


def read_batch(session: Session, index: int, product: Product, batch_id: int | None, errors: LineErrors,
               *, required: bool = True) -> Batch | None:
    """The line's batch, checked against the product (tracked products need one of their
    own unless ``required`` is False; others take none)."""
    batch = session.get(Batch, batch_id) if batch_id else None
    if batch_id and batch is None:
        errors.add(index, "batch_id", N_("Unknown batch."))
        return None
    problem = batch_problem(product, batch)
    if problem and not (batch is None and not required):
        errors.add(index, "batch_id", problem)
    return batch


@dataclass
class LineBatch:
    """One line to store: a batch (None without batches) and the quantity in a unit and the base unit."""

    batch_id: int | None
    unit_id: int
    qty: Decimal
    qty_base: Decimal


def split_by_fefo(session: Session, parsed: LineInput, warehouse_id: int, on_date) -> list[LineBatch]:
    """A batch-tracked line entered without a batch becomes one line per batch, earliest
    expiry first (a single batch keeps the unit entered; several are in the base unit).
    Raises ``InsufficientStock`` naming the shortfall."""
    from inventory.stock.allocation import allocate_fefo

    allocation = allocate_fefo(session, product_id=parsed.product.id, warehouse_id=warehouse_id,
                               qty=parsed.qty_base, on_date=on_date)
    if len(allocation.picks) == 1:
        return [LineBatch(allocation.picks[0].batch_id, parsed.unit_id, parsed.qty, parsed.qty_base)]
    base = parsed.product.base_unit_id
    return [LineBatch(pick.batch_id, base, pick.qty, pick.qty) for pick in allocation.picks]


def line_batches(session: Session, index: int, item: dict, parsed: LineInput, warehouse_id: int | None, on_date,
                 errors: LineErrors, *, fefo: bool) -> list[LineBatch]:
    """The batch(es) of an input line for an issuing document. A batch given must belong
    to the product (any status: expired or blocked goods may leave by these documents);
    a tracked product without one is split FEFO when ``fefo``, else refused."""
    batch = read_batch(session, index, parsed.product, item.get("batch_id"), errors, required=not fefo)
    if index in errors.by_index:
        return []
    if parsed.product.batch_tracked and batch is None and warehouse_id:
        return split_by_fefo(session, parsed, warehouse_id, on_date)
    return [LineBatch(batch.id if batch else None, parsed.unit_id, parsed.qty, parsed.qty_base)]
