"""Column types that keep money and quantities exact on every backend.

PostgreSQL stores them as ``NUMERIC(p, s)``. SQLite has no decimal type: its
``NUMERIC`` affinity goes through doubles and ``SUM`` adds doubles, so there we
store a scaled integer (fen for money, 1/10000 for quantities). Either way the
Python value is a ``Decimal``, ``SUM`` in SQL is exact, and a value with more
decimals than the column holds is refused instead of silently rounded
(rounding belongs to :mod:`erp.money`, half-up, in one place).

Arithmetic in SQL: ``+`` and ``-`` between columns of the same scale keep the
type (so ``on_hand - reserved >= :qty`` binds ``qty`` correctly on SQLite);
``*`` and ``/`` are refused because a product of scaled integers is wrong on
SQLite. Store the product (e.g. a move's value) as its own column instead.
"""
from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Numeric, String, types
from sqlalchemy.sql import operators


class ScaledDecimal(types.TypeDecorator):
    impl = Numeric
    cache_ok = True

    def __init__(self, scale: int, precision: int = 18):
        super().__init__()
        self.scale = scale
        self.precision = precision
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def coerce_compared_value(self, op, value):
        return self

    def _exact(self, value: Any) -> Decimal:
        if isinstance(value, float):
            raise TypeError(f"float {value!r} given for an exact decimal column; use Decimal")
        if isinstance(value, bool):
            raise TypeError("bool given for a decimal column")
        d = value if isinstance(value, Decimal) else Decimal(value)
        q = d.quantize(self._quantum)
        if q != d:
            raise ValueError(f"{d} has more than {self.scale} decimals; round it first")
        return q

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        q = self._exact(value)
        if dialect.name == "sqlite":
            return int(q.scaleb(self.scale))
        return q

    def process_literal_param(self, value, dialect):
        return str(self.process_bind_param(value, dialect))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            if isinstance(value, float):  # only if someone bypassed the type (e.g. AVG)
                raise TypeError("float read from a scaled decimal column")
            return Decimal(int(value)).scaleb(-self.scale)
        return Decimal(value).quantize(self._quantum)

    @property
    def python_type(self):
        return Decimal

    class comparator_factory(types.TypeDecorator.Comparator, Numeric.Comparator):  # noqa: N801
        def _adapt_expression(self, op, other_comparator):
            other = other_comparator.type
            if op in (operators.add, operators.sub):
                if isinstance(other, ScaledDecimal) and other.scale != self.type.scale:
                    raise TypeError("adding decimal columns of different scales in SQL")
                return op, self.type
            if op in (operators.mul, operators.truediv, operators.floordiv, operators.mod):
                raise TypeError(
                    "multiplying or dividing scaled decimal columns in SQL is not exact on "
                    "SQLite; compute in Python or store the result as a column"
                )
            return super()._adapt_expression(op, other_comparator)

    def __repr__(self) -> str:
        return f"ScaledDecimal(scale={self.scale}, precision={self.precision})"


def Money() -> ScaledDecimal:  # noqa: N802 - reads like a type in models
    """Amounts in yuan, exact to the fen."""
    return ScaledDecimal(2)


def Qty() -> ScaledDecimal:  # noqa: N802
    """Quantities in a product's base unit (4 decimals for kg, m, …)."""
    return ScaledDecimal(4)


def Price() -> ScaledDecimal:  # noqa: N802
    """Unit prices and unit costs (6 decimals, as U8 keeps them)."""
    return ScaledDecimal(6)


def Rate() -> ScaledDecimal:  # noqa: N802
    """Rates such as VAT 0.13 or a discount 0.05."""
    return ScaledDecimal(4, precision=9)


class JSONDocument(types.TypeDecorator):
    """JSON on SQLite, JSONB on PostgreSQL."""

    impl = types.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(types.JSON())


class EnumString(types.TypeDecorator):
    """A str-valued enum stored as VARCHAR with a CHECK constraint naming the values.

    SQLAlchemy's own ``Enum`` makes no CHECK by default; this one always does, so the
    database refuses a state the code does not know.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum_cls: type[enum.Enum], length: int = 32):
        super().__init__(length)
        self.enum_cls = enum_cls

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return self.enum_cls(value).value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return self.enum_cls(value)

    def check_constraint(self, column_name: str) -> CheckConstraint:
        values = ", ".join(f"'{member.value}'" for member in self.enum_cls)
        return CheckConstraint(f"{column_name} IN ({values})", name=f"{column_name}_enum")

    @property
    def python_type(self):
        return self.enum_cls
