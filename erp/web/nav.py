"""Navigation by role: each package declares its menu entries with the permission
that shows them; the layout lists what the logged-in user may open."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from erp.errors import N_


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    endpoint: str
    permission: str | None
    order: int = 100


SECTIONS = [
    ("sales", N_("Sales")),
    ("warehouse", N_("Warehouse")),
    ("purchasing", N_("Purchasing")),
    ("finance", N_("Finance")),
    ("master", N_("Master data")),
    ("reports", N_("Reports")),
    ("system", N_("System")),
]

NAV: list[NavItem] = []


def nav_item(section: str, label: str, endpoint: str, permission: str | None, order: int = 100) -> None:
    if any(item.endpoint == endpoint for item in NAV):
        return
    NAV.append(NavItem(section, label, endpoint, permission, order))


def menu_for(actor) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """[(section label, [(label, url, endpoint), …]), …] for this user."""
    out = []
    for key, label in SECTIONS:
        items = sorted((i for i in NAV if i.section == key), key=lambda i: (i.order, i.label))
        visible = [(i.label, url_for(i.endpoint), i.endpoint) for i in items
                   if i.permission is None or (actor is not None and actor.can(i.permission))]
        if visible:
            out.append((label, visible))
    return out
