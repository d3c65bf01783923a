"""Stock ledger of one product (存货明细账): its moves in posting order with the running
balance, between an opening and a closing that the other reports agree with.

The opening is Σ of the moves dated before the period; a page of the period starts from
the opening plus Σ of the moves on the pages before it (one aggregate over the ordered
moves), so any page shows the right running balance without reading the ones before.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.documents.base import DOCUMENT_TYPES
from erp.errors import N_, NotFound
from erp.products.models import Product
from inventory.reports.balances import warehouse_scope
from inventory.reports.export import Column, ReportTable
from inventory.reports.flows import ZERO_MONEY, ZERO_QTY, inbound_condition, is_inbound
from inventory.stock.models import StockMove

Q0 = Decimal("0.0000")
M0 = Decimal("0.00")


@dataclass
class LedgerLine:
    move: StockMove
    balance_qty: Decimal
    balance_value: Decimal

    @property
    def inbound(self) -> bool:
        return is_inbound(self.move)

    @property
    def document(self) -> str:
        cls = DOCUMENT_TYPES.get(self.move.source_type)
        label = cls.type_label() if cls else self.move.source_type
        return f"{label} {self.move.source_number or '#' + str(self.move.source_id)}"

    def as_row(self) -> dict:
        move, inbound = self.move, self.inbound
        return {"posting_date": move.posting_date, "document": self.document,
                "warehouse": str(move.warehouse), "batch_no": move.batch.batch_no if move.batch else None,
                "in_qty": move.qty if inbound else None, "out_qty": None if inbound else -move.qty,
                "unit_cost": move.unit_cost, "in_value": move.value if inbound else None,
                "out_value": None if inbound else -move.value, "balance_qty": self.balance_qty,
                "balance_value": self.balance_value}


@dataclass
class ProductLedger:
    product: Product
    date_from: dt.date | None
    date_to: dt.date | None
    opening_qty: Decimal = Q0
    opening_value: Decimal = M0
    in_qty: Decimal = Q0
    in_value: Decimal = M0
    out_qty: Decimal = Q0
    out_value: Decimal = M0
    lines: list[LedgerLine] = field(default_factory=list)
    #: Moves in the period (all pages).
    total: int = 0

    @property
    def closing_qty(self) -> Decimal:
        return self.opening_qty + self.in_qty - self.out_qty

    @property
    def closing_value(self) -> Decimal:
        return self.opening_value + self.in_value - self.out_value


def _sums(session: Session, stmt) -> tuple[Decimal, Decimal]:
    sub = stmt.subquery()
    qty, value = session.execute(select(func.coalesce(func.sum(sub.c.qty), ZERO_QTY),
                                        func.coalesce(func.sum(sub.c.value), ZERO_MONEY))).one()
    return qty, value


def product_ledger(session: Session, actor: User | None, product_id: int, *, warehouse_id: int | None = None,
                   date_from: dt.date | None = None, date_to: dt.date | None = None, page: int = 1,
                   per_page: int | None = None) -> ProductLedger:
    """The product's moves (in the warehouses the actor sees, or one) dated in the period,
    ordered by posting date and id, one page (``per_page`` None: all) with the running
    balance. Raises ``NotFound`` for an unknown product, ``Forbidden`` for a warehouse."""
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(N_("Product not found."))
    base = [StockMove.product_id == product_id]
    warehouses = warehouse_scope(actor, warehouse_id)
    if warehouses is not None:
        base.append(StockMove.warehouse_id.in_(warehouses))
    period = list(base)
    ledger = ProductLedger(product, date_from, date_to)
    if date_from:
        period.append(StockMove.posting_date >= date_from)
        ledger.opening_qty, ledger.opening_value = _sums(
            session, select(StockMove.qty, StockMove.value).where(*base, StockMove.posting_date < date_from))
    if date_to:
        period.append(StockMove.posting_date <= date_to)
    inbound = inbound_condition()
    in_qty, in_value, out_qty, out_value, total = session.execute(select(
        func.coalesce(func.sum(_when(inbound, StockMove.qty, ZERO_QTY)), ZERO_QTY),
        func.coalesce(func.sum(_when(inbound, StockMove.value, ZERO_MONEY)), ZERO_MONEY),
        func.coalesce(func.sum(_when(~inbound, StockMove.qty, ZERO_QTY)), ZERO_QTY),
        func.coalesce(func.sum(_when(~inbound, StockMove.value, ZERO_MONEY)), ZERO_MONEY),
        func.count(StockMove.id)).where(*period)).one()
    ledger.in_qty, ledger.in_value, ledger.out_qty, ledger.out_value = in_qty, in_value, -out_qty, -out_value
    ledger.total = total
    ordered = select(StockMove).where(*period).order_by(StockMove.posting_date, StockMove.id)
    offset = 0
    if per_page:
        offset = (page - 1) * per_page
        ordered = ordered.limit(per_page).offset(offset)
    qty, value = ledger.opening_qty, ledger.opening_value
    if offset:
        before_qty, before_value = _sums(session, select(StockMove.qty, StockMove.value).where(*period)
                                         .order_by(StockMove.posting_date, StockMove.id).limit(offset))
        qty, value = qty + before_qty, value + before_value
    for move in session.scalars(ordered):
        qty, value = qty + move.qty, value + move.value
        ledger.lines.append(LedgerLine(move, qty, value))
    return ledger


def _when(condition, column, zero):
    return case((condition, column), else_=zero)


COLUMNS = [
    Column("posting_date", N_("Date"), "date"), Column("document", N_("Document")),
    Column("warehouse", N_("Warehouse")), Column("batch_no", N_("Batch")),
    Column("in_qty", N_("In"), "qty"), Column("out_qty", N_("Out"), "qty"), Column("balance_qty", N_("Balance qty"), "qty"),
    Column("unit_cost", N_("Unit cost"), "price", cost=True), Column("in_value", N_("In value"), "money", cost=True),
    Column("out_value", N_("Out value"), "money", cost=True),
    Column("balance_value", N_("Balance value"), "money", cost=True),
]


def ledger_table(ledger: ProductLedger) -> ReportTable:
    """Opening row, the moves, totals (in, out) and the closing as the last balance."""
    opening = {"document": gettext(N_("Brought forward")), "balance_qty": ledger.opening_qty,
               "balance_value": ledger.opening_value}
    rows = [opening] + [line.as_row() for line in ledger.lines]
    totals = {"in_qty": ledger.in_qty, "out_qty": ledger.out_qty, "balance_qty": ledger.closing_qty,
              "in_value": ledger.in_value, "out_value": ledger.out_value, "balance_value": ledger.closing_value}
    return ReportTable(f"stock-ledger-{ledger.product.sku}", N_("Stock ledger"), COLUMNS, rows, totals)
