"""Factories for tests: functions ``(session, **overrides) -> object`` with believable defaults.
Each flushes (never commits). Fixtures in conftest.py wrap them as ``make_x(**overrides)``."""
from __future__ import annotations

import itertools
from decimal import Decimal

from sqlalchemy import select

from erp.auth.services import create_user

_seq = itertools.count(1)
PASSWORD = "secret-123"


def n() -> int:
    return next(_seq)


def user(session, roles=("sales_clerk",), **overrides):
    i = n()
    data = {"username": f"user{i}", "display_name": f"测试用户{i}", "password": PASSWORD}
    data.update(overrides)
    return create_user(session, None, roles=roles, **data)


def warehouse(session, **overrides):
    from erp.warehouses.models import Warehouse

    i = n()
    data = {"code": f"WH{i:03d}", "name": f"测试仓库{i}"}
    data.update(overrides)
    obj = Warehouse(**data)
    session.add(obj)
    session.flush()
    return obj


def customer_category(session, **overrides):
    from erp.customers.models import CustomerCategory

    i = n()
    data = {"code": f"{i % 90 + 10:02d}", "name": f"客户分类{i}", "level": 1}
    data.update(overrides)
    existing = session.scalar(select(CustomerCategory).where(CustomerCategory.code == data["code"]))
    if existing is not None and not overrides:
        return existing
    obj = CustomerCategory(**data)
    session.add(obj)
    session.flush()
    return obj


def customer(session, **overrides):
    from erp.customers.models import Customer

    i = n()
    data = {"code": f"C{i:05d}", "name": f"测试客户{i}商贸有限公司", "payment_terms_days": 30}
    data.update(overrides)
    if "category_id" not in data and "category" not in data:
        data["category"] = customer_category(session)
    obj = Customer(**data)
    session.add(obj)
    session.flush()
    return obj


def unit(session, code: str, name: str, decimals: int = 0):
    from erp.products.models import Unit

    existing = session.scalar(select(Unit).where(Unit.code == code))
    if existing is not None:
        return existing
    obj = Unit(code=code, name=name, decimals=decimals)
    session.add(obj)
    session.flush()
    return obj


def product(session, *, case_factor: Decimal | int | None = 24, **overrides):
    """A product sold by the piece (瓶) with a case (箱) of ``case_factor`` pieces."""
    from erp.products.models import Product, ProductUnit

    i = n()
    piece = unit(session, "PCS", "瓶")
    data = {"sku": f"SKU{i:05d}", "name": f"测试商品{i}", "spec": "500ml", "base_unit": piece,
            "vat_rate": Decimal("0.13"), "list_price": Decimal("10.00")}
    data.update(overrides)
    obj = Product(**data)
    if case_factor:
        case = unit(session, "CASE", "箱")
        obj.packings = [ProductUnit(unit=case, factor=Decimal(case_factor), is_sales_default=True)]
    session.add(obj)
    session.flush()
    return obj


def supplier(session, **overrides):
    from erp.suppliers.models import Supplier

    i = n()
    data = {"code": f"S{i:04d}", "name": f"测试供应商{i}有限公司"}
    data.update(overrides)
    obj = Supplier(**data)
    session.add(obj)
    session.flush()
    return obj
