"""The open-item ledger (往来账), shared by receivables (应收) and payables (应付).

An **open item** is one document that leaves money open with a party: a *charge*
(an invoice: the customer owes us, or we owe the supplier) or a *payment* (a receipt
or a payment not yet applied to charges: unapplied credit). ``amount`` is what the
document booked (0 once it is unapproved), ``amount_open`` what is still open; both
change only through :mod:`finance.ledger.services`, by conditional UPDATEs, in the
same transaction as the **ledger entry** that records the change.

Entries are append-only (the database refuses UPDATE and DELETE on them, like the
audit log): every item's ``amount_open`` equals the sum of its entries, and the open
amount at any past date is the sum of the entries dated up to it. An **allocation**
(核销) applies part of a payment item to a charge item (two entries); reversing it
writes two opposite entries. A **write-off** clears a small difference on one item;
reversing it (``write_off_reversals``) puts the difference back with an opposite entry.
A **credit** (a credit note, 红字发票) reduces the charge it corrects; which credit
documents were booked, and for how much, is kept in ``booked_credits``.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, EnumString, Money, utcnow

ZERO = Decimal("0.00")


class Side(StrEnum):
    RECEIVABLE = "receivable"  # 应收: customers owe us
    PAYABLE = "payable"  # 应付: we owe suppliers


class ItemKind(StrEnum):
    CHARGE = "charge"  # an invoice (发票)
    PAYMENT = "payment"  # a receipt or payment, open while not applied (预收/预付)


class EntryType(StrEnum):
    INVOICE = "invoice"
    INVOICE_REVERSAL = "invoice_reversal"  # the invoice was unapproved or cancelled
    CREDIT_NOTE = "credit_note"
    CREDIT_NOTE_REVERSAL = "credit_note_reversal"
    PAYMENT = "payment"  # money received (收款) or paid (付款)
    PAYMENT_REVERSAL = "payment_reversal"
    ALLOCATION = "allocation"  # 核销
    ALLOCATION_REVERSAL = "allocation_reversal"
    WRITE_OFF = "write_off"
    WRITE_OFF_REVERSAL = "write_off_reversal"


#: Entries that change what the document booked (``amount``), not only what is open.
BOOKING_TYPES = frozenset({EntryType.INVOICE, EntryType.INVOICE_REVERSAL, EntryType.PAYMENT,
                           EntryType.PAYMENT_REVERSAL})


class OpenItem(Base):
    __tablename__ = "open_items"
    __audit__ = False  # the ledger entries are the record
    __table_args__ = (
        UniqueConstraint("doc_type", "doc_id"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("amount_open >= 0 AND amount_open <= amount", name="amount_open_in_range"),
        Index("ix_open_items_party", "side", "party_id", "kind"),
        Index("ix_open_items_due", "side", "kind", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    side: Mapped[Side] = mapped_column(EnumString(Side, 12))
    kind: Mapped[ItemKind] = mapped_column(EnumString(ItemKind, 10))
    #: The customer (receivable) or supplier (payable).
    party_id: Mapped[int]
    #: The document that opened it (``sales_invoice``, ``receipt`` …), its number and dates.
    doc_type: Mapped[str] = mapped_column(String(30))
    doc_id: Mapped[int]
    number: Mapped[str | None] = mapped_column(String(30))
    #: What a bank line or a payer quotes (the receipt's reference); matching reads it.
    reference: Mapped[str | None] = mapped_column(String(100))
    doc_date: Mapped[dt.date] = mapped_column(Date)
    #: When a charge falls due (payment terms); a payment's own date.
    due_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    amount_open: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def __str__(self) -> str:
        return self.number or f"{self.doc_type} #{self.doc_id}"


class LedgerEntry(Base):
    """One change of one item's open amount (signed: + opens, − settles)."""

    __tablename__ = "ledger_entries"
    __audit__ = False  # the ledger is itself the record
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        Index("ix_ledger_entries_party_date", "side", "party_id", "entry_date"),
        Index("ix_ledger_entries_item_date", "item_id", "entry_date"),
        Index("ix_ledger_entries_source", "source_type", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("open_items.id"))
    side: Mapped[Side] = mapped_column(EnumString(Side, 12))
    party_id: Mapped[int]
    entry_type: Mapped[EntryType] = mapped_column(EnumString(EntryType, 24))
    entry_date: Mapped[dt.date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    #: The document or record that caused it (the invoice, the credit note, the receipt).
    source_type: Mapped[str] = mapped_column(String(30))
    source_id: Mapped[int]
    source_number: Mapped[str | None] = mapped_column(String(30))
    allocation_id: Mapped[int | None] = mapped_column(ForeignKey("allocations.id"), index=True)
    write_off_id: Mapped[int | None] = mapped_column(ForeignKey("write_offs.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    posted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    item: Mapped[OpenItem] = relationship(lazy="joined")
    allocation: Mapped[Allocation | None] = relationship()
    write_off: Mapped[WriteOff | None] = relationship()


class Allocation(Base):
    """核销: ``amount`` of a payment item applied to a charge item of the same party, on
    ``alloc_date``. Reversing it (取消核销) stamps the reversal; the row stays."""

    __tablename__ = "allocations"
    __audit__ = False  # its ledger entries (append-only, with user and time) are the record
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_allocations_party", "side", "party_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    side: Mapped[Side] = mapped_column(EnumString(Side, 12))
    party_id: Mapped[int]
    payment_item_id: Mapped[int] = mapped_column(ForeignKey("open_items.id"), index=True)
    charge_item_id: Mapped[int] = mapped_column(ForeignKey("open_items.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    alloc_date: Mapped[dt.date] = mapped_column(Date)
    #: ``manual``, ``auto`` (confirmed proposal), ``counter`` (counter sale), ``bank``.
    method: Mapped[str] = mapped_column(String(12), default="manual")
    note: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reversed: Mapped[bool] = mapped_column(default=False)
    reversal_date: Mapped[dt.date | None] = mapped_column(Date)
    reversal_reason: Mapped[str | None] = mapped_column(String(300))
    reversed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reversed_at: Mapped[dt.datetime | None]

    payment_item: Mapped[OpenItem] = relationship(foreign_keys=[payment_item_id], lazy="joined")
    charge_item: Mapped[OpenItem] = relationship(foreign_keys=[charge_item_id], lazy="joined")


class WriteOff(Base):
    """A small difference cleared on one item (a charge short-paid, a payment's leftover)."""

    __tablename__ = "write_offs"
    __audit__ = False  # its ledger entry is the record
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    side: Mapped[Side] = mapped_column(EnumString(Side, 12))
    party_id: Mapped[int] = mapped_column(index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("open_items.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    wo_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    item: Mapped[OpenItem] = relationship(lazy="joined")
    reversal: Mapped[WriteOffReversal | None] = relationship(back_populates="write_off", lazy="selectin")

    @property
    def reversed(self) -> bool:
        return self.reversal is not None


class WriteOffReversal(Base):
    """A write-off taken back (取消尾差核销): the difference is open again from
    ``reversal_date``. At most one per write-off."""

    __tablename__ = "write_off_reversals"
    __audit__ = False  # its ledger entry is the record

    id: Mapped[int] = mapped_column(primary_key=True)
    write_off_id: Mapped[int] = mapped_column(ForeignKey("write_offs.id"), unique=True)
    reversal_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    write_off: Mapped[WriteOff] = relationship(back_populates="reversal")


class BookedCredit(Base):
    """A credit document (a credit note) as booked against its charge: ``amount`` is what
    it currently takes off the charge (0 once it was unapproved)."""

    __tablename__ = "booked_credits"
    __audit__ = False  # its entries are the record
    __table_args__ = (
        UniqueConstraint("doc_type", "doc_id"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(30))
    doc_id: Mapped[int]
    number: Mapped[str | None] = mapped_column(String(30))
    doc_date: Mapped[dt.date] = mapped_column(Date)
    item_id: Mapped[int] = mapped_column(ForeignKey("open_items.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
