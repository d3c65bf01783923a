"""The document writer (``erp.documents.writer.insert_new``) writes what the unit of work
would have written: the same rows, the same audit rows, ids that belong to the right
lines, and objects that behave like flushed ones afterwards (later changes, rollback)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import inspect, select

from erp.audit.models import AuditEntry
from erp.customers.models import Customer
from erp.documents import writer
from erp.documents.base import DocState
from erp.sales.quotes import services as quotes
from erp.sales.quotes.models import Quote, QuoteLine
from inventory.outbounds.models import OutboundAllocation
from tests import factories
from tests.sales.conftest import days, line


def _by_flush(session, doc):
    session.add(doc)
    session.flush()


def _rows(session, table, **where):
    stmt = select(table)
    for key, value in where.items():
        stmt = stmt.where(table.c[key] == value)
    return [dict(row._mapping) for row in session.execute(stmt)]


def _plain_rows(rows, drop=("id", "document_id", "created_at", "updated_at")):
    return sorted((tuple(sorted((k, v) for k, v in row.items() if k not in drop)) for row in rows), key=repr)


def _audit(session, doc):
    """The audit rows of a document and its lines, without what differs between two copies."""
    entries = session.scalars(select(AuditEntry).where(
        ((AuditEntry.entity_type == "quote") & (AuditEntry.entity_id == str(doc.id)))
        | ((AuditEntry.parent_type == "quote") & (AuditEntry.parent_id == str(doc.id))))).all()
    out = []
    for entry in entries:
        changes = {k: v for k, v in (entry.changes or {}).items() if k not in ("id", "document_id", "created_at",
                                                                               "updated_at")}
        out.append((entry.action, entry.entity_type, entry.parent_type, entry.user_id, repr(sorted(changes.items()))))
    return sorted(out)


def test_a_quote_written_by_the_writer_equals_one_written_by_a_flush(sales, people, make_customer, stocked,
                                                                     monkeypatch):
    customer = make_customer()
    products = [stocked() for _ in range(3)]
    entered = [line(p, 2 + k) for k, p in enumerate(products)]
    written = sales.quote(customer, entered, note="writer")
    monkeypatch.setattr(quotes, "insert_new", _by_flush)
    flushed = sales.quote(customer, entered, note="writer")
    db = sales.db

    assert inspect(written).persistent and written.id != flushed.id
    assert written.state == DocState.DRAFT and written.version == 1 and written.created_at is not None
    header = Quote.__table__
    assert _plain_rows(_rows(db, header, id=written.id)) == _plain_rows(_rows(db, header, id=flushed.id))
    lines = QuoteLine.__table__
    assert _plain_rows(_rows(db, lines, document_id=written.id)) == _plain_rows(
        _rows(db, lines, document_id=flushed.id))
    # every line object carries the id of its own row
    stored = {row["id"]: row for row in _rows(db, lines, document_id=written.id)}
    assert sorted(stored) == sorted(ln.id for ln in written.lines)
    for obj in written.lines:
        assert (stored[obj.id]["line_no"], stored[obj.id]["product_id"], stored[obj.id]["qty"]) == (
            obj.line_no, obj.product_id, obj.qty)
    assert [ln.product_id for ln in written.lines] == [p.id for p in products]
    assert _audit(db, written) == _audit(db, flushed)
    assert len(_audit(db, written)) == 4  # the header and its three lines, "create" each


@pytest.mark.parametrize("write", ["writer", "flush"])
def test_a_document_written_by_the_writer_changes_and_approves_like_a_flushed_one(sales, people, make_customer,
                                                                                  stocked, monkeypatch, write):
    if write == "flush":
        monkeypatch.setattr(quotes, "insert_new", _by_flush)
    doc = sales.quote(make_customer(), [line(stocked(), 5)])
    quotes.update_quote(sales.db, people["clerk"], doc.id, {"note": "改过", "lines": [line(stocked(), 7)]})
    assert doc.version == 3 and doc.note == "改过" and [ln.qty for ln in doc.lines] == [D(7)]
    quotes.approve_quote(sales.db, people["clerk"], doc.id)
    sales.db.expire_all()
    again = sales.db.get(Quote, doc.id)
    assert again.state == DocState.APPROVED and again.version == 4 and again.note == "改过"
    assert [ln.qty for ln in again.lines] == [D(7)]
    assert [e.action for e in sales.db.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "quote", AuditEntry.entity_id == str(doc.id)).order_by(AuditEntry.id))] == [
        "create", "update", "update", "approve"]


def test_the_allocations_of_an_outbound_belong_to_their_lines(sales, make_customer, make_tracked, receive, wh):
    first, second = make_tracked(), make_tracked()
    early = receive(first, wh, 4, expiry_date=days(60))
    late = receive(first, wh, 20, expiry_date=days(200))
    other = receive(second, wh, 30)
    order = sales.order(make_customer(), [line(first, 10), line(second, 3)])
    outbound = sales.ship(sales.deliver(order), approve=False)

    rows = _rows(sales.db, OutboundAllocation.__table__, document_id=outbound.id)
    assert len(rows) == 3
    by_id = {row["id"]: row for row in rows}
    for ln in outbound.lines:
        for allocation in ln.allocations:
            assert by_id[allocation.id]["line_id"] == ln.id
            assert (by_id[allocation.id]["batch_id"], by_id[allocation.id]["qty"]) == (
                allocation.batch_id, allocation.qty)
    picks = {(ln.product_id, a.batch_id): a.qty for ln in outbound.lines for a in ln.allocations}
    assert picks == {(first.id, early.id): D(4), (first.id, late.id): D(6), (second.id, other.id): D(3)}


def test_rolling_back_makes_written_documents_transient_again(sales, make_customer, stocked):
    customer = make_customer()
    product = stocked()
    savepoint = sales.db.begin_nested()
    doc = sales.quote(customer, [line(product, 3)])
    doc_id, line_obj = doc.id, doc.lines[0]
    savepoint.rollback()
    assert inspect(doc).transient and inspect(line_obj).transient
    assert sales.db.get(Quote, doc_id) is None
    assert _rows(sales.db, QuoteLine.__table__, document_id=doc_id) == []
    again = sales.quote(customer, [line(product, 3)])  # the session goes on
    assert sales.db.get(Quote, again.id) is again


def test_a_document_pointing_at_an_unsaved_object_is_left_to_the_unit_of_work(db, people):
    category = factories.customer_category(db)
    customer = Customer(code="CNEW1", name="新客户", payment_terms_days=30, category=category)
    doc = Quote(doc_date=days(0), valid_until=days(10), customer=customer, created_by_id=people["clerk"].id)
    writer.insert_new(db, doc)
    assert inspect(doc).persistent and inspect(customer).persistent
    assert doc.customer_id == customer.id and customer.id is not None


@pytest.mark.parametrize("count", [1, 12])
def test_many_lines_get_their_own_ids(sales, make_customer, stocked, count):
    products = [stocked() for _ in range(count)]
    doc = sales.quote(make_customer(), [line(p, k + 1) for k, p in enumerate(products)])
    stored = {row["id"]: (row["line_no"], row["qty"]) for row in _rows(sales.db, QuoteLine.__table__,
                                                                       document_id=doc.id)}
    assert {ln.id: (ln.line_no, ln.qty) for ln in doc.lines} == stored
    assert sorted(q for _n, q in stored.values()) == [D(k + 1) for k in range(count)]


def test_a_failing_insert_leaves_the_session_to_be_rolled_back_as_a_failing_flush_does(db, people, make_customer,
                                                                                     make_product):
    from sqlalchemy.exc import IntegrityError, PendingRollbackError

    customer, product = make_customer(), make_product()
    doc = Quote(doc_date=days(0), valid_until=days(10), customer=customer, created_by_id=people["clerk"].id,
                lines=[QuoteLine(line_no=1, product_id=product.id, qty=D(-1), qty_base=D(-1), unit_price=D(1),
                                 discount_rate=D(0), vat_rate=D("0.13"))])
    with pytest.raises(IntegrityError):
        writer.insert_new(db, doc)
    with pytest.raises(PendingRollbackError):
        db.scalar(select(Quote.id))
    db.rollback()
    assert inspect(doc).transient
    assert db.scalar(select(Quote.id).where(Quote.customer_id == customer.id)) is None
