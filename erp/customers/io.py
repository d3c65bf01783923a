"""Customers as a table for import and export (客户档案导入导出).

Flat columns: the first contact and the default ship-to address travel with the
customer; other contacts and addresses are kept as they are on update.
"""
from __future__ import annotations

from sqlalchemy import func, select

from erp.auth.models import User
from erp.auth.permissions import CUSTOMER_IMPORT
from erp.customers import services
from erp.customers.models import Customer, CustomerCategory
from erp.customers.schemas import CustomerIn, CustomerUpdateIn
from erp.errors import N_
from erp.imports.spec import Column, RowErrors, TableSpec


def _first_contact(c: Customer):
    return c.contacts[0] if c.contacts else None


def _attr(getter, name):
    def read(c):
        obj = getter(c)
        return getattr(obj, name) if obj is not None else None
    return read


COLUMNS = [
    Column("code", "客户编码", "Code", lambda c: c.code),
    Column("name", "客户名称", "Name", lambda c: c.name),
    Column("short_name", "简称", "Short name", lambda c: c.short_name),
    Column("category_code", "客户分类编码", "Category code", lambda c: c.category.code),
    Column("uscc", "统一社会信用代码", "USCC", lambda c: c.uscc),
    Column("phone", "电话", "Phone", lambda c: c.phone),
    Column("email", "邮箱", "Email", lambda c: c.email),
    Column("credit_limit", "信用额度", "Credit limit", lambda c: c.credit_limit, "decimal"),
    Column("payment_terms_days", "账期天数", "Payment terms days", lambda c: c.payment_terms_days, "int"),
    Column("price_list_code", "价格政策编码", "Price list code", lambda c: c.price_list.code if c.price_list else None),
    Column("member_card_no", "会员卡号", "Member card no", lambda c: c.member_card_no),
    Column("salesperson", "业务员", "Salesperson", lambda c: c.salesperson.username if c.salesperson else None),
    Column("min_remaining_shelf_days", "最短剩余保质期天数", "Min remaining shelf days",
           lambda c: c.min_remaining_shelf_days, "int"),
    Column("invoice_title", "开票抬头", "Invoice title", lambda c: c.invoice_title),
    Column("bank_name", "开户银行", "Bank name", lambda c: c.bank_name),
    Column("bank_account", "银行账号", "Bank account", lambda c: c.bank_account),
    Column("contact_name", "联系人", "Contact name", _attr(_first_contact, "name")),
    Column("contact_phone", "联系人电话", "Contact phone", _attr(_first_contact, "phone")),
    Column("recipient", "收货人", "Recipient", _attr(lambda c: c.default_address, "recipient")),
    Column("recipient_phone", "收货电话", "Recipient phone", _attr(lambda c: c.default_address, "phone")),
    Column("province", "省", "Province", _attr(lambda c: c.default_address, "province")),
    Column("city", "市", "City", _attr(lambda c: c.default_address, "city")),
    Column("district", "区县", "District", _attr(lambda c: c.default_address, "district")),
    Column("address", "收货地址", "Address", _attr(lambda c: c.default_address, "address")),
    Column("active", "启用", "Active", lambda c: c.active, "bool"),
    Column("note", "备注", "Note", lambda c: c.note),
]

PLAIN = ("code", "name", "short_name", "uscc", "phone", "email", "credit_limit", "payment_terms_days",
         "member_card_no", "min_remaining_shelf_days", "invoice_title", "bank_name", "bank_account", "active", "note")
NOT_NULL = {"code", "name", "payment_terms_days", "active"}
ADDRESS = {"recipient": "recipient", "recipient_phone": "phone", "province": "province", "city": "city",
           "district": "district", "address": "address"}


def find(session, code: str) -> Customer | None:
    return session.scalar(select(Customer).where(func.lower(Customer.code) == code.lower()))


def to_input(session, cells: dict, existing: Customer | None) -> dict:
    """Cells → customer input: codes of categories and price lists and the salesperson's
    user name become ids; the contact and address columns fill the first contact and the
    default address."""
    from erp.pricing.models import PriceList

    # A blank cell clears an optional field of an existing customer; it never clears a required one.
    data = {k: cells[k] for k in PLAIN if k in cells and (cells[k] is not None or (
        existing is not None and k not in NOT_NULL))}
    errors: dict[str, list[str]] = {}
    if cells.get("category_code") is not None:
        category = session.scalar(select(CustomerCategory).where(CustomerCategory.code == cells["category_code"]))
        if category is None:
            errors["category_code"] = [N_("Unknown category.")]
        else:
            data["category_id"] = category.id
    if "price_list_code" in cells:
        code = cells["price_list_code"]
        price_list = session.scalar(select(PriceList).where(PriceList.code == code)) if code else None
        if code and price_list is None:
            errors["price_list_code"] = [N_("Unknown price list.")]
        data["price_list_id"] = price_list.id if price_list else None
    if "salesperson" in cells:
        name = cells["salesperson"]
        user = session.scalar(select(User).where(func.lower(User.username) == name.lower())) if name else None
        if name and user is None:
            errors["salesperson"] = [N_("Unknown user.")]
        data["salesperson_id"] = user.id if user else None
    if errors:
        raise RowErrors(errors)
    _contact(cells, existing, data)
    _address(cells, existing, data)
    return data


def _contact(cells: dict, existing: Customer | None, data: dict) -> None:
    if not cells.get("contact_name"):
        return
    row = {"name": cells["contact_name"], "phone": cells.get("contact_phone")}
    others = []
    if existing is not None and existing.contacts:
        row["id"] = existing.contacts[0].id
        others = [{"id": c.id} for c in existing.contacts[1:]]
    data["contacts"] = [row] + others


def _address(cells: dict, existing: Customer | None, data: dict) -> None:
    """The default ship-to address; recipient and phone default to the contact's."""
    if not cells.get("address"):
        return
    current = existing.default_address if existing is not None else None
    row = {field: cells.get(column) for column, field in ADDRESS.items() if column in cells}
    row["recipient"] = (cells.get("recipient") or cells.get("contact_name")
                        or (current.recipient if current else None))
    row["phone"] = (cells.get("recipient_phone") or cells.get("contact_phone") or cells.get("phone")
                    or (current.phone if current else None))
    row["is_default"] = True
    others = []
    if current is not None:
        row["id"] = current.id
        others = [{"id": a.id, "is_default": False} for a in existing.addresses if a is not current]
    data["addresses"] = [row] + others


def _update(session, actor, customer: Customer, data: dict) -> Customer:
    return services.update_customer(session, actor, customer.id, data)


CUSTOMER_TABLE = TableSpec(
    name="customers", title="客户档案", columns=COLUMNS, key="code", permission=CUSTOMER_IMPORT,
    create_schema=CustomerIn, update_schema=CustomerUpdateIn, find=find, to_input=to_input,
    create=services.create_customer, update=_update,
    field_columns={"category_id": "category_code", "price_list_id": "price_list_code",
                   "salesperson_id": "salesperson", "contacts": "contact_name", "addresses": "address",
                   "contacts.phone": "contact_phone", "addresses.recipient": "recipient",
                   "addresses.phone": "recipient_phone", "addresses.province": "province", "addresses.city": "city",
                   "addresses.district": "district"},
)
