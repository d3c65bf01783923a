"""Purchase-sales-inventory report (进销存汇总表): per product (and warehouse) over a
period, the opening, in, out and closing quantity and value — computed from the ledger
with aggregate queries.

The closing of the period is the current total (the cost row, kept equal to Σ moves)
less what was posted after the period; the opening is the closing less the period's
in plus its out. One grouped query reads only the moves dated from the period's first
day on, so a recent period costs what its own moves cost, not the whole history.
``in − out`` is exactly the period's Σ moves (see :mod:`inventory.reports.flows`), so
``opening + in − out = closing`` to the unit and the fen, and a period's opening is
the previous period's closing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.errors import N_, ValidationFailed
from erp.products.models import Product
from erp.products.rows import ProductColumns
from erp.warehouses.models import Warehouse
from inventory.reports.balances import product_filter, warehouse_scope
from inventory.reports.export import Column, ReportTable
from inventory.reports.flows import Flow, flow_of_move
from inventory.stock.models import StockCost, StockMove

Q0 = Decimal("0.0000")
M0 = Decimal("0.00")
FIGURES = ("opening", "in", "purchase_in", "out", "sales_out", "closing")


@dataclass
class PsiRow(ProductColumns):
    product: Product
    warehouse: Warehouse | None = None
    qty: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(FIGURES, Q0))
    value: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(FIGURES, M0))

    def __getattr__(self, name):
        # opening_qty, in_value … for tables and templates
        if name in ("qty", "value") or name.startswith("__"):
            raise AttributeError(name)
        if name.endswith("_qty") and name[:-4] in FIGURES:
            return self.qty[name[:-4]]
        if name.endswith("_value") and name[:-6] in FIGURES:
            return self.value[name[:-6]]
        raise AttributeError(name)

    @property
    def warehouse_name(self) -> str | None:
        return str(self.warehouse) if self.warehouse else None

    def add(self, other: PsiRow) -> None:
        for key in FIGURES:
            self.qty[key] += other.qty[key]
            self.value[key] += other.value[key]

    @property
    def empty(self) -> bool:
        return not any(self.qty.values()) and not any(self.value.values())


def _flows(session: Session, date_from: dt.date, date_to: dt.date, warehouses, filters: dict) -> dict:
    """Σ qty and value per (product, warehouse) and :class:`Flow` of the moves dated from
    ``date_from`` on: ``{(product, warehouse): {flow: (qty, value)}}``."""
    # Grouped by ``id + 0``: on the bare columns SQLite walks the (product, warehouse) index
    # and fetches every move at random — several times slower than reading the period by date.
    # Grouped by the output names, so that the CASE is computed once per move.
    keys = ("psi_product", "psi_warehouse", "psi_flow")
    stmt = (select((StockMove.product_id + 0).label(keys[0]), (StockMove.warehouse_id + 0).label(keys[1]),
                   flow_of_move(date_to).label(keys[2]), func.sum(StockMove.qty), func.sum(StockMove.value))
            .where(StockMove.posting_date >= date_from)
            .group_by(*(text(key) for key in keys)))
    if warehouses is not None:
        stmt = stmt.where(StockMove.warehouse_id.in_(warehouses))
    if any(filters.values()):
        stmt = product_filter(session, stmt.join(Product, Product.id == StockMove.product_id), **filters)
    out: dict[tuple[int, int], dict[Flow, tuple[Decimal, Decimal]]] = {}
    for product_id, warehouse_id, kind, qty, value in session.execute(stmt):
        out.setdefault((product_id, warehouse_id), {})[Flow(kind)] = (qty, value)
    return out


def _total(sums: dict, *flows: Flow, sign: int = 1) -> tuple[Decimal, Decimal]:
    return (sign * sum((sums[f][0] for f in flows if f in sums), Q0),
            sign * sum((sums[f][1] for f in flows if f in sums), M0))


def purchase_sales_inventory(session: Session, actor: User | None, *, date_from: dt.date, date_to: dt.date,
                             warehouse_id: int | None = None, by_warehouse: bool = False,
                             category_id: int | None = None, q: str | None = None) -> list[PsiRow]:
    """Rows per product (per product and warehouse with ``by_warehouse``) that had stock or
    moves in the period, by SKU. Quantities in the base unit; values at cost. In and out
    are net of reversals and returns (see :mod:`inventory.reports.flows`). Raises
    ``ValidationFailed`` when the period ends before it starts, ``Forbidden`` for a
    warehouse the actor may not see."""
    if date_to < date_from:
        raise ValidationFailed(N_("The period ends before it starts."),
                               fields={"date_to": [N_("Must not be before the first day.")]})
    warehouses = warehouse_scope(actor, warehouse_id)
    filters = {"category_id": category_id, "q": q}
    flows = _flows(session, date_from, date_to, warehouses, filters)
    cost_stmt = select(StockCost.product_id, StockCost.warehouse_id, StockCost.qty, StockCost.value)
    if warehouses is not None:
        cost_stmt = cost_stmt.where(StockCost.warehouse_id.in_(warehouses))
    if any(filters.values()):
        cost_stmt = product_filter(session, cost_stmt.join(Product, Product.id == StockCost.product_id), **filters)
    totals = {(p, w): (qty, value) for p, w, qty, value in session.execute(cost_stmt)}
    keys = set(totals) | set(flows)
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_({p for p, _ in keys})))} \
        if keys else {}
    rows: dict[tuple, PsiRow] = {}
    for product_id, warehouse_id_ in keys:
        now_qty, now_value = totals.get((product_id, warehouse_id_), (Q0, M0))
        sums = flows.get((product_id, warehouse_id_), {})
        row = PsiRow(products[product_id])
        row.qty["purchase_in"], row.value["purchase_in"] = _total(sums, Flow.PURCHASE_IN)
        row.qty["in"], row.value["in"] = _total(sums, Flow.PURCHASE_IN, Flow.OTHER_IN)
        row.qty["sales_out"], row.value["sales_out"] = _total(sums, Flow.SALES_OUT, sign=-1)
        row.qty["out"], row.value["out"] = _total(sums, Flow.SALES_OUT, Flow.OTHER_OUT, sign=-1)
        after_qty, after_value = _total(sums, Flow.AFTER)
        now_qty, now_value = now_qty - after_qty, now_value - after_value
        row.qty["closing"], row.value["closing"] = now_qty, now_value
        row.qty["opening"] = now_qty - row.qty["in"] + row.qty["out"]
        row.value["opening"] = now_value - row.value["in"] + row.value["out"]
        if row.empty:
            continue
        key = (product_id, warehouse_id_) if by_warehouse else (product_id,)
        if key in rows:
            rows[key].add(row)
        else:
            row.warehouse = session.get(Warehouse, warehouse_id_) if by_warehouse else None
            rows[key] = row
    return sorted(rows.values(), key=lambda r: (r.product.sku, r.warehouse.code if r.warehouse else ""))


def psi_totals(rows: list[PsiRow]) -> dict[str, Decimal]:
    """The value columns summed (quantities of different products do not add up)."""
    return {f"{key}_value": sum((r.value[key] for r in rows), M0) for key in FIGURES}


def psi_columns(by_warehouse: bool) -> list[Column]:
    columns = [Column("warehouse_name", N_("Warehouse"))] if by_warehouse else []
    columns += [Column("sku", N_("SKU")), Column("product_name", N_("Product")), Column("unit", N_("Unit"))]
    labels = {"opening": N_("Opening"), "in": N_("In"), "purchase_in": N_("of which purchases"),
              "out": N_("Out"), "sales_out": N_("of which sales"), "closing": N_("Closing")}
    value_labels = {"opening": N_("Opening value"), "in": N_("In value"),
                    "purchase_in": N_("Purchases value"), "out": N_("Out value"),
                    "sales_out": N_("Sales value (at cost)"), "closing": N_("Closing value")}
    for key in FIGURES:
        columns += [Column(f"{key}_qty", labels[key], "qty"), Column(f"{key}_value", value_labels[key], "money",
                                                                      cost=True)]
    return columns


def psi_table(rows: list[PsiRow], by_warehouse: bool, date_from: dt.date, date_to: dt.date) -> ReportTable:
    return ReportTable(f"purchase-sales-inventory-{date_from:%Y%m%d}-{date_to:%Y%m%d}",
                       N_("Purchase-sales-inventory"), psi_columns(by_warehouse), rows, psi_totals(rows))
