"""Sales reports (销售分析): sales by month, customer, customer category, product, product
category, salesperson or warehouse over a period, with quantity, amounts, cost and gross
margin. What counts as a sale is defined once, in :mod:`finance.reports.facts`, so that
the total of every report is the same to the fen.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require, visible_warehouse_ids
from erp.customers.models import Customer, CustomerCategory
from erp.errors import N_, ValidationFailed
from erp.products.models import Product, ProductCategory, Unit
from erp.warehouses.models import Warehouse
from finance.reports.facts import Figures, SalesScope, month_key, sales_figures, total_of
from finance.reports.permissions import SALES_REPORT_VIEW
from finance.reports.tables import Column, Table

#: Report name (API ``by``) → the dimension of :mod:`finance.reports.facts`.
REPORTS = {
    "month": "month",
    "customer": "customer",
    "customer-category": "customer_category",
    "product": "product",
    "product-category": "product_category",
    "salesperson": "salesperson",
    "warehouse": "warehouse",
}
TITLES = {
    "month": N_("Sales by month"),
    "customer": N_("Sales by customer"),
    "customer-category": N_("Sales by customer category"),
    "product": N_("Sales by product"),
    "product-category": N_("Sales by product category"),
    "salesperson": N_("Sales by salesperson"),
    "warehouse": N_("Sales by warehouse"),
}
#: The label of the group of sales without a category, salesperson …
NONE_LABELS = {
    "customer_category": N_("No category"),
    "product_category": N_("No category"),
    "salesperson": N_("No salesperson"),
}
MAX_MONTHS = 120
NAME_CHUNK = 10000


@dataclass
class SalesRow(Figures):
    """One group of a report: what it is (``id`` of the customer, product …, or the month
    ``period`` ``YYYY-MM``), its code and name, and its figures."""

    id: int | None = None
    period: str | None = None
    code: str = ""
    name: str = ""
    #: The product's base unit (product rows).
    unit: str | None = None
    #: The name is a message id to translate (a group without a category, salesperson …).
    name_is_label: bool = False

    @property
    def label(self) -> str:
        return gettext(self.name) if self.name_is_label else self.name


@dataclass
class SalesReport:
    by: str
    scope: SalesScope
    rows: list[SalesRow] = field(default_factory=list)
    #: Level categories are rolled up to (category reports), None: as assigned.
    category_level: int | None = None

    @property
    def total(self) -> Figures:
        return total_of(self.rows)

    @property
    def date_from(self) -> dt.date:
        return self.scope.date_from

    @property
    def date_to(self) -> dt.date:
        return self.scope.date_to


def months_between(date_from: dt.date, date_to: dt.date) -> list[tuple[int, int]]:
    """Every (year, month) from the month of ``date_from`` to that of ``date_to``."""
    out, year, month = [], date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def check_period(date_from: dt.date, date_to: dt.date) -> None:
    if date_from > date_to:
        raise ValidationFailed(N_("The period ends before it starts."),
                               fields={"date_to": [N_("On or after the start of the period.")]})
    if len(months_between(date_from, date_to)) > MAX_MONTHS:
        raise ValidationFailed(N_("A report covers at most %(months)s months."), months=MAX_MONTHS,
                               fields={"date_from": [N_("The period is too long.")]})


def sales_scope(actor: User, data: dict) -> SalesScope:
    """The scope of a report from its filters, checked: a period in order, a warehouse the
    actor may see; the actor's visible warehouses always apply."""
    require(actor, SALES_REPORT_VIEW)
    today = clock.today()
    date_from = data.get("date_from") or today.replace(month=1, day=1)
    date_to = data.get("date_to") or today
    check_period(date_from, date_to)
    check_warehouse_access(actor, data.get("warehouse_id"))
    return SalesScope(date_from=date_from, date_to=date_to, warehouse_id=data.get("warehouse_id"),
                      customer_id=data.get("customer_id"), customer_category_id=data.get("customer_category_id"),
                      product_category_id=data.get("product_category_id"),
                      salesperson_id=data.get("salesperson_id"), warehouse_ids=visible_warehouse_ids(actor))


def sales_report(session: Session, actor: User, by: str, data: dict) -> SalesReport:
    """Sales of the period ``date_from``–``date_to`` (this year so far by default) grouped by
    ``by`` (a key of :data:`REPORTS`), filtered by ``warehouse_id``, ``customer_id``,
    ``customer_category_id``, ``product_category_id`` (with their sub-categories),
    ``salesperson_id``; category reports roll up to ``category_level`` if given. Month
    reports list every month of the period; the others are sorted by net amount, largest
    first. Raises ``Forbidden`` (no ``sales_report.view``, a warehouse not the actor's),
    ``ValidationFailed`` (a period ending before it starts or longer than 120 months),
    ``NotFound`` (an unknown category)."""
    scope = sales_scope(actor, data)
    dimension = REPORTS[by]
    figures = {key[0]: f for key, f in sales_figures(session, scope, (dimension,)).items()}
    level = data.get("category_level") if dimension.endswith("category") else None
    rows = labelled_rows(session, dimension, figures, scope, level)
    if dimension != "month":
        rows.sort(key=lambda r: (-r.amount_net, r.id is None, r.code))
    return SalesReport(by=by, scope=scope, rows=rows, category_level=level)


# --- naming the groups --------------------------------------------------------------------

def _row(figures: Figures | None, **labels) -> SalesRow:
    return SalesRow(**(figures or Figures()).__dict__, **labels)


def _months(session, figures, scope, level) -> list[SalesRow]:
    return [_row(figures.get(month_key(y, m)), period=f"{y:04d}-{m:02d}", code=f"{y:04d}-{m:02d}")
            for y, m in months_between(scope.date_from, scope.date_to)]


def _names(session, key, columns, ids, join: tuple = ()) -> dict:
    """``{id: row}`` of just the columns a label needs — no ORM objects, so that thousands
    of customers are named fast — looked up in chunks (SQLite limits bound parameters)."""
    ids = sorted(i for i in ids if i is not None)
    out = {}
    for start in range(0, len(ids), NAME_CHUNK):
        stmt = select(key, *columns).where(key.in_(ids[start:start + NAME_CHUNK]))
        if join:
            stmt = stmt.join(*join)
        out.update({row[0]: row for row in session.execute(stmt)})
    return out


def _customers(session, figures, scope, level) -> list[SalesRow]:
    names = _names(session, Customer.id, (Customer.code, Customer.name), figures)
    return [_row(f, id=i, code=names[i].code, name=names[i].name) for i, f in figures.items()]


def _products(session, figures, scope, level) -> list[SalesRow]:
    names = _names(session, Product.id, (Product.sku, Product.name, Unit.name.label("unit")), figures,
                   join=(Unit, Unit.id == Product.base_unit_id))
    return [_row(f, id=i, code=names[i].sku, name=names[i].name, unit=names[i].unit) for i, f in figures.items()]


def _warehouses(session, figures, scope, level) -> list[SalesRow]:
    names = _names(session, Warehouse.id, (Warehouse.code, Warehouse.name), figures)
    return [_row(f, id=i, code=names[i].code, name=names[i].name) for i, f in figures.items()]


def _salespeople(session, figures, scope, level) -> list[SalesRow]:
    names = _names(session, User.id, (User.username, User.display_name), figures)
    return [_row(f, id=i, code=names[i].username, name=names[i].display_name) if i is not None
            else _row(f, name=NONE_LABELS["salesperson"], name_is_label=True) for i, f in figures.items()]


def _rolled_up(session, model, figures: dict, level: int | None) -> dict:
    """Category figures moved up to their ancestor at ``level`` (None: as they are)."""
    if not level:
        return figures
    categories = {c.id: c for c in session.scalars(select(model))}
    out: dict = {}
    for cid, f in figures.items():
        category = categories.get(cid)
        while category is not None and category.level > level and category.parent_id is not None:
            category = categories[category.parent_id]
        key = category.id if category is not None else None
        out.setdefault(key, Figures()).add(f)
    return out


def _categories(model, dimension):
    def label(session, figures, scope, level) -> list[SalesRow]:
        figures = _rolled_up(session, model, figures, level)
        categories = _names(session, model.id, (model.code, model.name), figures)
        return [_row(f, id=i, code=categories[i].code, name=categories[i].name) if i is not None
                else _row(f, name=NONE_LABELS[dimension], name_is_label=True) for i, f in figures.items()]

    return label


def labelled_rows(session: Session, dimension: str, figures: dict, scope: SalesScope,
                  level: int | None = None) -> list[SalesRow]:
    """``{key: Figures}`` of one dimension as rows named by code and name (every month of
    the scope for months)."""
    return LABELLERS[dimension](session, figures, scope, level)


LABELLERS = {
    "month": _months,
    "customer": _customers,
    "customer_category": _categories(CustomerCategory, "customer_category"),
    "product": _products,
    "product_category": _categories(ProductCategory, "product_category"),
    "salesperson": _salespeople,
    "warehouse": _warehouses,
}


# --- the report as a table ------------------------------------------------------------------

FIGURE_COLUMNS = [
    Column("qty", N_("Quantity (base unit)"), "qty"),
    Column("amount_net", N_("Net amount"), "money"),
    Column("amount_tax", N_("Tax"), "money"),
    Column("amount_gross", N_("Gross amount"), "money"),
    Column("cost", N_("Cost of goods sold"), "money"),
    Column("margin", N_("Gross margin"), "money"),
    Column("margin_pct", N_("Margin %"), "percent"),
]
LABEL_COLUMNS = {
    "month": [Column("code", N_("Month"))],
    "customer": [Column("code", N_("Customer code")), Column("name", N_("Customer"))],
    "customer-category": [Column("code", N_("Category code")), Column("name", N_("Customer category"))],
    "product": [Column("code", N_("SKU")), Column("name", N_("Product")), Column("unit", N_("Base unit"))],
    "product-category": [Column("code", N_("Category code")), Column("name", N_("Product category"))],
    "salesperson": [Column("code", N_("User name")), Column("name", N_("Salesperson"))],
    "warehouse": [Column("code", N_("Warehouse code")), Column("name", N_("Warehouse"))],
}


def figure_cells(f: Figures) -> dict:
    return {"qty": f.qty, "amount_net": f.amount_net, "amount_tax": f.amount_tax, "amount_gross": f.amount_gross,
            "cost": f.cost, "margin": f.margin, "margin_pct": f.margin_pct}


def sales_table(report: SalesReport) -> Table:
    """The report as a table (labels translated: call it inside a request)."""
    rows = [{"id": r.id, "code": r.code, "name": r.label, "unit": r.unit, **figure_cells(r)} for r in report.rows]
    return Table(name=f"sales-by-{report.by}-{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}",
                 title=TITLES[report.by], columns=[*LABEL_COLUMNS[report.by], *FIGURE_COLUMNS], rows=rows,
                 totals=figure_cells(report.total))
