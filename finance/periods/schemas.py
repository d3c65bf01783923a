from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import InputSchema, Money, OutputSchema, Qty, Str


class PeriodOut(OutputSchema):
    month = fields.String()
    closed = fields.Boolean()
    closed_at = fields.Function(lambda p: p.period.closed_at.isoformat() if p.period and p.period.closed_at else None)
    closed_by_id = fields.Function(lambda p: p.period.closed_by_id if p.period else None)
    reopened_at = fields.Function(lambda p: p.period.reopened_at.isoformat()
                                  if p.period and p.period.reopened_at else None)
    reopen_reason = fields.Function(lambda p: p.period.reopen_reason if p.period else None)


class BlockerOut(OutputSchema):
    kind = fields.String()
    message = fields.String()
    doc_type = fields.String()
    doc_id = fields.Integer()


class PeriodDetailOut(PeriodOut):
    blockers = fields.List(fields.Nested(BlockerOut))
    snapshot = fields.Dict()


class ReopenIn(InputSchema):
    reason = Str(300, required=True)


class StockSnapshotOut(OutputSchema):
    product_id = fields.Integer()
    warehouse_id = fields.Integer()
    qty = Qty()
    value = Money()
