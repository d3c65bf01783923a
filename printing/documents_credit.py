"""The credit limit change (信用额度调整单) on the A4 frame: each customer's limit before
and after, and the change, for the sales manager and finance to sign."""
from __future__ import annotations

import datetime as dt

from printing.company import Company
from printing.document_parts import frame_options, prepared_approved, renderer
from printing.documents import Column, DocumentSpec, Field, Signature
from printing.text import Bi


def _old_limit(line):
    """The limit the line replaces: kept at approval; a draft shows the limit in force."""
    return line.old_limit if line.old_limit is not None else line.customer.credit_limit


def _change(line):
    old = _old_limit(line)
    return line.new_limit - old if old is not None else None


def credit_change_spec(doc, company: Company, lang: str = "zh", *,
                       printed_at: dt.datetime | None = None) -> DocumentSpec:
    return DocumentSpec(
        title=Bi("信用额度调整单", "Credit limit change"), company=company, **frame_options(doc),
        fields=[Field(Bi("日期", "Date"), doc.doc_date, "date"),
                Field(Bi("调整原因", "Reason"), doc.reason or "", span=2)],
        columns=[Column(Bi("客户编码", "Customer code"), lambda ln: ln.customer.code, 1.2),
                 Column(Bi("客户名称", "Customer"), lambda ln: ln.customer.name, 3.0),
                 Column(Bi("原信用额度", "Old limit"), _old_limit, 1.2, "money"),
                 Column(Bi("新信用额度", "New limit"), "new_limit", 1.2, "money"),
                 Column(Bi("调整额", "Change"), _change, 1.2, "money")],
        rows=list(doc.lines), notes=doc.note,
        signatures=[*prepared_approved(doc), Signature(Bi("财务复核", "Finance review"))],
        printed_at=printed_at,
    )


render_credit_change = renderer(credit_change_spec)
