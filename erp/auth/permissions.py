"""The one registry of permissions: strings ``domain.action``, granted to roles.

Each package declares its permissions at import time with :func:`permission`,
naming the roles that get it by default. ``sync_roles`` (run by ``erp db
upgrade``) creates the built-in roles and grants a permission to its default
roles the first time it is seen; after that, admins decide.
"""
from __future__ import annotations

from dataclasses import dataclass

from erp.errors import N_

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
    #: English, marked ``N_()``; translated where it is shown (``permission_label`` in pages).
    label: str
    default_roles: tuple[str, ...]


REGISTRY: dict[str, Permission] = {}


def permission(code: str, label: str, *default_roles: str) -> str:
    """Declare a permission (idempotent) and return its code. ``label`` is English, marked
    with ``N_()`` so that its Chinese translation is in the package's catalog."""
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
USER_MANAGE = permission("user.manage", N_("Manage users and roles"))
AUDIT_VIEW = permission("audit.view", N_("View the audit log"))
SETTINGS_MANAGE = permission("settings.manage", N_("Manage system settings"))
APPROVAL_RULE_MANAGE = permission("approval_rule.manage", N_("Set approval rules"), "sales_manager")
NUMBERING_MANAGE = permission("numbering.manage", N_("Set document numbering rules"))

CUSTOMER_VIEW = permission("customer.view", N_("View customers"), *ALL_STAFF)
CUSTOMER_EDIT = permission("customer.edit", N_("Maintain customers"), *SALES)
CUSTOMER_DELETE = permission("customer.delete", N_("Delete customers"), "sales_manager")
CUSTOMER_CATEGORY_EDIT = permission("customer_category.edit", N_("Maintain customer categories"), "sales_manager")
CUSTOMER_IMPORT = permission("customer.import", N_("Import customers"), "sales_manager")
CUSTOMER_CREDIT_EDIT = permission("customer.credit_edit", N_("Change credit limits"), "sales_manager", "finance")

PRODUCT_VIEW = permission("product.view", N_("View products"), *ALL_STAFF)
PRODUCT_EDIT = permission("product.edit", N_("Maintain products"), "sales_manager", "purchaser")
PRODUCT_DELETE = permission("product.delete", N_("Delete products"), "sales_manager")
PRODUCT_IMPORT = permission("product.import", N_("Import products"), "sales_manager", "purchaser")
UNIT_EDIT = permission("unit.edit", N_("Maintain units of measure"), "sales_manager", "purchaser")

PRICE_LIST_VIEW = permission("price_list.view", N_("View price lists"), *SALES, "finance")
PRICE_LIST_EDIT = permission("price_list.edit", N_("Maintain price lists"), "sales_manager")

WAREHOUSE_VIEW = permission("warehouse.view", N_("View warehouses"), *ALL_STAFF)
WAREHOUSE_EDIT = permission("warehouse.edit", N_("Maintain warehouses"))

SUPPLIER_VIEW = permission("supplier.view", N_("View suppliers"), "purchaser", "finance", "warehouse", "sales_manager")
SUPPLIER_EDIT = permission("supplier.edit", N_("Maintain suppliers"), "purchaser")
