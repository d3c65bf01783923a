"""Shipped goods as invoices and returns see them: inventory's approved outbound lines,
their sales origin (the delivery-note line, hence the order line and its price), and
how much of each remains to invoice or to return.

``OutboundLine.qty_invoiced``/``qty_returned`` are in the outbound line's unit (like its
``qty``); sales documents keep base quantities, so a quantity must come out exactly in
that unit (see :func:`in_outbound_unit`).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import bindparam, func, inspect, literal_column, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from erp.documents.base import DocState, state_term
from erp.errors import N_, Conflict, ValidationFailed
from erp.sales.chain import counted, in_unit
from erp.sales.common import read
from erp.sales.delivery.models import DeliveryNote, DeliveryNoteLine
from erp.sales.pricing import carried_price, convert_price_basis, default_unit_price
from inventory.outbounds.models import Outbound, OutboundLine

ZERO = Decimal(0)


def check_outbound_shipped(outbound: Outbound, customer_id: int | None = None) -> None:
    """Only approved outbounds of a customer (the same one when ``customer_id``) count as shipped."""
    if outbound.state != DocState.APPROVED:
        raise Conflict(N_("%(document)s is %(state)s: only approved outbounds have shipped goods."),
                       code="not_shipped", document=str(outbound), state=state_term(outbound.state))
    if outbound.customer_id is None:
        raise Conflict(N_("%(document)s has no customer."), code="no_customer", document=str(outbound))
    if customer_id is not None and outbound.customer_id != customer_id:
        raise Conflict(N_("%(document)s belongs to another customer (%(customer)s)."), code="other_customer",
                       document=str(outbound), customer=str(outbound.customer))


def note_lines_of(session: Session, outbounds: list[Outbound]) -> dict[int, DeliveryNoteLine]:
    """The delivery-note line each outbound line came from, by outbound line id."""
    ids = {line.origin_line_id: line.id for ob in outbounds if ob.origin_type == DeliveryNote.__doc_type__
           for line in ob.lines if line.origin_line_id}
    if not ids:
        return {}
    # Those loaded in the session already need no query (it would hand back the same objects).
    found = {i: session.identity_map.get(identity_key(DeliveryNoteLine, i)) for i in ids}
    missing = [i for i, line in found.items() if line is None or inspect(line).expired_attributes]
    if missing:
        found.update((n.id, n) for n in session.scalars(_NOTE_LINES, {"ids": missing}))
    return {ids[i]: line for i, line in found.items() if line is not None}


_NOTE_LINES = select(DeliveryNoteLine).where(DeliveryNoteLine.id.in_(bindparam("ids", expanding=True)))


def price_for(session: Session, line: OutboundLine, note_line: DeliveryNoteLine | None, customer, on_date: dt.date,
              includes_vat: bool, unit_id: int) -> dict:
    """Price, discount, VAT rate and order line of shipped goods per ``unit_id``: the
    delivery note's (the order's) when there is one, else the customer's price today."""
    factor = line.product.factor(unit_id) or Decimal(1)
    if note_line is not None:
        price = convert_price_basis(note_line.unit_price, note_line.vat_rate,
                                    from_incl=note_line.document.price_includes_vat, to_incl=includes_vat)
        return {"unit_price": carried_price(price, note_line.factor, factor), "discount_rate": note_line.discount_rate,
                "vat_rate": note_line.vat_rate, "order_line_id": note_line.origin_line_id,
                "price_source": note_line.document.name_zh[:120]}
    price, source = default_unit_price(session, customer, line.product, unit_id, line.qty_base, on_date, includes_vat)
    return {"unit_price": price, "discount_rate": Decimal(0), "vat_rate": line.product.vat_rate,
            "order_line_id": None, "price_source": source}


def returned(session: Session, line_ids: list[int], states=None) -> dict[int, Decimal]:
    from erp.sales.chain import LIVE
    from erp.sales.returns.models import SalesReturn, SalesReturnLine

    return counted(session, SalesReturnLine, SalesReturn, SalesReturnLine.origin_line_id, line_ids, states or LIVE)


def remaining_to_invoice(session: Session, lines: list[OutboundLine], *,
                         excluding_invoice: int | None = None) -> dict[int, Decimal]:
    """Shipped, less invoiced (net of credit notes for returns), less returned."""
    inv, ret = _taken(session, [line.id for line in lines], excluding_invoice)
    return {line.id: max(line.qty_base - inv.get(line.id, ZERO) - ret.get(line.id, ZERO), ZERO) for line in lines}


_INVOICED, _CREDITED, _RETURNED = 1, 2, 3
_TAKEN: dict[bool, object] = {}


def _taken_query(excluding_invoice: bool):
    """What invoices, credit notes for returned goods and returns that count take of the
    outbound lines ``:line_ids``, as ``(kind, line id, base quantity)`` rows: one query
    instead of three. Built once per variant (with or without ``:excluding_invoice``)."""
    from erp.sales.chain import LIVE
    from erp.sales.credit_notes.models import CreditNote, CreditNoteLine
    from erp.sales.invoices.models import SalesInvoice, SalesInvoiceLine
    from erp.sales.returns.models import SalesReturn, SalesReturnLine

    stmt = _TAKEN.get(excluding_invoice)
    if stmt is not None:
        return stmt
    line_ids = bindparam("line_ids", expanding=True)
    invoiced = (select(literal_column(str(_INVOICED)), SalesInvoiceLine.origin_line_id,
                       func.sum(SalesInvoiceLine.qty_base))
                .join(SalesInvoice, SalesInvoice.id == SalesInvoiceLine.document_id)
                .where(SalesInvoiceLine.origin_line_id.in_(line_ids), SalesInvoice.state.in_(LIVE))
                .group_by(SalesInvoiceLine.origin_line_id))
    if excluding_invoice:
        invoiced = invoiced.where(SalesInvoice.id != bindparam("excluding_invoice"))
    credited = (select(literal_column(str(_CREDITED)), SalesReturnLine.origin_line_id, func.sum(CreditNoteLine.qty_base))
                .join(CreditNoteLine, CreditNoteLine.return_line_id == SalesReturnLine.id)
                .join(CreditNote, CreditNote.id == CreditNoteLine.document_id)
                .where(SalesReturnLine.origin_line_id.in_(line_ids), CreditNote.state != DocState.CANCELLED)
                .group_by(SalesReturnLine.origin_line_id))
    returned = (select(literal_column(str(_RETURNED)), SalesReturnLine.origin_line_id,
                       func.sum(SalesReturnLine.qty_base))
                .join(SalesReturn, SalesReturn.id == SalesReturnLine.document_id)
                .where(SalesReturnLine.origin_line_id.in_(line_ids), SalesReturn.state.in_(LIVE))
                .group_by(SalesReturnLine.origin_line_id))
    stmt = _TAKEN[excluding_invoice] = union_all(invoiced, credited, returned)
    return stmt


def _taken(session: Session, line_ids: list[int],
           excluding_invoice: int | None) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """``(invoiced net of credit notes for returns, returned)`` per outbound line id."""
    invoiced: dict[int, Decimal] = {}
    returned_: dict[int, Decimal] = {}
    if not line_ids:
        return invoiced, returned_
    params = {"line_ids": list(line_ids)}
    if excluding_invoice:
        params["excluding_invoice"] = excluding_invoice
    for kind, line_id, qty in read(session, _taken_query(bool(excluding_invoice)), params):
        qty = qty or ZERO
        if kind == _RETURNED:
            returned_[line_id] = returned_.get(line_id, ZERO) + qty
        else:
            invoiced[line_id] = invoiced.get(line_id, ZERO) + (qty if kind == _INVOICED else -qty)
    return invoiced, returned_


def remaining_to_return(session: Session, lines: list[OutboundLine], *,
                        excluding_return: int | None = None) -> dict[int, Decimal]:
    """Shipped, less what returns that count already take back."""
    ids = [line.id for line in lines]
    ret = returned(session, ids)
    if excluding_return is not None:
        from erp.sales.chain import LIVE
        from erp.sales.returns.models import SalesReturn, SalesReturnLine

        mine = counted(session, SalesReturnLine, SalesReturn, SalesReturnLine.origin_line_id, ids, LIVE,
                       extra=(SalesReturn.id == excluding_return,))
        ret = {k: v - mine.get(k, ZERO) for k, v in ret.items()}
    return {line.id: line.qty_base - ret.get(line.id, ZERO) for line in lines}


def in_outbound_unit(line: OutboundLine, qty_base: Decimal) -> Decimal:
    """``qty_base`` in the outbound line's unit, or 422 when it does not come out exactly
    (e.g. 3 bottles of a line shipped in cases of 24)."""
    qty = in_unit(line.product, line.unit_id, qty_base)
    if qty is None:
        raise ValidationFailed(N_("%(product)s was shipped in %(unit)s; give a quantity that converts exactly into it."),
                               product=str(line.product), unit=line.unit.name,
                               fields={"lines": [N_("Does not convert exactly into the shipped unit.")]})
    return qty
