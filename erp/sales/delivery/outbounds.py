"""Making inventory's outbound (销售出库单) from what remains of an approved delivery note.

The outbound names the note as its origin (``origin_type``/``origin_id``, and each line
its note line), so that approving it consumes what the note reserved. Batches are chosen
FEFO, honouring the customer's minimum remaining shelf life, unless a line names its own
(``batch_id`` or ``allocations`` ``[{batch_id, qty}]`` in the base unit: the override).
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.sales import common
from erp.sales.chain import LIVE, wanted_lines
from erp.sales.delivery.models import DeliveryNote
from inventory.outbounds import services as outbounds
from inventory.outbounds.models import Outbound, OutboundLine
from inventory.permissions import OUTBOUND_EDIT


def remaining_to_ship(session: Session, note: DeliveryNote) -> dict[int, Decimal]:
    """Base quantity of each note line not yet on an outbound that counts (drafts too)."""
    taken = dict(common.read(session, _SHIPPING, {"line_ids": [li.id for li in note.lines],
                                                   "origin_type": note.__doc_type__, "origin_id": note.id}).all())
    return {line.id: line.qty_base - (taken.get(line.id) or Decimal(0)) for line in note.lines}


#: What outbounds that count (drafts too) made from a note take of its lines; built once.
_SHIPPING = (select(OutboundLine.origin_line_id, func.sum(OutboundLine.qty_base))
             .join(Outbound, Outbound.id == OutboundLine.document_id)
             .where(OutboundLine.origin_line_id.in_(bindparam("line_ids", expanding=True)), Outbound.state.in_(LIVE),
                    Outbound.origin_type == bindparam("origin_type"), Outbound.origin_id == bindparam("origin_id"))
             .group_by(OutboundLine.origin_line_id))


def make_outbound(session: Session, actor: User, note_id: int, data: dict) -> Outbound:
    """An outbound for all that remains of the note, or for ``lines`` ``[{origin_line_id,
    qty, unit_id?, batch_id? | allocations?}]``; ``data`` may give ``doc_date`` and ``note``.
    Lines without a chosen batch are allocated FEFO now, as far as stock allows (approval
    needs them in full). Raises ``Conflict`` (note not approved, nothing remains),
    ``ValidationFailed`` (beyond what remains, batches), ``Forbidden``."""
    from erp.auth.services import require

    require(actor, OUTBOUND_EDIT)
    note = common.lock(session, DeliveryNote, note_id)
    common.check_upstream_approved(note, "make an outbound")
    requested = data.get("lines")
    wanted = wanted_lines(session, note.lines, remaining_to_ship(session, note), requested, document=str(note))
    overrides = {item["origin_line_id"]: item for item in requested or ()}
    lines = []
    for w in wanted:
        line = {"product_id": w.origin.product_id, "unit_id": w.unit_id, "qty": w.qty, "origin_line_id": w.origin.id}
        chosen = overrides.get(w.origin.id, {})
        for key in ("batch_id", "allocations"):
            if chosen.get(key):
                line[key] = chosen[key]
        lines.append(line)
    doc = outbounds.create_outbound(session, actor, {
        "warehouse_id": note.warehouse_id, "customer_id": note.customer_id, "doc_date": data.get("doc_date"),
        "origin_type": note.__doc_type__, "origin_id": note.id, "note": data.get("note") or note.name_zh,
        "lines": lines}, allocate_partial=True)
    return doc
