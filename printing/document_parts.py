"""What the layouts of business documents share: the company of the document's
database, the people who made and approved it, the draft watermark, the parties
(customer, supplier) and the chain references.

Layouts read the models only; nothing here writes.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session, object_session

from erp.auth.models import User
from erp.documents.base import DocState, Document
from printing.company import Company, company_from_settings
from printing.documents import render_document
from printing.spec import DocRef, DocumentSpec, Signature
from printing.text import Bi, Text

#: The faint diagonal text of documents that are not (or no longer) valid.
WATERMARKS: dict[DocState, Bi] = {
    DocState.DRAFT: Bi("草稿", "DRAFT"),
    DocState.PENDING: Bi("待审核", "PENDING APPROVAL"),
    DocState.CANCELLED: Bi("已作废", "CANCELLED"),
}

#: A document's kind as printed in the chain line, by doc_type.
DOC_KINDS: dict[str, Bi] = {
    "quote": Bi("报价单", "Quote"),
    "sales_order": Bi("销售订单", "Sales order"),
    "delivery_note": Bi("发货单", "Delivery note"),
    "outbound": Bi("销售出库单", "Outbound"),
    "sales_invoice": Bi("销售发票", "Invoice"),
    "sales_return": Bi("退货单", "Sales return"),
    "credit_note": Bi("红字发票", "Credit note"),
    "purchase_order": Bi("采购订单", "Purchase order"),
    "goods_receipt": Bi("采购入库单", "Goods receipt"),
    "purchase_return": Bi("采购退货单", "Purchase return"),
    "receipt": Bi("收款单", "Receipt"),
}


def session_of(doc) -> Session:
    session = object_session(doc)
    if session is None:
        raise ValueError(f"{doc!r} is not attached to a session")
    return session


def company_of(doc, company: Company | None = None) -> Company:
    """``company`` when given, else the company as the settings of the document's database have it."""
    return company if company is not None else company_from_settings(session_of(doc))


def renderer(spec: Callable[..., DocumentSpec]) -> Callable[..., bytes]:
    """``render_x(doc, lang="zh", *, company=None, printed_at=None) -> bytes`` of a layout
    ``spec(doc, company, lang, *, printed_at)``: the company of the document's database
    unless given."""

    def render(doc, lang: str = "zh", *, company: Company | None = None,
               printed_at: dt.datetime | None = None) -> bytes:
        return render_document(spec(doc, company_of(doc, company), lang, printed_at=printed_at), lang)

    render.__doc__ = f"The PDF of :func:`{spec.__name__}`."
    return render


def person(doc, user_id: int | None) -> str:
    """The display name of a user of the document's database ("" for nobody)."""
    if not user_id:
        return ""
    user = session_of(doc).get(User, user_id)
    return user.display_name if user is not None else ""


def is_valid(doc: Document) -> bool:
    """Approved (or closed after approval): a document to act on and to scan."""
    return doc.state in (DocState.APPROVED, DocState.CLOSED)


def watermark(doc: Document) -> Bi | None:
    """草稿 / 待审核 / 已作废 across the page of a document that is not approved."""
    return WATERMARKS.get(doc.state)


def frame_options(doc: Document) -> dict:
    """The :class:`~printing.spec.DocumentSpec` arguments every document layout sets the same
    way: the number (a Code 128 only once approved), the watermark and the PDF title."""
    return {"number": doc.number, "barcode": is_valid(doc), "watermark": watermark(doc)}


def prepared_approved(doc: Document) -> list[Signature]:
    """制单 (the author) and 审核 (who approved), pre-filled."""
    return [Signature(Bi("制单", "Prepared by"), person(doc, doc.created_by_id)),
            Signature(Bi("审核", "Approved by"), person(doc, doc.approved_by_id))]


def refs(docs: Iterable[Document | None]) -> list[DocRef]:
    """Chain references of documents (drafts without a number show ``#id``)."""
    out = []
    for d in docs:
        if d is None:
            continue
        kind = DOC_KINDS.get(d.__doc_type__) or Bi(d.__doc_label__[0], d.__doc_label__[1])
        out.append(DocRef(kind, d.label))
    return out


def address_of(customer) -> tuple[str, str, str]:
    """(recipient, phone, full address) of the customer's default ship-to address, or its
    name and phone with no address."""
    address = customer.default_address if customer is not None else None
    if address is not None:
        return address.recipient, address.phone, address.full
    if customer is None:
        return "", "", ""
    return customer.name, customer.phone or "", ""


def party_lines(name: str, tax_id: str | None, address_phone: str, bank: str) -> list[tuple[Text, str]]:
    """The four lines a Chinese invoice prints for a buyer or a seller."""
    return [(Bi("名称", "Name"), name), (Bi("纳税人识别号", "Tax ID"), tax_id or ""),
            (Bi("地址、电话", "Address, phone"), address_phone), (Bi("开户行及账号", "Bank and account"), bank)]


def join(*parts: str | None, sep: str = " ") -> str:
    return sep.join(p for p in parts if p)

