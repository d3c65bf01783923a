"""Fixtures for supplier invoices, payments and payables: finance people, and invoices,
payments and allocations made through the services (import them into a test module)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from purchasing.invoices import services as invoices
from purchasing.payments import allocation
from purchasing.payments import services as payments

__all__ = ["accountant", "allocate", "bill", "cola", "pay", "water"]


@pytest.fixture
def accountant(make_user):
    """Finance (应付会计): enters and approves supplier invoices and payments."""
    return make_user("finance")


@pytest.fixture
def cola(make_tracked):
    """可口可乐 500ml, batch-tracked, 13 % VAT, a case of 24."""
    return make_tracked(name="可口可乐 500ml", vat_rate=D("0.13"))


@pytest.fixture
def water(make_product):
    """A product without batches."""
    return make_product(name="农夫山泉 550ml", vat_rate=D("0.13"))


@pytest.fixture
def bill(db, accountant):
    """``bill(receipts, "FP001", lines=None, approve=True, actor=…, **header)``: a supplier
    invoice of the receipts; ``lines`` as ``(receipt_line, qty[, unit_price])`` in the base unit."""

    def make(receipts, number, lines=None, *, approve=True, actor=None, **header):
        items = None
        if lines is not None:
            items = []
            for origin, qty, *price in lines:
                item = {"origin_line_id": origin.id, "qty": D(str(qty)), "unit_id": origin.product.base_unit_id}
                if price:
                    item["unit_price"] = D(str(price[0]))
                items.append(item)
        receipts = receipts if isinstance(receipts, list) else [receipts]
        doc = invoices.make_supplier_invoice(db, actor or accountant, {
            "receipt_ids": [r.id for r in receipts], "supplier_invoice_no": number, "lines": items, **header})
        if approve:
            invoices.approve_supplier_invoice(db, actor or accountant, doc.id)
        return doc

    return make


@pytest.fixture
def pay(db, accountant):
    """``pay(supplier, "500.00", approve=True, **fields)``: a payment (bank transfer by default)."""

    def make(supplier, amount, *, approve=True, actor=None, **fields):
        doc = payments.create_payment(db, actor or accountant, {"supplier_id": supplier.id, "amount": D(amount),
                                                                **fields})
        if approve:
            payments.approve_payment(db, actor or accountant, doc.id)
        return doc

    return make


@pytest.fixture
def allocate(db, accountant):
    """``allocate(payment, [(invoice, "100.00"), …], **data)``: allocate by hand."""

    def do(payment, lines, *, actor=None, **data):
        return allocation.allocate_payment(db, actor or accountant, payment.id, {
            "lines": [{"invoice_id": invoice.id, "amount": D(amount)} for invoice, amount in lines], **data})

    return do
