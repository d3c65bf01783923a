"""Batches: create, change, block; the rules that tie a batch to its product."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from erp import clock
from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.services import require
from erp.errors import N_, NotFound, ValidationFailed
from erp.products.models import Product
from inventory.batches.models import Batch, BatchStatus
from inventory.permissions import BATCH_EDIT

FIELDS = ("batch_no", "production_date", "expiry_date", "supplier_id", "status", "note")

NEEDS_BATCH = N_("This product is batch-tracked: give a batch.")
NO_BATCH_ALLOWED = N_("This product is not batch-tracked: leave the batch empty.")
OTHER_PRODUCT = N_("This batch belongs to another product.")
UNKNOWN_BATCH = N_("Unknown batch.")


def get_batch(session: Session, batch_id: int) -> Batch:
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(N_("Batch not found."))
    return batch


def batch_problem(product: Product, batch: Batch | None) -> str | None:
    """Why ``batch`` cannot move with ``product`` (a field message), or None.
    Batch-tracked products always move with a batch of their own; others never have one."""
    if product.batch_tracked and batch is None:
        return NEEDS_BATCH
    if not product.batch_tracked and batch is not None:
        return NO_BATCH_ALLOWED
    if batch is not None and batch.product_id != product.id:
        return OTHER_PRODUCT
    return None


def check_batch(product: Product, batch: Batch | None, field: str = "batch_id") -> None:
    """Raise ``ValidationFailed`` naming the product when :func:`batch_problem` finds one."""
    problem = batch_problem(product, batch)
    if problem:
        raise ValidationFailed(N_("%(product)s: wrong batch."), product=str(product), fields={field: [problem]})


def expiry_for(product: Product, production_date: dt.date | None, expiry_date: dt.date | None) -> dt.date | None:
    """The expiry date given, or the production date plus the product's shelf life."""
    if expiry_date is not None:
        return expiry_date
    if production_date is not None and product.shelf_life_days:
        return production_date + dt.timedelta(days=product.shelf_life_days)
    return None


def _tracked_product(session: Session, product_id: int | None) -> Product:
    product = session.get(Product, product_id) if product_id else None
    if product is None:
        raise ValidationFailed(N_("Unknown product."), fields={"product_id": [N_("Unknown product.")]})
    if not product.batch_tracked:
        raise ValidationFailed(N_("%(product)s is not batch-tracked."), product=str(product),
                               fields={"product_id": [N_("This product is not batch-tracked.")]})
    return product


def _check_dates(production_date: dt.date | None, expiry_date: dt.date | None) -> None:
    if production_date and expiry_date and expiry_date < production_date:
        raise ValidationFailed(N_("The expiry date is before the production date."),
                               fields={"expiry_date": [N_("Must not be before the production date.")]})


def _check_unique(session: Session, product_id: int, batch_no: str, exclude_id: int | None = None) -> None:
    stmt = select(Batch.id).where(Batch.product_id == product_id, Batch.batch_no == batch_no)
    if exclude_id:
        stmt = stmt.where(Batch.id != exclude_id)
    if session.scalar(stmt):
        raise ValidationFailed(N_("This batch number already exists for the product."),
                               fields={"batch_no": [N_("This batch number already exists for the product.")]})


def _check_supplier(session: Session, supplier_id: int | None) -> None:
    from erp.suppliers.models import Supplier

    if supplier_id is not None and session.get(Supplier, supplier_id) is None:
        raise ValidationFailed(N_("Unknown supplier."), fields={"supplier_id": [N_("Unknown supplier.")]})


def create_batch(session: Session, actor: User, data: dict) -> Batch:
    """Register a batch of a batch-tracked product. Without an expiry date it is computed
    from the production date and the product's shelf life. Raises ``ValidationFailed``
    (unknown or untracked product, duplicate number, dates the wrong way round)."""
    require(actor, BATCH_EDIT)
    product = _tracked_product(session, data.get("product_id"))
    _check_unique(session, product.id, data["batch_no"])
    _check_supplier(session, data.get("supplier_id"))
    expiry = expiry_for(product, data.get("production_date"), data.get("expiry_date"))
    _check_dates(data.get("production_date"), expiry)
    batch = Batch(product_id=product.id, batch_no=data["batch_no"], production_date=data.get("production_date"),
                  expiry_date=expiry, supplier_id=data.get("supplier_id"),
                  status=data.get("status") or BatchStatus.ACTIVE, note=data.get("note"))
    session.add(batch)
    session.flush()
    return batch


def update_batch(session: Session, actor: User, batch_id: int, data: dict) -> Batch:
    """Correct a batch's number, dates, supplier or note, or block/unblock it (冻结)."""
    require(actor, BATCH_EDIT)
    batch = get_batch(session, batch_id)
    if data.get("batch_no") and data["batch_no"] != batch.batch_no:
        _check_unique(session, batch.product_id, data["batch_no"], batch.id)
    _check_supplier(session, data.get("supplier_id"))
    for key in FIELDS:
        if key in data and not (key in ("batch_no", "status") and data[key] is None):
            setattr(batch, key, data[key])
    if "production_date" in data and "expiry_date" not in data and batch.expiry_date is None:
        batch.expiry_date = expiry_for(batch.product, batch.production_date, None)
    _check_dates(batch.production_date, batch.expiry_date)
    session.flush()
    return batch


def find_or_create_batch(session: Session, product: Product, batch_no: str, *,
                         production_date: dt.date | None = None, expiry_date: dt.date | None = None,
                         supplier_id: int | None = None) -> Batch:
    """For receipts: the product's batch of that number, made if new. Dates given for an
    existing batch must agree with it (``ValidationFailed`` otherwise). No permission
    check: the receiving document's approval is the permission."""
    batch = session.scalar(select(Batch).where(Batch.product_id == product.id, Batch.batch_no == batch_no))
    expiry = expiry_for(product, production_date, expiry_date)
    if batch is not None:
        if (production_date and batch.production_date and production_date != batch.production_date) or \
                (expiry and batch.expiry_date and expiry != batch.expiry_date):
            raise ValidationFailed(N_("Batch %(batch)s of %(product)s exists with other dates."),
                                   batch=batch_no, product=str(product),
                                   fields={"expiry_date": [N_("The batch exists with other dates.")]})
        return batch
    _check_dates(production_date, expiry)
    batch = Batch(product_id=product.id, batch_no=batch_no, production_date=production_date,
                  expiry_date=expiry, supplier_id=supplier_id)
    session.add(batch)
    session.flush()
    return batch


def query_batches(*, product_id: int | None = None, status: BatchStatus | None = None, q: str | None = None,
                  expired: bool | None = None, expiring_by: dt.date | None = None,
                  on: dt.date | None = None) -> Select:
    """Batches by product, status, number, earliest expiry first. ``expired``: only those
    expired (True) or not expired (False) on the day ``on`` (today by default);
    ``expiring_by``: only those expiring on or before that day."""
    on = on or clock.today()
    stmt = select(Batch).order_by(Batch.product_id, Batch.expiry_date.is_(None), Batch.expiry_date, Batch.id)
    if product_id:
        stmt = stmt.where(Batch.product_id == product_id)
    if status:
        stmt = stmt.where(Batch.status == status)
    cond = search_filter([Batch.batch_no], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if expired is True:
        stmt = stmt.where(Batch.expiry_date < on)
    elif expired is False:
        stmt = stmt.where(or_(Batch.expiry_date.is_(None), Batch.expiry_date >= on))
    if expiring_by:
        stmt = stmt.where(Batch.expiry_date <= expiring_by)
    return stmt
