"""Factories for the inventory tests: batches and stock received through a real (approved)
opening stock-in (the people, a warehouse and batch-tracked products are
:mod:`tests.stock_fixtures`)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from inventory.batches.models import Batch, BatchStatus
from inventory.stock_ins import services as stock_ins
from tests import factories
from tests.inventory.stories import story  # noqa: F401  (a fixture of the report tests)
from tests.stock_fixtures import TODAY, days  # noqa: F401  (the tests import them from here)


@pytest.fixture
def make_batch(db):
    def make(product, batch_no: str | None = None, *, expiry_date: dt.date | None = None,
             production_date: dt.date | None = None, status: BatchStatus = BatchStatus.ACTIVE) -> Batch:
        batch = Batch(product_id=product.id, batch_no=batch_no or f"B{factories.n():05d}",
                      production_date=production_date, expiry_date=expiry_date, status=status)
        db.add(batch)
        db.flush()
        return batch

    return make


@pytest.fixture
def receive(db, keeper):
    """``receive(product, warehouse, qty, unit_cost, batch_no=…, expiry_date=…)``: an approved
    opening stock-in of one line; returns the document."""

    def do(product, warehouse, qty, unit_cost="1.00", *, batch=None, batch_no=None, expiry_date=None,
           production_date=None, doc_date=None, actor=None):
        line = {"product_id": product.id, "qty": D(str(qty)), "unit_cost": D(str(unit_cost))}
        if batch is not None:
            line["batch_id"] = batch.id
        elif product.batch_tracked:
            line.update(batch_no=batch_no or f"L{factories.n():05d}", expiry_date=expiry_date,
                        production_date=production_date)
        doc = stock_ins.create_stock_in(db, actor or keeper, {
            "warehouse_id": warehouse.id, "reason": "opening", "doc_date": doc_date, "lines": [line]})
        stock_ins.approve_stock_in(db, actor or keeper, doc.id)
        return doc

    return do


@pytest.fixture
def batch_of(db):
    """The batch a one-line stock-in received into."""

    def get(stock_in) -> Batch:
        return db.get(Batch, stock_in.lines[0].batch_id)

    return get


@pytest.fixture
def make_unit(db):
    return lambda code, name, decimals=0: factories.unit(db, code, name, decimals)
