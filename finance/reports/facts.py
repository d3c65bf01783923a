"""What "a sale" is — in one place, so that every report agrees with every other to the fen.

A sale is

* every line of an **approved sales invoice** (销售发票), counted on the invoice's date:
  its quantity (base unit), net and gross amount, and its cost of goods sold — the
  ``cost_value`` of the outbound line (销售出库单) it invoices, i.e. the value of the stock
  moves that issued the goods. A line invoicing only part of an outbound line carries that
  part's share of the cost: cost × invoiced qty / shipped qty, rounded half-up to the fen;
* **minus** every line of an **approved credit note** (红字发票), counted on the credit
  note's own date: always its net and gross amount; its quantity and cost only when it
  credits returned goods (a line made from a sales return), the cost being the value the
  goods came back in at (the return line's ``cost_value``, shared the same way). An
  allowance (折让) lowers the amount, not the quantity or the cost: the goods stay sold.

Drafts, documents waiting for approval and cancelled ones never count. Returns count only
through their credit notes (goods returned before invoicing were simply never invoiced).
Gross margin = net amount − cost, both without VAT; margin % = margin / net amount.
The warehouse of a sale is the one its goods left from (for a credit note line: that of
the invoice line it credits); its salesperson and categories are the customer's and the
product's current ones.

Everything is summed in SQL over stored Money/Qty columns, one scan per kind of line;
nothing scaled is multiplied in SQL (the cost share of a partial line and the margin are
computed in Python from the sums).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, literal, null, select
from sqlalchemy.orm import Session, aliased

from erp.customers.models import Customer
from erp.customers.services import CUSTOMER_CATEGORIES
from erp.documents.base import DocState
from erp.masterdata.categories import subtree_condition
from erp.money import round_fen
from erp.products.models import Product
from erp.products.services import PRODUCT_CATEGORIES
from erp.sales.credit_notes.models import CreditNote, CreditNoteLine
from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
from erp.sales.returns.models import SalesReturnLine
from inventory.outbounds.models import Outbound, OutboundLine

ZERO = Decimal("0.00")
ZERO_QTY = Decimal("0.0000")
HUNDRED = Decimal(100)

#: What a sales report can be grouped by (several at once: ``("salesperson", "month")``).
DIMENSIONS = ("month", "customer", "customer_category", "product", "product_category", "salesperson", "warehouse")

#: ``part`` of a grouped row: whole lines summed together, or one partial line by its id.
WHOLE = 0
#: ``part`` of a credit note row that credits no returned goods (an allowance).
NO_GOODS = -1


@dataclass
class Figures:
    """Quantity (base unit), amounts and cost of some sales; margin computed from them."""

    qty: Decimal = ZERO_QTY
    amount_net: Decimal = ZERO
    amount_gross: Decimal = ZERO
    cost: Decimal = ZERO

    @property
    def amount_tax(self) -> Decimal:
        return self.amount_gross - self.amount_net

    @property
    def margin(self) -> Decimal:
        return self.amount_net - self.cost

    @property
    def margin_pct(self) -> Decimal | None:
        """Margin as a percentage of the net amount (two decimals), None without sales."""
        return percent(self.margin, self.amount_net)

    def add(self, other: Figures, sign: int = 1) -> None:
        self.qty += sign * other.qty
        self.amount_net += sign * other.amount_net
        self.amount_gross += sign * other.amount_gross
        self.cost += sign * other.cost


def percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """``part / whole`` in percent, half-up to two decimals; None when ``whole`` is zero."""
    if not whole:
        return None
    return round_fen(part * HUNDRED / whole)


def growth(actual: Decimal, base: Decimal) -> Decimal | None:
    """Growth of ``actual`` over ``base`` in percent; None unless ``base`` is positive (a
    percentage of nothing, or of a month where credit notes outweighed sales, means nothing)."""
    return percent(actual - base, base) if base > 0 else None


def total_of(items) -> Figures:
    total = Figures()
    for item in items:
        total.add(item)
    return total


@dataclass(frozen=True)
class SalesScope:
    """Which sales a report covers: a period (by document date) and optional filters. A
    category filter takes the category and everything below it. ``warehouse_ids``: the
    warehouses the user may see (None: all)."""

    date_from: dt.date
    date_to: dt.date
    warehouse_id: int | None = None
    customer_id: int | None = None
    customer_category_id: int | None = None
    product_category_id: int | None = None
    salesperson_id: int | None = None
    warehouse_ids: frozenset[int] | None = None


def month_key(year: int, month: int) -> int:
    return year * 100 + month


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """(year, month) ``by`` months later (earlier when negative)."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


class _Lines:
    """The select of one kind of counted line (invoice or credit note lines), joined to what
    the dimensions and filters of a report need."""

    def __init__(self, session: Session, scope: SalesScope, by: tuple[str, ...], header, line, join_outbound_to):
        self.session, self.scope, self.by = session, scope, by
        #: ``stmt -> stmt`` joining ``Outbound`` (the warehouse the goods left from).
        self.header, self.line, self.join_outbound_to = header, line, join_outbound_to
        self.join_customer = bool({"customer_category", "salesperson"} & set(by) or scope.customer_category_id
                                  or scope.salesperson_id)
        self.join_product = "product_category" in by or bool(scope.product_category_id)
        self.join_outbound = "warehouse" in by or bool(scope.warehouse_id) or scope.warehouse_ids is not None

    def keys(self) -> list:
        columns = {
            # Grouped by day in SQL (a date function on every row costs more than folding
            # a few hundred days into months in Python).
            "month": lambda: self.header.doc_date,
            "customer": lambda: self.header.customer_id,
            "customer_category": lambda: Customer.category_id,
            "product": lambda: self.line.product_id,
            "product_category": lambda: Product.category_id,
            "salesperson": lambda: Customer.salesperson_id,
            "warehouse": lambda: Outbound.warehouse_id,
        }
        return [columns[name]().label(f"k{i}") for i, name in enumerate(self.by)]

    def joined(self, stmt):
        """``stmt`` (selecting from the line and its header) with the joins and filters."""
        scope, header = self.scope, self.header
        if self.join_customer:
            stmt = stmt.join(Customer, Customer.id == header.customer_id)
        if self.join_product:
            stmt = stmt.join(Product, Product.id == self.line.product_id)
        if self.join_outbound:
            stmt = self.join_outbound_to(stmt)
        stmt = stmt.where(header.state == DocState.APPROVED, header.doc_date >= scope.date_from,
                          header.doc_date <= scope.date_to)
        if scope.customer_id:
            stmt = stmt.where(header.customer_id == scope.customer_id)
        if scope.customer_category_id:
            stmt = stmt.where(subtree_condition(self.session, CUSTOMER_CATEGORIES, scope.customer_category_id,
                                                Customer.category_id))
        if scope.salesperson_id:
            stmt = stmt.where(Customer.salesperson_id == scope.salesperson_id)
        if scope.product_category_id:
            stmt = stmt.where(subtree_condition(self.session, PRODUCT_CATEGORIES, scope.product_category_id,
                                                Product.category_id))
        if scope.warehouse_id:
            stmt = stmt.where(Outbound.warehouse_id == scope.warehouse_id)
        if scope.warehouse_ids is not None:
            stmt = stmt.where(Outbound.warehouse_id.in_(scope.warehouse_ids or [-1]))
        return stmt


def _key(row, by: tuple[str, ...]) -> tuple:
    """The group of a row: a month as ``year * 100 + month``, ids as they are."""
    return tuple(month_key(row[i].year, row[i].month) if name == "month" else row[i] for i, name in enumerate(by))


def _share(cost: Decimal | None, part: Decimal, whole: Decimal) -> Decimal:
    """The cost of ``part`` of a line whose ``whole`` quantity cost ``cost``."""
    if not cost or not whole:
        return ZERO
    return round_fen(cost * part / whole)


def invoiced(session: Session, scope: SalesScope, by: tuple[str, ...]) -> dict[tuple, Figures]:
    """Approved invoice lines of the scope, grouped ``by``, with their cost of goods sold."""
    il, ol = SalesInvoiceLine, OutboundLine
    lines = _Lines(session, scope, by, SalesInvoice, il,
                   lambda stmt: stmt.join(Outbound, Outbound.id == il.outbound_id))
    keys = lines.keys()
    part = case((il.qty_base == ol.qty_base, literal(WHOLE)), else_=il.id).label("part")
    stmt = (select(*keys, part, func.sum(il.qty_base), func.sum(il.amount_net), func.sum(il.amount_gross),
                   func.sum(ol.cost_value), func.sum(ol.qty_base))
            .select_from(il).join(SalesInvoice, SalesInvoice.id == il.document_id)
            .join(ol, ol.id == il.origin_line_id))
    stmt = lines.joined(stmt).group_by(*keys, part)
    out: dict[tuple, Figures] = defaultdict(Figures)
    n = len(keys)
    for row in session.execute(stmt):
        qty, net, gross, cost, shipped = row[n + 1:]
        cost = (cost or ZERO) if row[n] == WHOLE else _share(cost, qty, shipped)
        out[_key(row, by)].add(Figures(qty, net, gross, cost))
    return out


def credited(session: Session, scope: SalesScope, by: tuple[str, ...]) -> dict[tuple, Figures]:
    """Approved credit note lines of the scope, grouped ``by``: amounts always, quantity and
    cost for returned goods only."""
    cl, rl = CreditNoteLine, SalesReturnLine
    origin = aliased(SalesInvoiceLine)

    def outbound(stmt):
        return (stmt.join(origin, origin.id == cl.origin_line_id)
                .join(Outbound, Outbound.id == origin.outbound_id))

    lines = _Lines(session, scope, by, CreditNote, cl, outbound)
    keys = lines.keys()
    part = case((rl.id.is_(null()), literal(NO_GOODS)), (cl.qty_base == rl.qty_base, literal(WHOLE)),
                else_=cl.id).label("part")
    stmt = (select(*keys, part, func.sum(cl.qty_base), func.sum(cl.amount_net), func.sum(cl.amount_gross),
                   func.sum(rl.cost_value), func.sum(rl.qty_base))
            .select_from(cl).join(CreditNote, CreditNote.id == cl.document_id)
            .outerjoin(rl, rl.id == cl.return_line_id))
    stmt = lines.joined(stmt).group_by(*keys, part)
    out: dict[tuple, Figures] = defaultdict(Figures)
    n = len(keys)
    for row in session.execute(stmt):
        kind = row[n]
        qty, net, gross, cost, returned = row[n + 1:]
        if kind == NO_GOODS:
            figures = Figures(ZERO_QTY, net, gross, ZERO)
        else:
            figures = Figures(qty, net, gross, (cost or ZERO) if kind == WHOLE else _share(cost, qty, returned))
        out[_key(row, by)].add(figures)
    return out


def sales_figures(session: Session, scope: SalesScope, by: tuple[str, ...]) -> dict[tuple, Figures]:
    """Sales (invoiced − credited) of the scope, grouped ``by`` some of :data:`DIMENSIONS`:
    ``{(key, …): Figures}``. A month key is ``year * 100 + month``; a missing salesperson,
    category … is None. Groups whose every figure is zero are left out."""
    unknown = set(by) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown sales dimensions {sorted(unknown)}")
    out: dict[tuple, Figures] = defaultdict(Figures)
    for key, figures in invoiced(session, scope, by).items():
        out[key].add(figures)
    for key, figures in credited(session, scope, by).items():
        out[key].add(figures, -1)
    return {key: f for key, f in out.items() if f != Figures()}
