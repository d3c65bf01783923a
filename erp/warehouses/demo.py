"""Demo warehouses: the main warehouse, a northern branch and the cash-and-carry store."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.warehouses import services
from erp.warehouses.models import Warehouse

WAREHOUSES = [
    ("WH01", "上海总仓", "上海市浦东新区康桥东路1128号", "李库管", "021-5812 3301"),
    ("WH02", "北区分仓", "上海市宝山区富锦路2055号", "吴库管", "021-5602 8802"),
    ("WH03", "现购自运卖场", "上海市闵行区沪闵路6088号", "钱店长", "021-5416 6003"),
]


def load_warehouses(session: Session, actor: User) -> dict[str, Warehouse]:
    return {code: services.create_warehouse(session, actor, {"code": code, "name": name, "address": address,
                                                               "contact": contact, "phone": phone})
            for code, name, address, contact, phone in WAREHOUSES}
