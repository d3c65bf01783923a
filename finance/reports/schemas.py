"""Query, input and output schemas of the sales reports, targets and dashboard."""
from __future__ import annotations

from flask_babel import gettext
from marshmallow import fields, validate

from erp import clock
from erp.api.schemas import InputSchema, Money, OutputSchema, Qty, Str
from finance.reports.sales import REPORTS

FORMAT = Str(4, load_default="json", validate=[validate.OneOf(["json", "csv", "xlsx"])])
QUERY_ID = {"allow_none": True, "validate": validate.Range(min=1, max=2**31 - 1)}


def this_year() -> int:
    return clock.today().year


def Percent() -> fields.Decimal:  # noqa: N802 - reads like a type
    return fields.Decimal(as_string=True, allow_none=True)


class SalesReportQuery(InputSchema):
    """``by`` one of month, customer, customer-category, product, product-category,
    salesperson, warehouse; the period (this year so far by default) and filters;
    ``format``: json, or a csv / xlsx download."""

    by = Str(20, load_default="month", validate=[validate.OneOf(list(REPORTS))])
    date_from = fields.Date(allow_none=True)
    date_to = fields.Date(allow_none=True)
    warehouse_id = fields.Integer(**QUERY_ID)
    customer_id = fields.Integer(**QUERY_ID)
    customer_category_id = fields.Integer(**QUERY_ID)
    product_category_id = fields.Integer(**QUERY_ID)
    salesperson_id = fields.Integer(**QUERY_ID)
    category_level = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=9))
    format = FORMAT


class FiguresOut(OutputSchema):
    qty = Qty()
    amount_net = Money()
    amount_tax = Money()
    amount_gross = Money()
    cost = Money()
    margin = Money()
    margin_pct = Percent()


class SalesRowOut(FiguresOut):
    id = fields.Integer(allow_none=True)
    period = fields.String(allow_none=True)
    code = fields.String()
    name = fields.Function(lambda row: row.label)
    unit = fields.String(allow_none=True)


class SalesReportOut(OutputSchema):
    by = fields.String()
    date_from = fields.Date()
    date_to = fields.Date()
    category_level = fields.Integer(allow_none=True)
    rows = fields.List(fields.Nested(SalesRowOut))
    total = fields.Nested(FiguresOut)


class TargetsQuery(InputSchema):
    year = fields.Integer(load_default=this_year, validate=validate.Range(min=2000, max=2999))


class TargetCellIn(InputSchema):
    # Not strict: the targets grid posts its cells as form text.
    salesperson_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    month = fields.Integer(required=True, validate=validate.Range(min=1, max=12))
    #: Net sales target; null removes the target.
    amount = Money(minimum=0, allow_none=True, load_default=None)


class TargetsIn(InputSchema):
    targets = fields.List(fields.Nested(TargetCellIn), required=True, validate=validate.Length(max=5000))


class TargetGridIn(TargetsIn):
    """The targets grid page: the year and its cells."""

    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2999))


class TargetOut(OutputSchema):
    id = fields.Integer()
    salesperson_id = fields.Integer()
    salesperson = fields.Function(lambda t: t.salesperson.display_name)
    year = fields.Integer()
    month = fields.Integer()
    amount = Money()


class AchievementQuery(InputSchema):
    year = fields.Integer(load_default=this_year, validate=validate.Range(min=2000, max=2999))
    month_from = fields.Integer(load_default=1, validate=validate.Range(min=1, max=12))
    month_to = fields.Integer(load_default=12, validate=validate.Range(min=1, max=12))
    salesperson_id = fields.Integer(**QUERY_ID)
    format = FORMAT


class AchievementOut(OutputSchema):
    target = Money(allow_none=True)
    actual = Money()
    achievement_pct = Percent()
    previous = Money()
    growth_pct = Percent()
    last_year = Money()
    yoy_pct = Percent()


class MonthAchievementOut(AchievementOut):
    month = fields.Integer()


class SalespersonLineOut(OutputSchema):
    salesperson_id = fields.Integer(allow_none=True)
    name = fields.Function(lambda line: gettext(line.name) if line.name_is_label else line.name)
    months = fields.List(fields.Nested(MonthAchievementOut))
    total = fields.Nested(AchievementOut)


class AchievementReportOut(OutputSchema):
    year = fields.Integer()
    months = fields.List(fields.Integer())
    lines = fields.List(fields.Nested(SalespersonLineOut))
    month_totals = fields.List(fields.Nested(MonthAchievementOut))
    total = fields.Nested(AchievementOut)


class DashboardQuery(InputSchema):
    as_of = fields.Date(allow_none=True)
    top = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class AgingBucketOut(OutputSchema):
    key = fields.String()
    title = fields.String()
    amount = Money()


class StockValueOut(OutputSchema):
    warehouse_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    qty = Qty()
    value = Money()


class DashboardOut(OutputSchema):
    as_of = fields.Date()
    date_from = fields.Date()
    trend = fields.List(fields.Nested(SalesRowOut))
    period_total = fields.Nested(FiguresOut)
    month_growth_pct = Percent()
    top_customers = fields.List(fields.Nested(SalesRowOut))
    top_products = fields.List(fields.Nested(SalesRowOut))
    receivables_total = Money(allow_none=True)
    overdue_total = Money(allow_none=True)
    aging = fields.Method("_aging")
    stock = fields.List(fields.Nested(StockValueOut))
    stock_total = Money()

    def _aging(self, dashboard):
        if dashboard.aging is None:
            return None
        return AgingBucketOut(many=True).dump(
            [{"key": b.key, "title": b.title(), "amount": a}
             for b, a in zip(dashboard.aging.buckets, dashboard.aging.totals, strict=True)])
