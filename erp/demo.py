"""Demo data: a believable distributor, loaded by ``erp demo-data`` (and ``make run``
the first time). Each package adds its part to ``load_demo_data``."""
from __future__ import annotations

from sqlalchemy.orm import Session

DEMO_PASSWORD = "demo1234"

#: (username, display name, roles)
DEMO_USERS = [
    ("admin", "系统管理员", ("admin",)),
    ("clerk", "王小丽", ("sales_clerk",)),
    ("manager", "张经理", ("sales_manager",)),
    ("warehouse", "李库管", ("warehouse",)),
    ("finance", "赵会计", ("finance",)),
    ("buyer", "陈采购", ("purchaser",)),
]


def load_demo_data(session: Session) -> dict[str, int]:
    from erp.auth.services import create_user, sync_roles

    sync_roles(session)
    for username, name, roles in DEMO_USERS:
        create_user(session, None, username=username, display_name=name, password=DEMO_PASSWORD, roles=roles)
    summary = {"users": len(DEMO_USERS)}
    from inventory.demo import load_inventory_demo

    summary.update(load_inventory_demo(session))  # last: opening stock needs the warehouses and products
    return summary
