"""The demo's purchasing history: orders received in full and in part, one invoiced and half
paid — made through the services, fast, and the same on every machine."""
from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal as D

from sqlalchemy import select

from erp.checks import run_checks
from erp.demo import load_master_data
from erp.money import round_fen
from purchasing.demo import load_purchasing_demo
from purchasing.invoices.models import SupplierInvoice
from purchasing.orders.models import PurchaseOrder
from purchasing.payments.models import Payment

DAY = dt.date(2025, 6, 30)


def test_the_demo_buys_receives_invoices_and_half_pays_quickly(db, app):
    load_master_data(db)
    started = time.perf_counter()
    summary = load_purchasing_demo(db, today=DAY)
    assert time.perf_counter() - started < 2
    assert summary == {"purchase orders": 3, "goods receipts": 2, "supplier invoices": 1, "payments": 1}
    statuses = [o.receipt_status for o in db.scalars(select(PurchaseOrder).order_by(PurchaseOrder.id))]
    assert statuses == ["received", "partly_received", "approved"]
    invoice = db.scalar(select(SupplierInvoice))
    payment = db.scalar(select(Payment))
    assert invoice.state.value == "approved" and invoice.supplier_invoice_no == "S001-2506-001"
    assert payment.amount == round_fen(invoice.total_gross / 2) and payment.unapplied == D("0.00")
    assert invoice.amount_open == invoice.total_gross - payment.amount
    assert [(name, problems) for name, problems in run_checks(db) if problems] == []
