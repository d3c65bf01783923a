"""``erp check``: the progress kept on order, outbound and invoice lines equals the sums of
the approved documents made from them."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.checks import register_check
from erp.documents.base import DocState

ZERO = Decimal(0)
LIMIT = 50


def _sums(session: Session, line_cls, header_cls, key_column, *where) -> dict[int, Decimal]:
    """Σ the lines' ``qty_base`` by ``key_column`` over approved headers."""
    rows = session.execute(
        select(key_column, func.sum(line_cls.qty_base))
        .join(header_cls, header_cls.id == line_cls.document_id)
        .where(header_cls.state == DocState.APPROVED, key_column.is_not(None), *where)
        .group_by(key_column))
    return {key: total or ZERO for key, total in rows}


def _compare(label: str, recorded: dict, expected: dict) -> list[str]:
    problems = []
    for key in sorted(set(recorded) | set(expected)):
        have, want = recorded.get(key, ZERO), expected.get(key, ZERO)
        if have != want:
            problems.append(f"{label} {key}: {have} recorded, {want} by the documents")
            if len(problems) >= LIMIT:
                break
    return problems


def _credited_returns(session: Session, key_column) -> dict[int, Decimal]:
    from erp.sales.credit_notes.models import CreditNote, CreditNoteLine
    from erp.sales.returns.models import SalesReturnLine

    rows = session.execute(
        select(key_column, func.sum(CreditNoteLine.qty_base))
        .join(CreditNoteLine, CreditNoteLine.return_line_id == SalesReturnLine.id)
        .join(CreditNote, CreditNote.id == CreditNoteLine.document_id)
        .where(CreditNote.state == DocState.APPROVED, key_column.is_not(None)).group_by(key_column))
    return {key: total or ZERO for key, total in rows}


@register_check("sales order progress equals the approved documents")
def check_order_progress(session: Session) -> list[str]:
    from erp.sales.chain import DONE, taken_per_origin
    from erp.sales.delivery.models import DeliveryNote, DeliveryNoteLine
    from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
    from erp.sales.orders.models import SalesOrderLine
    from erp.sales.returns.models import SalesReturn, SalesReturnLine

    lines = session.execute(select(SalesOrderLine.id, SalesOrderLine.qty_delivered, SalesOrderLine.qty_invoiced,
                                   SalesOrderLine.qty_returned)).all()
    # A closed note delivered what it had shipped: its lines less what closing gave back.
    delivered = {key: total or ZERO for key, total in session.execute(taken_per_origin(
        DeliveryNoteLine, DeliveryNote, DeliveryNoteLine.origin_line_id, states=DONE, net_of="qty_closed"))}
    invoiced = _sums(session, SalesInvoiceLine, SalesInvoice, SalesInvoiceLine.order_line_id)
    for key, qty in _credited_returns(session, SalesReturnLine.order_line_id).items():
        invoiced[key] = invoiced.get(key, ZERO) - qty
    returned = _sums(session, SalesReturnLine, SalesReturn, SalesReturnLine.order_line_id)
    return (_compare("order line delivered", {i: d for i, d, _, _ in lines if d}, delivered)
            + _compare("order line invoiced", {i: v for i, _, v, _ in lines if v}, invoiced)
            + _compare("order line returned", {i: r for i, _, _, r in lines if r}, returned))


@register_check("outbound and invoice progress equals the approved documents")
def check_shipped_progress(session: Session) -> list[str]:
    from erp.sales.chain import in_unit
    from erp.sales.credit_notes.models import CreditNote, CreditNoteLine
    from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
    from erp.sales.returns.models import SalesReturn, SalesReturnLine
    from inventory.outbounds.models import OutboundLine

    invoiced = _sums(session, SalesInvoiceLine, SalesInvoice, SalesInvoiceLine.origin_line_id)
    for key, qty in _credited_returns(session, SalesReturnLine.origin_line_id).items():
        invoiced[key] = invoiced.get(key, ZERO) - qty
    returned = _sums(session, SalesReturnLine, SalesReturn, SalesReturnLine.origin_line_id)
    ids = set(invoiced) | set(returned)
    recorded_inv, recorded_ret, want_inv, want_ret = {}, {}, {}, {}
    for line in session.scalars(select(OutboundLine).where(
            (OutboundLine.qty_invoiced > ZERO) | (OutboundLine.qty_returned > ZERO) | OutboundLine.id.in_(ids))):
        recorded_inv[line.id], recorded_ret[line.id] = line.qty_invoiced, line.qty_returned
        want_inv[line.id] = in_unit(line.product, line.unit_id, invoiced.get(line.id, ZERO))
        want_ret[line.id] = in_unit(line.product, line.unit_id, returned.get(line.id, ZERO))
    credited = _sums(session, CreditNoteLine, CreditNote, CreditNoteLine.origin_line_id)
    recorded_cred = dict(session.execute(select(SalesInvoiceLine.id, SalesInvoiceLine.qty_credited)
                                         .where(SalesInvoiceLine.qty_credited > ZERO)).all())
    return (_compare("outbound line invoiced", recorded_inv, want_inv)
            + _compare("outbound line returned", recorded_ret, want_ret)
            + _compare("invoice line credited", recorded_cred, credited))


@register_check("invoices and returns stand on approved outbounds")
def check_on_approved_outbounds(session: Session) -> list[str]:
    """What was invoiced or taken back was shipped: every approved invoice and return is
    made from outbounds that are still approved (one unapproved under it means goods billed
    or returned that the stock says never left)."""
    from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
    from erp.sales.returns.models import SalesReturn
    from inventory.outbounds.models import Outbound

    invoiced = (select(SalesInvoice.number, Outbound.number, Outbound.state, Outbound.id)
                .join(SalesInvoiceLine, SalesInvoiceLine.document_id == SalesInvoice.id)
                .join(Outbound, Outbound.id == SalesInvoiceLine.outbound_id))
    returned = (select(SalesReturn.number, Outbound.number, Outbound.state, Outbound.id)
                .join(Outbound, Outbound.id == SalesReturn.outbound_id))
    problems = []
    for header, stmt in ((SalesInvoice, invoiced), (SalesReturn, returned)):
        rows = session.execute(stmt.where(header.state == DocState.APPROVED, Outbound.state != DocState.APPROVED)
                               .distinct().order_by(header.number).limit(LIMIT))
        problems += [f"{doc} is approved on outbound {outbound or f'#{outbound_id}'}, which is {state.value}"
                     for doc, outbound, state, outbound_id in rows]
    return problems
