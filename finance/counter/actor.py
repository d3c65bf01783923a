"""Who rings up a counter sale.

The clerk at the counter holds ``counter_sale.create``, not the right to approve
invoices or receipts in general. For one counter sale the service acts as that clerk
*plus* the first-level permissions of the documents the sale is made of — nothing else:
approval rules that ask for a further level (a large amount …) still stop it, approval
limits still apply, the audit log still names the clerk.
"""
from __future__ import annotations

from erp.auth.models import User

#: What a counter sale does, level 1 only.
CHAIN_PERMISSIONS = frozenset({
    "sales_order.edit", "sales_order.approve",
    "delivery_note.edit", "delivery_note.approve",
    "outbound.edit", "outbound.approve",
    "sales_invoice.edit", "sales_invoice.approve",
    "receipt.edit", "receipt.approve",
    "allocation.create",
})


class CounterActor:
    """``user`` with :data:`CHAIN_PERMISSIONS` added; everything else is the user's."""

    def __init__(self, user: User):
        self._user = user

    def __getattr__(self, name):
        return getattr(self._user, name)

    @property
    def user(self) -> User:
        return self._user

    @property
    def permissions(self) -> frozenset[str]:
        return self._user.permissions | CHAIN_PERMISSIONS

    def can(self, permission: str) -> bool:
        return self._user.active and permission in self.permissions
