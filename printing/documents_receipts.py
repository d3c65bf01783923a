"""The receipt (收款单) and the payment (付款单) on the A4 frame: money a customer paid us
or we paid a supplier, its method and reference, the amount in capitals, and how much of
it is allocated to invoices so far."""
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


def payment_spec(payment, company: Company, lang: str = "zh", *,
                 printed_at: dt.datetime | None = None) -> DocumentSpec:
    supplier = payment.supplier
    method = str(payment.method)
    fields = [Field(Bi("收款单位", "Payee"), supplier.name, span=2),
              Field(Bi("供应商编码", "Supplier code"), supplier.code),
              Field(Bi("付款日期", "Date"), payment.doc_date, "date"),
              Field(Bi("付款方式", "Method"), METHOD_NAMES.get(method, Bi(method, method))),
              Field(Bi("交易流水号/票号", "Reference"), payment.reference or ""),
              Field(Bi("开户行及账号", "Bank and account"),
                    " ".join(x for x in (supplier.bank_name, supplier.bank_account) if x), span=3)]
    if payment.bill_due_date:
        fields.append(Field(Bi("汇票到期日", "Bill due"), payment.bill_due_date, "date"))
    return DocumentSpec(
        title=Bi("付款单", "Payment"), company=company, **frame_options(payment), fields=fields,
        totals=[Total(Bi("付款金额", "Amount paid"), payment.amount, strong=True),
                Total(Bi("已核销", "Allocated"), payment.applied),
                Total(Bi("未核销（预付）", "Unapplied (prepaid)"), payment.unapplied)],
        amount_in_words=payment.amount, notes=payment.note,
        signatures=[*prepared_approved(payment), Signature(Bi("出纳", "Cashier")),
                    Signature(Bi("收款单位", "Payee"), stamp=True)],
        printed_at=printed_at, line_numbers=False,
    )


def render_receipt(receipt, lang: str = "zh", *, company: Company | None = None,
                   printed_at: dt.datetime | None = None) -> bytes:
    return render_document(receipt_spec(receipt, company_of(receipt, company), lang, printed_at=printed_at), lang)


def render_payment(payment, lang: str = "zh", *, company: Company | None = None,
                   printed_at: dt.datetime | None = None) -> bytes:
    return render_document(payment_spec(payment, company_of(payment, company), lang, printed_at=printed_at), lang)
