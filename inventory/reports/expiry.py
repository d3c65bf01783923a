"""Near-expiry and expired batches (近效期/过期批次): the stock that must be sold, moved
or scrapped soon, with its value (the same batch share as the balance report)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from erp import clock
from erp.auth.models import User
from erp.errors import N_
from inventory.reports.balances import BalanceRow, batch_balances
from inventory.reports.export import Column, ReportTable

EXPIRED, NEAR = "expired", "near"
STATUS_LABELS = {EXPIRED: N_("Expired"), NEAR: N_("Near expiry")}


@dataclass
class ExpiryRow(BalanceRow):
    on_date: dt.date | None = None

    @property
    def days_left(self) -> int:
        return self.batch.days_left(self.on_date)

    @property
    def status(self) -> str:
        return EXPIRED if self.batch.is_expired(self.on_date) else NEAR


def expiring_batches(session: Session, actor: User | None, *, within_days: int = 30, include_expired: bool = True,
                     warehouse_id: int | None = None, category_id: int | None = None, q: str | None = None,
                     on_date: dt.date | None = None) -> list[ExpiryRow]:
    """Batches with stock on hand that expire within ``within_days`` of ``on_date`` (today)
    — and, with ``include_expired``, those already expired — earliest expiry first."""
    on_date = on_date or clock.today()
    limit = on_date + dt.timedelta(days=within_days)
    rows = []
    for row in batch_balances(session, actor, warehouse_id=warehouse_id, category_id=category_id, q=q):
        batch = row.batch
        if batch is None or batch.expiry_date is None or row.on_hand <= 0 or batch.expiry_date > limit:
            continue
        if not include_expired and batch.is_expired(on_date):
            continue
        rows.append(ExpiryRow(row.product, row.warehouse, row.batch, row.on_hand, row.reserved, row.value,
                              row.unit_cost, on_date=on_date))
    return sorted(rows, key=lambda r: (r.batch.expiry_date, r.product.sku, r.warehouse.code))


COLUMNS = [
    Column("expiry_date", N_("Expiry date"), "date"), Column("days_left", N_("Days left"), "int"),
    Column("status_label", N_("Status")), Column("warehouse_name", N_("Warehouse")), Column("sku", N_("SKU")),
    Column("product_name", N_("Product")), Column("batch_no", N_("Batch")), Column("unit", N_("Unit")),
    Column("on_hand", N_("On hand"), "qty"), Column("reserved", N_("Reserved"), "qty"),
    Column("value", N_("Value"), "money", cost=True),
]


def expiry_table(rows: list[ExpiryRow], translate=lambda s: s) -> ReportTable:
    data = [{c.key: getattr(r, c.key) for c in COLUMNS if c.key != "status_label"}
            | {"status_label": translate(STATUS_LABELS[r.status])} for r in rows]
    total = sum((r.value for r in rows), Decimal("0.00"))
    return ReportTable("expiring-batches", N_("Near-expiry and expired batches"), COLUMNS, data, {"value": total})
