"""The receipt (收款单) and the payment (付款单) on the A4 frame: money a customer paid us
or we paid a supplier, its method and reference, the amount in capitals, and how much of
it is allocated to invoices so far."""
from __future__ import annotations

import datetime as dt

from printing.company import Company
from printing.document_parts import frame_options, prepared_approved, renderer
from printing.documents import DocumentSpec, Field, Signature, Total
from printing.documents_counter import METHOD_NAMES
from printing.text import Bi


def _money_document_spec(doc, company: Company, title: Bi, party_fields: list[Field], words: dict[str, Bi],
                         signatures: list[Signature], printed_at: dt.datetime | None) -> DocumentSpec:
    """What a receipt and a payment print alike: the party, date, method, reference (and a
    bill's due date), the amount in capitals, and how much of it is allocated so far."""
    method = str(doc.method)
    fields = [*party_fields,
              Field(words["date"], doc.doc_date, "date"),
              Field(words["method"], METHOD_NAMES.get(method, Bi(method, method))),
              Field(Bi("交易流水号/票号", "Reference"), doc.reference or "")]
    if doc.bill_due_date:
        fields.append(Field(Bi("汇票到期日", "Bill due"), doc.bill_due_date, "date"))
    return DocumentSpec(
        title=title, company=company, **frame_options(doc), fields=fields,
        totals=[Total(words["amount"], doc.amount, strong=True), Total(Bi("已核销", "Allocated"), doc.applied),
                Total(words["unapplied"], doc.unapplied)],
        amount_in_words=doc.amount, notes=doc.note,
        signatures=[*prepared_approved(doc), Signature(Bi("出纳", "Cashier")), *signatures],
        printed_at=printed_at, line_numbers=False,
    )


def receipt_spec(receipt, company: Company, lang: str = "zh", *,
                 printed_at: dt.datetime | None = None) -> DocumentSpec:
    customer = receipt.customer
    return _money_document_spec(
        receipt, company, Bi("收款单", "Receipt"),
        [Field(Bi("付款客户", "Customer"), customer.name, span=2), Field(Bi("客户编码", "Customer code"), customer.code)],
        {"date": Bi("收款日期", "Date"), "method": Bi("收款方式", "Method"),
         "amount": Bi("收款金额", "Amount received"), "unapplied": Bi("未核销", "Unapplied")},
        [Signature(Bi("交款人", "Paid by"), stamp=True)], printed_at)


def payment_spec(payment, company: Company, lang: str = "zh", *,
                 printed_at: dt.datetime | None = None) -> DocumentSpec:
    supplier = payment.supplier
    bank = " ".join(x for x in (supplier.bank_name, supplier.bank_account) if x)
    return _money_document_spec(
        payment, company, Bi("付款单", "Payment"),
        [Field(Bi("收款单位", "Payee"), supplier.name, span=2), Field(Bi("供应商编码", "Supplier code"), supplier.code),
         Field(Bi("开户行及账号", "Bank and account"), bank, span=3)],
        {"date": Bi("付款日期", "Date"), "method": Bi("付款方式", "Method"),
         "amount": Bi("付款金额", "Amount paid"), "unapplied": Bi("未核销（预付）", "Unapplied (prepaid)")},
        [Signature(Bi("收款单位", "Payee"), stamp=True)], printed_at)


render_receipt = renderer(receipt_spec)
render_payment = renderer(payment_spec)
