"""The receipt (收款单) on the A4 frame: money a customer paid, its method and reference,
the amount in capitals, and how much of it is allocated to invoices so far."""
from __future__ import annotations

import datetime as dt

from printing.company import Company
from printing.document_parts import company_of, frame_options, prepared_approved
from printing.documents import DocumentSpec, Field, Signature, Total, render_document
from printing.documents_counter import METHOD_NAMES
from printing.text import Bi


def receipt_spec(receipt, company: Company, lang: str = "zh", *,
                 printed_at: dt.datetime | None = None) -> DocumentSpec:
    customer = receipt.customer
    method = str(receipt.method)
    fields = [Field(Bi("付款客户", "Customer"), customer.name, span=2),
              Field(Bi("客户编码", "Customer code"), customer.code),
              Field(Bi("收款日期", "Date"), receipt.doc_date, "date"),
              Field(Bi("收款方式", "Method"), METHOD_NAMES.get(method, Bi(method, method))),
              Field(Bi("交易流水号/票号", "Reference"), receipt.reference or "")]
    if receipt.bill_due_date:
        fields.append(Field(Bi("汇票到期日", "Bill due"), receipt.bill_due_date, "date"))
    return DocumentSpec(
        title=Bi("收款单", "Receipt"), company=company, **frame_options(receipt), fields=fields,
        totals=[Total(Bi("收款金额", "Amount received"), receipt.amount, strong=True),
                Total(Bi("已核销", "Allocated"), receipt.applied),
                Total(Bi("未核销", "Unapplied"), receipt.unapplied)],
        amount_in_words=receipt.amount, notes=receipt.note,
        signatures=[*prepared_approved(receipt), Signature(Bi("出纳", "Cashier")),
                    Signature(Bi("交款人", "Paid by"), stamp=True)],
        printed_at=printed_at, line_numbers=False,
    )


def render_receipt(receipt, lang: str = "zh", *, company: Company | None = None,
                   printed_at: dt.datetime | None = None) -> bytes:
    return render_document(receipt_spec(receipt, company_of(receipt, company), lang, printed_at=printed_at), lang)
