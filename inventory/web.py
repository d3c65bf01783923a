"""What the warehouse pages share: the blueprint (with the inventory scripts and styles),
choices for forms, quantities shown in cases and pieces, and reading a page's query."""
from __future__ import annotations

from decimal import Decimal

from flask import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import visible_warehouse_ids
from erp.masterdata.categories import category_options
from erp.products.services import PRODUCT_CATEGORIES
from erp.warehouses.models import Warehouse
from inventory.stock.errors import fmt_qty

bp = Blueprint("inventory", __name__, url_prefix="/inventory", template_folder="templates",
               static_folder="static", static_url_path="/static")


def warehouse_options(session: Session, actor: User) -> list[tuple[int, str]]:
    """Active warehouses the user may work in, for a select."""
    stmt = select(Warehouse).where(Warehouse.active.is_(True)).order_by(Warehouse.code)
    allowed = visible_warehouse_ids(actor)
    if allowed is not None:
        stmt = stmt.where(Warehouse.id.in_(allowed))
    return [(w.id, str(w)) for w in session.scalars(stmt)]


def categories(session: Session) -> list[tuple[int, str]]:
    return category_options(session, PRODUCT_CATEGORIES)


@bp.app_template_filter("in_cases")
def in_cases(qty: Decimal | None, product) -> str:
    """``53`` bottles of a 24-bottle case → ``2 箱 5 瓶`` (empty when it is less than a case)."""
    case = product.case_packing if product is not None else None
    if qty is None or case is None or qty < case.factor or case.factor <= 1:
        return ""
    cases, rest = divmod(qty, case.factor)
    text = f"{fmt_qty(cases)} {case.unit.name}"
    return text + (f" {fmt_qty(rest)} {product.base_unit.name}" if rest else "")


@bp.app_template_filter("inv_price")
def fmt_price(value: Decimal | None) -> str:
    """A unit cost: at least two decimals, at most six, no trailing zeros beyond the fen."""
    if value is None:
        return ""
    text = f"{Decimal(value):,.6f}".rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"
