"""Demo data: a believable distributor, loaded by ``erp demo-data`` (and ``make run``
the first time). Each package adds its part to ``load_demo_data``.

上海惠万家商贸 sells food, drinks and daily goods by the case to shops, restaurants,
canteens and wholesalers, and at its cash-and-carry store to members. The master data
(:func:`load_master_data`) is deterministic: the same codes, barcodes and USCCs on every
machine. It returns the objects it made (:class:`DemoData`) so that later packages can
build on them; inventory's opening stock is loaded last.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User

DEMO_PASSWORD = "demo1234"

#: (username, display name, roles)
DEMO_USERS = [
    ("admin", "系统管理员", ("admin",)),
    ("clerk", "王小丽", ("sales_clerk",)),
    ("manager", "张经理", ("sales_manager",)),
    ("warehouse", "李库管", ("warehouse",)),
    ("finance", "赵会计", ("finance",)),
    ("buyer", "陈采购", ("purchaser",)),
    ("sales2", "刘洋", ("sales_clerk",)),
    ("sales3", "孙海燕", ("sales_clerk",)),
    ("warehouse2", "吴库管", ("warehouse",)),
    ("counter", "钱收银", ("sales_clerk",)),
]

#: Users who work in some warehouses only (the others see every warehouse).
DEMO_USER_WAREHOUSES = {"warehouse": ("WH01",), "warehouse2": ("WH02",), "counter": ("WH03",)}

#: The sales clerks that customers are shared out to as their salesperson.
DEMO_SALESPEOPLE = ("clerk", "sales2", "sales3", "manager")


@dataclass
class DemoData:
    """What :func:`load_master_data` made, for the packages that add to it (opening stock…)."""

    users: dict[str, User] = field(default_factory=dict)
    warehouses: dict = field(default_factory=dict)
    suppliers: dict = field(default_factory=dict)
    products: list = field(default_factory=list)
    customer_categories: dict = field(default_factory=dict)
    customers: list = field(default_factory=list)
    price_lists: list = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"users": len(self.users), "warehouses": len(self.warehouses), "suppliers": len(self.suppliers),
                "products": len(self.products), "customer categories": len(self.customer_categories),
                "customers": len(self.customers), "price lists": len(self.price_lists)}


def load_master_data(session: Session) -> DemoData:
    """Users of every role, warehouses, suppliers, the catalogue, customers and price lists,
    created through the services (so every rule holds). Flushes, never commits."""
    from erp.auth.services import create_user, sync_roles
    from erp.customers.demo import load_customer_categories, load_customers
    from erp.pricing.demo import load_price_lists
    from erp.products.demo import load_products
    from erp.suppliers.demo import load_suppliers
    from erp.warehouses.demo import load_warehouses

    sync_roles(session)
    data = DemoData()
    admin_name, admin_display, admin_roles = DEMO_USERS[0]
    admin = create_user(session, None, username=admin_name, display_name=admin_display, password=DEMO_PASSWORD,
                        roles=admin_roles)
    data.users[admin_name] = admin
    data.warehouses = load_warehouses(session, admin)
    for username, name, roles in DEMO_USERS[1:]:
        warehouse_ids = [data.warehouses[code].id for code in DEMO_USER_WAREHOUSES.get(username, ())]
        data.users[username] = create_user(session, None, username=username, display_name=name,
                                           password=DEMO_PASSWORD, roles=roles, warehouse_ids=warehouse_ids)
    data.suppliers = load_suppliers(session, admin)
    data.products = load_products(session, admin, data.suppliers)
    data.customer_categories = load_customer_categories(session, admin)
    salespeople = [data.users[name] for name in DEMO_SALESPEOPLE]
    data.customers = load_customers(session, admin, salespeople, data.customer_categories)
    data.price_lists = load_price_lists(session, admin, data.products, data.customers, data.customer_categories)
    return data


def load_demo_data(session: Session) -> dict[str, int]:
    data = load_master_data(session)
    summary = data.summary()
    import datetime as dt

    from erp.sales.demo import HISTORY_DAYS, load_sales_demo
    from inventory.demo import load_inventory_demo

    # Opening stock needs the warehouses and products, and is dated before the sales history.
    today = clock.today()
    summary.update(load_inventory_demo(session, opening_date=today - dt.timedelta(days=HISTORY_DAYS + 10)))
    summary.update(load_sales_demo(session, today=today))
    from finance.demo import load_finance_demo

    summary.update(load_finance_demo(session))  # after sales: receipts for its invoices, counter sales
    from purchasing.demo import load_purchasing_demo

    summary.update(load_purchasing_demo(session))  # orders received, one invoiced and half paid
    from logistics.demo import load_logistics_demo

    summary.update(load_logistics_demo(session))  # carriers to ship the outbounds with
    return summary
