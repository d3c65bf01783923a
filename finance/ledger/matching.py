"""Automatic matching (自动核销): which open charges a payment should settle.

The rule, for each payment in date order: first a charge its reference names (an
invoice number quoted on the bank transfer), else a charge whose open amount is
exactly the payment's unapplied amount; then the rest goes to the oldest due charges
first. A proposal writes nothing; confirming applies it through
:func:`finance.ledger.services.allocate` (each line checked again).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from finance.ledger.models import ZERO, OpenItem

REFERENCE, EXACT, OLDEST = "reference", "exact_amount", "oldest_due"


@dataclass(frozen=True, slots=True)
class Proposal:
    """``payment`` and ``charge`` are open items (ORM objects or rows with their columns)."""

    payment: OpenItem
    charge: OpenItem
    amount: Decimal
    #: Why this charge: ``reference``, ``exact_amount`` or ``oldest_due``.
    reason: str


def _due_order(charge: OpenItem) -> tuple:
    return (charge.due_date, charge.doc_date, charge.id)


def _first_choice(payment: OpenItem, left: Decimal, charges: list[OpenItem],
                  open_: dict[int, Decimal]) -> tuple[OpenItem, str] | None:
    reference = (payment.reference or "").upper()
    if reference:
        for charge in charges:
            if charge.number and open_[charge.id] > 0 and charge.number.upper() in reference:
                return charge, REFERENCE
    for charge in charges:
        if open_[charge.id] == left:
            return charge, EXACT
    return None


def propose(payments: Iterable[OpenItem], charges: Iterable[OpenItem]) -> list[Proposal]:
    """Proposals for ``payments`` against ``charges`` (all of one side; parties are kept
    apart), consuming open amounts as it goes so that no charge is proposed twice."""
    by_party: dict[int, list[OpenItem]] = {}
    for charge in charges:
        by_party.setdefault(charge.party_id, []).append(charge)
    for group in by_party.values():
        group.sort(key=_due_order)
    open_ = {c.id: c.amount_open for group in by_party.values() for c in group}
    out: list[Proposal] = []
    for payment in sorted(payments, key=lambda p: (p.doc_date, p.id)):
        left = payment.amount_open
        group = by_party.get(payment.party_id, [])
        first = _first_choice(payment, left, group, open_) if left > 0 else None
        order = ([first[0]] if first else []) + [c for c in group if not first or c.id != first[0].id]
        for charge in order:
            if left <= 0:
                break
            take = min(left, open_[charge.id])
            if take <= 0:
                continue
            reason = first[1] if first and charge.id == first[0].id else OLDEST
            out.append(Proposal(payment, charge, take, reason))
            open_[charge.id] -= take
            left -= take
    return out


def proposed_total(proposals: Iterable[Proposal]) -> Decimal:
    return sum((p.amount for p in proposals), ZERO)
