"""The one registry of permissions: strings ``domain.action``, granted to roles.

Each package declares its permissions at import time with :func:`permission`,
naming the roles that get it by default. ``sync_roles`` (run by ``erp db
upgrade``) creates the built-in roles and grants a permission to its default
roles the first time it is seen; after that, admins decide.
"""
from __future__ import annotations

from dataclasses import dataclass

ROLES: dict[str, tuple[str, str]] = {
    # code: (Chinese name, English name)
    "admin": ("系统管理员", "Administrator"),
    "sales_clerk": ("订单客服", "Sales clerk"),
    "sales_manager": ("销售经理", "Sales manager"),
    "warehouse": ("仓库管理员", "Warehouse"),
    "finance": ("财务", "Finance"),
    "purchaser": ("采购员", "Purchaser"),
}

ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Permission:
    code: str
    label: str
    default_roles: tuple[str, ...]


REGISTRY: dict[str, Permission] = {}


def permission(code: str, label: str, *default_roles: str) -> str:
    """Declare a permission (idempotent) and return its code."""
    if "." not in code:
        raise ValueError(f"permission {code!r} must be domain.action")
    unknown = set(default_roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown} for {code}")
    REGISTRY[code] = Permission(code, label, tuple(default_roles))
    return code


ALL_STAFF = ("sales_clerk", "sales_manager", "warehouse", "finance", "purchaser")
SALES = ("sales_clerk", "sales_manager")

# Platform permissions. Master data are read by everyone who works with documents.
USER_MANAGE = permission("user.manage", "管理用户和角色")
AUDIT_VIEW = permission("audit.view", "查看审计日志")
SETTINGS_MANAGE = permission("settings.manage", "系统设置")
APPROVAL_RULE_MANAGE = permission("approval_rule.manage", "设置审批规则", "sales_manager")
NUMBERING_MANAGE = permission("numbering.manage", "设置单据编号规则")

CUSTOMER_VIEW = permission("customer.view", "查看客户", *ALL_STAFF)
CUSTOMER_EDIT = permission("customer.edit", "维护客户档案", *SALES)
CUSTOMER_DELETE = permission("customer.delete", "删除客户", "sales_manager")
CUSTOMER_CATEGORY_EDIT = permission("customer_category.edit", "维护客户分类", "sales_manager")
CUSTOMER_IMPORT = permission("customer.import", "导入客户", "sales_manager")
CUSTOMER_CREDIT_EDIT = permission("customer.credit_edit", "修改信用额度", "sales_manager", "finance")

PRODUCT_VIEW = permission("product.view", "查看商品", *ALL_STAFF)
PRODUCT_EDIT = permission("product.edit", "维护商品档案", "sales_manager", "purchaser")
PRODUCT_DELETE = permission("product.delete", "删除商品", "sales_manager")
PRODUCT_IMPORT = permission("product.import", "导入商品", "sales_manager", "purchaser")
UNIT_EDIT = permission("unit.edit", "维护计量单位", "sales_manager", "purchaser")

PRICE_LIST_VIEW = permission("price_list.view", "查看价格政策", *SALES, "finance")
PRICE_LIST_EDIT = permission("price_list.edit", "维护价格政策", "sales_manager")

WAREHOUSE_VIEW = permission("warehouse.view", "查看仓库", *ALL_STAFF)
WAREHOUSE_EDIT = permission("warehouse.edit", "维护仓库")

SUPPLIER_VIEW = permission("supplier.view", "查看供应商", "purchaser", "finance", "warehouse", "sales_manager")
SUPPLIER_EDIT = permission("supplier.edit", "维护供应商", "purchaser")
