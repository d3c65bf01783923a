"""How audit rows read on a page (a document's 审批与历史, the audit log): the action and
the field names in the user's language, values as a user writes them — times on the users'
clock, 是/否, plain decimals, names instead of record ids. The rows stored stay as they are
(``erp.audit.services``); only their display is made here.

Names of referenced records cost one query per referenced table for a whole page
(:func:`present`), never one per row.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext
from sqlalchemy import Boolean, Date, DateTime, select
from sqlalchemy.orm import Session

from erp import clock
from erp.audit.models import AuditEntry
from erp.audit.services import NOISE_FIELDS
from erp.db import Base
from erp.db.types import ScaledDecimal
from erp.errors import N_
from erp.web.i18n import bilingual

#: Labels of column names, shared by every table (a model may add or override its own
#: with ``__field_labels__ = {"name": N_("Label")}``). Others show as stored.
FIELD_LABELS: dict[str, str] = {
    "account": N_("Account"),
    "active": N_("Active"),
    "address": N_("Address"),
    "allow_negative_stock": N_("Allow negative stock"),
    "amount": N_("Amount"),
    "amount_credited": N_("Amount credited"),
    "amount_gross": N_("Amount incl. VAT"),
    "amount_invoiced": N_("Amount invoiced"),
    "amount_net": N_("Amount excl. VAT"),
    "amount_open": N_("Amount open"),
    "amount_tax": N_("Tax"),
    "approved_at": N_("Approved at"),
    "approved_by_id": N_("Approved by"),
    "bank_account": N_("Bank account"),
    "bank_name": N_("Bank"),
    "barcode": N_("Barcode"),
    "base_unit_id": N_("Base unit"),
    "batch_id": N_("Batch"),
    "batch_no": N_("Batch no."),
    "batch_tracked": N_("Batch tracked"),
    "book_qty": N_("Book quantity"),
    "brand": N_("Brand"),
    "cancel_reason": N_("Cancel reason"),
    "cancelled_at": N_("Cancelled at"),
    "cancelled_by_id": N_("Cancelled by"),
    "carrier_id": N_("Carrier"),
    "category_id": N_("Category"),
    "city": N_("City"),
    "close_reason": N_("Close reason"),
    "closed_at": N_("Closed on"),
    "closed_by_id": N_("Closed by"),
    "code": N_("Code"),
    "contact": N_("Contact"),
    "cost_value": N_("Cost"),
    "counted_qty": N_("Counted quantity"),
    "created_at": N_("Created at"),
    "created_by_id": N_("Created by"),
    "credit_limit": N_("Credit limit"),
    "customer_category_id": N_("Customer category"),
    "customer_id": N_("Customer"),
    "customer_po": N_("Customer order no."),
    "delivery_date": N_("Delivery date"),
    "delivery_note_id": N_("Delivery note"),
    "description": N_("Description"),
    "discount_amount": N_("Discount amount"),
    "discount_rate": N_("Discount"),
    "display_name": N_("Display name"),
    "district": N_("District"),
    "doc_date": N_("Date"),
    "doc_type": N_("Document type"),
    "document_id": N_("Document"),
    "due_date": N_("Due date"),
    "email": N_("Email"),
    "expected_date": N_("Expected date"),
    "expiry_date": N_("Expiry date"),
    "factor": N_("Conversion factor"),
    "failed_logins": N_("Failed logins"),
    "from_warehouse_id": N_("From warehouse"),
    "invoice_id": N_("Invoice"),
    "invoice_line_id": N_("Invoice line"),
    "invoice_title": N_("Invoice title"),
    "is_default": N_("Default"),
    "last_login_at": N_("Last login"),
    "level": N_("Level"),
    "line_id": N_("Line"),
    "line_no": N_("Line no."),
    "list_price": N_("List price"),
    "locale": N_("Language"),
    "location": N_("Location"),
    "locked_until": N_("Locked until"),
    "manual": N_("Chosen by hand"),
    "max_stock": N_("Maximum stock"),
    "min_price": N_("Minimum price"),
    "min_qty": N_("Minimum quantity"),
    "name": N_("Name"),
    "new_limit": N_("New credit limit"),
    "note": N_("Note"),
    "number": N_("Number"),
    "old_limit": N_("Old credit limit"),
    "order_id": N_("Order"),
    "order_line_id": N_("Order line"),
    "origin_id": N_("Source document"),
    "origin_line_id": N_("Source line"),
    "origin_type": N_("Source document type"),
    "outbound_id": N_("Outbound"),
    "password_changed_at": N_("Password changed at"),
    "payment_terms_days": N_("Payment terms (days)"),
    "phone": N_("Phone"),
    "preferred_supplier_id": N_("Preferred supplier"),
    "price": N_("Price"),
    "price_includes_vat": N_("Prices include VAT"),
    "price_list_id": N_("Price list"),
    "price_source": N_("Price source"),
    "priority": N_("Priority"),
    "product_id": N_("Product"),
    "production_date": N_("Production date"),
    "province": N_("Province"),
    "qty": N_("Quantity"),
    "qty_base": N_("Quantity in base unit"),
    "qty_closed": N_("Quantity closed"),
    "qty_credited": N_("Quantity credited"),
    "qty_delivered": N_("Quantity delivered"),
    "qty_invoiced": N_("Quantity invoiced"),
    "qty_received": N_("Quantity received"),
    "qty_returned": N_("Quantity returned"),
    "quote_id": N_("Quote"),
    "reason": N_("Reason"),
    "reference": N_("Reference"),
    "reorder_point": N_("Reorder point"),
    "reservation_consumed": N_("Reservation used"),
    "return_line_id": N_("Return line"),
    "reversed": N_("Reversed"),
    "role_id": N_("Role"),
    "sales_return_id": N_("Sales return"),
    "salesperson_id": N_("Salesperson"),
    "shelf_life_days": N_("Shelf life (days)"),
    "ship_date": N_("Ship date"),
    "ship_to": N_("Ship to"),
    "ship_to_address": N_("Ship to"),
    "ship_to_name": N_("Recipient"),
    "ship_to_phone": N_("Recipient's phone"),
    "shipment_id": N_("Shipment"),
    "short_name": N_("Short name"),
    "sku": N_("SKU"),
    "spec": N_("Specification"),
    "state": N_("Status"),
    "status": N_("Status"),
    "submitted_at": N_("Submitted at"),
    "submitted_by_id": N_("Submitted by"),
    "supplier_id": N_("Supplier"),
    "supplier_invoice_date": N_("Supplier invoice date"),
    "supplier_invoice_no": N_("Supplier invoice no."),
    "tax_code": N_("Tax code"),
    "to_warehouse_id": N_("To warehouse"),
    "total_discount": N_("Total discount"),
    "total_gross": N_("Total incl. VAT"),
    "total_net": N_("Total excl. VAT"),
    "total_tax": N_("Total tax"),
    "unit_cost": N_("Unit cost"),
    "unit_id": N_("Unit"),
    "unit_price": N_("Unit price"),
    "uscc": N_("Unified social credit code"),
    "user_id": N_("User"),
    "username": N_("Username"),
    "valid_from": N_("Valid from"),
    "valid_to": N_("Valid to"),
    "valid_until": N_("Valid until"),
    "vat_rate": N_("VAT rate"),
    "warehouse_id": N_("Warehouse"),
    "waybill_number": N_("Waybill"),
    "weight_kg": N_("Weight (kg)"),
}

#: The actions of audit rows: automatic rows, document transitions, logins.
ACTION_LABELS: dict[str, str] = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "submit": N_("Submitted"),
    "approve": N_("Approved"),
    "reject": N_("Rejected"),
    "unapprove": N_("Unapproved"),
    "close": N_("Closed"),
    "reopen": N_("Reopened"),
    "cancel": N_("Cancelled"),
    "login": N_("Logged in"),
    "login_failed": N_("Login failed"),
    "login_locked": N_("Account locked"),
}

#: Names of rows that belong to a document but are not its lines.
CHILD_LABELS: dict[str, str] = {
    "outbound_allocations": N_("Batch allocation"),
}

#: Columns that hold a document type (``delivery_note``): shown as the document's name.
DOC_TYPE_FIELDS = frozenset({"origin_type", "doc_type"})

#: Stored columns not worth showing in a history (also left out of "update" rows).
HIDDEN_FIELDS = NOISE_FIELDS | {"id"}

_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return gettext(label) if label else action


_MODELS: dict[str, type] = {}


def model_of(entity_type: str | None) -> type | None:
    """The mapped class whose rows are audited as ``entity_type`` (a doc type or a table)."""
    if not _MODELS:
        for mapper in Base.registry.mappers:
            cls = mapper.class_
            name = getattr(cls, "__doc_type__", None) or getattr(cls, "__tablename__", None)
            if name:
                _MODELS.setdefault(name, cls)
    return _MODELS.get(entity_type or "")


def entity_name(entity_type: str) -> str:
    """A document's or table's name in the user's language ("明细行" for a document's lines)."""
    from erp.masterdata.references import TABLE_LABELS

    cls = model_of(entity_type)
    names = getattr(cls, "__doc_label__", None) or getattr(cls, "__label__", None) or TABLE_LABELS.get(entity_type)
    if names:
        return bilingual(names)
    if entity_type in CHILD_LABELS:
        return gettext(CHILD_LABELS[entity_type])
    if cls is not None and getattr(cls, "__audit_parent__", None) and cls.__name__.endswith("Line"):
        return gettext(N_("Line"))
    return entity_type


def field_label(entity_type: str | None, key: str) -> str:
    own = getattr(model_of(entity_type), "__field_labels__", None) or {}
    label = own.get(key) or FIELD_LABELS.get(key)
    return gettext(label) if label else key


def _column(cls: type | None, key: str):
    table = getattr(cls, "__table__", None)
    return table.columns.get(key) if table is not None else None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain(number: Decimal) -> str:
    """1E+3 → 1000, 54.000000 → 54, 0.1250 → 0.125."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _time(text: str) -> str:
    """A stored time (UTC, ISO) on the users' clock, to the second."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return clock.local(moment).strftime("%Y-%m-%d %H:%M:%S")


def show_value(value: Any, column=None, key: str = "") -> str:
    """One stored value as a user reads it; ``column`` (the model's, when known) says its type."""
    from erp.web.templating import fmt_money, fmt_price, fmt_qty

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext(N_("Yes")) if value else gettext(N_("No"))
    kind = column.type if column is not None else None
    if isinstance(kind, Boolean) and value in (0, 1):
        return gettext(N_("Yes")) if value else gettext(N_("No"))
    if isinstance(value, (list, dict)):
        return ", ".join(show_value(v) for v in value) if isinstance(value, list) else str(value)
    if key in DOC_TYPE_FIELDS and isinstance(value, str) and model_of(value) is not None:
        return entity_name(value)
    if key == "state":
        from erp.documents.base import STATE_LABELS, DocState

        try:
            return gettext(STATE_LABELS[DocState(value)])
        except (ValueError, KeyError):
            return str(value)
    if isinstance(kind, ScaledDecimal):
        number = _decimal(value)
        if number is None:
            return str(value)
        if kind.scale == 2:
            return fmt_money(number)
        if kind.scale == 6:
            return fmt_price(number)
        if kind.precision == 9:  # Rate(): 0.13 → 13%
            return f"{fmt_qty(number * 100)}%"
        return fmt_qty(number)
    if isinstance(kind, DateTime) or (kind is None and isinstance(value, str) and _ISO_TIME.match(value)):
        return _time(str(value))
    if isinstance(kind, Date):
        return str(value)
    if isinstance(value, str) and kind is None and "E" in value.upper():
        number = _decimal(value)  # a decimal written by an unknown table: 1E+3
        if number is not None and re.fullmatch(r"-?\d+(\.\d+)?[eE][+-]?\d+", value):
            return _plain(number)
    return str(value)


@dataclass
class Change:
    key: str
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    """An audit row ready to show: the entry itself (``at``, ``user_id``, ``note`` …) and
    its action and changes in words."""

    entry: AuditEntry
    action: str
    entity: str
    changes: list[Change] = field(default_factory=list)
    parent: str = ""

    def __getattr__(self, name: str) -> Any:
        if name == "entry":
            raise AttributeError(name)
        return getattr(self.entry, name)


def _reference_target(cls: type | None, key: str) -> type | None:
    column = _column(cls, key)
    if column is None or not column.foreign_keys:
        return None
    target = next(iter(column.foreign_keys)).column
    if target.name != "id":
        return None
    for mapper in Base.registry.mappers:
        if getattr(mapper, "local_table", None) is target.table:
            cls = mapper.class_
            return cls if cls.__str__ is not object.__str__ or hasattr(cls, "display_name") else None
    return None  # lines and other rows without a name: their id is shown


def _name_of(obj) -> str:
    """Users by their name, master data and documents as they print themselves."""
    return str(getattr(obj, "display_name", None) or obj)


def _names(session: Session, wanted: dict[type, set[int]]) -> dict[tuple[type, int], str]:
    """Names of the referenced records: one query per referenced table."""
    names: dict[tuple[type, int], str] = {}
    for cls, ids in wanted.items():
        ids = {i for i in ids if isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31}
        if not ids:
            continue
        for obj in session.scalars(select(cls).where(cls.id.in_(ids))):
            names[(cls, obj.id)] = _name_of(obj)
    return names


def present(session: Session, entries: list[AuditEntry]) -> list[HistoryRow]:
    """Audit rows as a page shows them (see the module's docstring)."""
    references: dict[tuple[str, str], type | None] = {}
    wanted: dict[type, set[int]] = {}
    for entry in entries:
        cls = model_of(entry.entity_type)
        for key, pair in (entry.changes or {}).items():
            if (entry.entity_type, key) not in references:
                references[(entry.entity_type, key)] = _reference_target(cls, key) if key.endswith("_id") else None
            target = references[(entry.entity_type, key)]
            if target is not None and isinstance(pair, (list, tuple)):
                wanted.setdefault(target, set()).update(v for v in pair if isinstance(v, int))
    names = _names(session, wanted)

    rows = []
    for entry in entries:
        cls = model_of(entry.entity_type)
        changes = []
        for key, pair in (entry.changes or {}).items():
            if key in HIDDEN_FIELDS:
                continue
            before, after = (pair if isinstance(pair, (list, tuple)) and len(pair) == 2 else (None, pair))
            target = references.get((entry.entity_type, key))
            if target is not None:
                shown = [names.get((target, v)) or show_value(v) for v in (before, after)]
            else:
                column = _column(cls, key)
                shown = [show_value(v, column, key) for v in (before, after)]
            changes.append(Change(key, field_label(entry.entity_type, key), *shown))
        rows.append(HistoryRow(entry, action_label(entry.action), entity_name(entry.entity_type), changes,
                               entity_name(entry.parent_type) if entry.parent_type else ""))
    return rows


__all__ = ["ACTION_LABELS", "FIELD_LABELS", "HistoryRow", "action_label", "field_label", "present", "show_value"]
