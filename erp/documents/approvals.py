"""The approval engine (审核), shared unchanged by every document type.

A document needs level 1 (``<doc_type>.approve``) plus every active rule that
matches its amount or flags. ``approve`` records the next level for the actor
— and every following level the same actor is also entitled to — and when
no level is left, applies the ``approve`` transition (number, stamps, audit).
While levels remain the document is ``pending`` and listed in the inbox of
whoever holds the next level's permission. Unapprove and reject void the
steps, so a re-approval starts again from level 1.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.permissions import REGISTRY
from erp.auth.services import require
from erp.db import utcnow
from erp.documents.approval_models import ApprovalRequest, ApprovalRule, ApprovalStep, RequestStatus
from erp.documents.base import (
    DOCUMENT_TYPES,
    DocState,
    Document,
)
from erp.documents.transitions import apply_transition, check_state_allows
from erp.errors import N_, Forbidden, Term, ValidationFailed

#: Flags a document type can raise, for the rule editor: {doc_type: {flag: label}}; labels are
#: English, marked ``N_()``, translated where shown.
FLAGS: dict[str, dict[str, str]] = {}


def register_flag(doc_type: str, flag: str, label: str) -> None:
    FLAGS.setdefault(doc_type, {})[flag] = label


@dataclass(frozen=True, slots=True)
class Level:
    level: int
    permission: str
    name: str
    rule_id: int | None = None

    @property
    def key(self) -> tuple[int, str]:
        return (self.level, self.permission)


def _active_rules(session: Session, doc_type: str) -> list[ApprovalRule]:
    """Active rules of a document type. The rules of every type are read together, once
    per unit of work (a sales chain approves five types; ``save_rule`` resets)."""
    cache = session.info.get("approval_rules")
    if cache is None:
        cache = {}
        for rule in session.scalars(select(ApprovalRule).where(ApprovalRule.active.is_(True))
                                    .order_by(ApprovalRule.level, ApprovalRule.id)):
            cache.setdefault(rule.doc_type, []).append(rule)
        session.info["approval_rules"] = cache
    return cache.get(doc_type, [])


@event.listens_for(Session, "before_flush")
def _forget_rules(session: Session, _ctx, _instances) -> None:
    """Rules changed in this unit of work (even added directly) are read again."""
    if "approval_rules" in session.info and any(
            isinstance(o, ApprovalRule) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop("approval_rules", None)


def required_levels(session: Session, doc: Document) -> list[Level]:
    """The levels this document needs now, in order."""
    amount = doc.approval_amount()
    flags = doc.approval_flags(session)
    levels = {(1, doc.permission("approve")): Level(1, doc.permission("approve"), "审核")}
    for rule in _active_rules(session, doc.__doc_type__):
        by_amount = rule.min_amount is not None and amount >= rule.min_amount
        by_flag = rule.flag is not None and rule.flag in flags
        unconditional = rule.min_amount is None and rule.flag is None
        if by_amount or by_flag or unconditional:
            levels.setdefault((rule.level, rule.permission), Level(rule.level, rule.permission, rule.name, rule.id))
    return sorted(levels.values(), key=lambda lv: lv.key)


def active_steps(session: Session, doc: Document) -> list[ApprovalStep]:
    return list(session.scalars(
        select(ApprovalStep)
        .where(ApprovalStep.doc_type == doc.__doc_type__, ApprovalStep.doc_id == doc.id,
               ApprovalStep.void.is_(False))
        .order_by(ApprovalStep.id)
    ))


def step_history(session: Session, doc: Document) -> list[ApprovalStep]:
    return list(session.scalars(
        select(ApprovalStep)
        .where(ApprovalStep.doc_type == doc.__doc_type__, ApprovalStep.doc_id == doc.id)
        .order_by(ApprovalStep.id)
    ))


def remaining_levels(session: Session, doc: Document) -> list[Level]:
    # A draft has no live steps: unapprove and reject void them all.
    steps = active_steps(session, doc) if doc.state != DocState.DRAFT else []
    done = {(s.level, s.permission) for s in steps}
    return [lv for lv in required_levels(session, doc) if lv.key not in done]


def can_approve_level(actor: User, doc: Document, level: Level) -> bool:
    if not actor.can(level.permission):
        return False
    limit = actor.approval_limit(doc.__doc_type__)
    return limit is None or doc.approval_amount() <= limit


def _reasons(session: Session, doc: Document) -> str:
    return "; ".join(doc.approval_flags(session).values())


def _open_request(session: Session, doc: Document) -> ApprovalRequest | None:
    return session.scalars(
        select(ApprovalRequest).where(
            ApprovalRequest.doc_type == doc.__doc_type__, ApprovalRequest.doc_id == doc.id,
            ApprovalRequest.status == RequestStatus.OPEN,
        )
    ).first()


def _upsert_request(session: Session, actor: User, doc: Document, nxt: Level) -> ApprovalRequest:
    # Everything that may query is computed before the request joins the session, so an
    # autoflush never meets a half-filled request.
    values = {"doc_label": doc.name_zh[:200], "amount": doc.approval_amount(), "next_level": nxt.level,
              "next_permission": nxt.permission, "next_name": nxt.name,
              "reasons": _reasons(session, doc) or None}
    request = _open_request(session, doc)
    if request is None:
        request = ApprovalRequest(doc_type=doc.__doc_type__, doc_id=doc.id, requested_by_id=actor.id, **values)
        session.add(request)
    else:
        for key, value in values.items():
            setattr(request, key, value)
    return request


def _close_request(session: Session, actor: User | None, doc: Document, status: RequestStatus,
                   note: str | None = None, *, was_draft: bool = False) -> None:
    if was_draft:
        return  # only a submitted (pending) document has an open request
    request = _open_request(session, doc)
    if request is not None:
        request.status = status
        request.decided_by_id = actor.id if actor else None
        request.decided_at = utcnow()
        request.decision_note = note


def _void_steps(session: Session, doc: Document, reason: str) -> None:
    session.execute(
        update(ApprovalStep)
        .where(ApprovalStep.doc_type == doc.__doc_type__, ApprovalStep.doc_id == doc.id,
               ApprovalStep.void.is_(False))
        .values(void=True, voided_at=utcnow(), void_reason=reason)
    )


def submit(session: Session, actor: User, doc: Document) -> Document:
    """Ask for approval (提交): the draft becomes pending and appears in the inbox."""
    levels = remaining_levels(session, doc)
    apply_transition(session, actor, doc, "submit")
    _upsert_request(session, actor, doc, levels[0])
    session.flush()
    return doc


def approve(session: Session, actor: User, doc: Document) -> bool:
    """Approve the next level(s) the actor is entitled to. Returns True when the
    document is now fully approved (the caller then runs its effects)."""
    check_state_allows(doc, "approve")
    was_draft = doc.state == DocState.DRAFT
    remaining = remaining_levels(session, doc)
    if not remaining:
        apply_transition(session, actor, doc, "approve", authorized=True)
        _close_request(session, actor, doc, RequestStatus.APPROVED, was_draft=was_draft)
        return True
    first = remaining[0]
    if not can_approve_level(actor, doc, first):
        if actor.can(first.permission):
            raise Forbidden(N_("%(document)s is above your approval limit."), document=str(doc),
                            code="approval_limit")
        label = Term(REGISTRY[first.permission].label) if first.permission in REGISTRY else first.permission
        raise Forbidden(N_("%(document)s needs approval by someone with: %(who)s."),
                        document=str(doc), who=label, code="approval_level")
    taken = []
    for level in remaining:
        if not can_approve_level(actor, doc, level):
            break
        taken.append(level)
    amount = doc.approval_amount()
    # Written at once with one prepared INSERT (steps are not audited: the transition's
    # row says it), so the flushes that follow have nothing of theirs to do.
    session.connection().execute(_INSERT_STEP, [
        {"doc_type": doc.__doc_type__, "doc_id": doc.id, "level": level.level, "permission": level.permission,
         "rule_id": level.rule_id, "name": level.name, "approved_by_id": actor.id, "amount": amount,
         "approved_at": utcnow(), "void": False} for level in taken])
    if len(taken) == len(remaining):
        apply_transition(session, actor, doc, "approve", authorized=True)
        _close_request(session, actor, doc, RequestStatus.APPROVED, was_draft=was_draft)
        return True
    if doc.state == DocState.DRAFT:
        apply_transition(session, actor, doc, "submit", authorized=True)
    _upsert_request(session, actor, doc, remaining[len(taken)])
    session.flush()
    return False


_INSERT_STEP = ApprovalStep.__table__.insert()


def reject(session: Session, actor: User, doc: Document, reason: str | None = None) -> Document:
    """Send a pending document back to draft (退回); its steps are voided."""
    remaining = remaining_levels(session, doc)
    if remaining and not can_approve_level(actor, doc, remaining[0]):
        raise Forbidden(N_("Only an approver of the next level can reject %(document)s."), document=str(doc))
    apply_transition(session, actor, doc, "reject", reason=reason, authorized=True)
    _void_steps(session, doc, "rejected")
    _close_request(session, actor, doc, RequestStatus.REJECTED, reason)
    session.flush()
    return doc


def unapprove(session: Session, actor: User, doc: Document, reason: str | None = None) -> Document:
    """Unapprove (弃审) back to draft: refused while downstream documents exist;
    approvals start again from level 1."""
    apply_transition(session, actor, doc, "unapprove", reason=reason)
    _void_steps(session, doc, "unapproved")
    session.flush()
    return doc


def withdraw(session: Session, actor: User, doc: Document) -> None:
    """Called when a pending or draft document is cancelled: its request closes."""
    _void_steps(session, doc, "cancelled")
    _close_request(session, actor, doc, RequestStatus.WITHDRAWN)


def inbox(session: Session, actor: User, *, doc_type: str | None = None) -> list[ApprovalRequest]:
    """Open requests whose next level this user may approve, oldest first."""
    permissions = actor.permissions
    if not permissions:
        return []
    stmt = select(ApprovalRequest).where(ApprovalRequest.status == RequestStatus.OPEN,
                                         ApprovalRequest.next_permission.in_(permissions))
    if doc_type:
        stmt = stmt.where(ApprovalRequest.doc_type == doc_type)
    out = []
    for request in session.scalars(stmt.order_by(ApprovalRequest.requested_at)):
        limit = actor.approval_limit(request.doc_type)
        if limit is None or request.amount <= limit:
            out.append(request)
    return out


def waiting_requests(session: Session, *, doc_type: str | None = None) -> list[ApprovalRequest]:
    """Every open request (what waits for whom), for managers' overview."""
    stmt = select(ApprovalRequest).where(ApprovalRequest.status == RequestStatus.OPEN)
    if doc_type:
        stmt = stmt.where(ApprovalRequest.doc_type == doc_type)
    return list(session.scalars(stmt.order_by(ApprovalRequest.requested_at)))


# --- rules (admin) ---------------------------------------------------------------------

def save_rule(session: Session, actor: User, data: dict, rule_id: int | None = None) -> ApprovalRule:
    from erp.auth.permissions import APPROVAL_RULE_MANAGE

    require(actor, APPROVAL_RULE_MANAGE)
    errors: dict[str, list[str]] = {}
    if data.get("doc_type") not in DOCUMENT_TYPES:
        errors["doc_type"] = [N_("Unknown document type.")]
    if data.get("permission") not in REGISTRY:
        errors["permission"] = [N_("Unknown permission.")]
    if data.get("level", 2) < 2:
        errors["level"] = [N_("Rules add levels 2 and above; level 1 is the normal approval.")]
    flag = data.get("flag")
    if flag and flag not in FLAGS.get(data.get("doc_type"), {}):
        errors["flag"] = [N_("This document type raises no such flag.")]
    if data.get("min_amount") is not None and data["min_amount"] < Decimal(0):
        errors["min_amount"] = [N_("Must not be negative.")]
    if errors:
        raise ValidationFailed(N_("The approval rule is not valid."), fields=errors)
    rule = session.get(ApprovalRule, rule_id) if rule_id else ApprovalRule()
    for key in ("doc_type", "level", "name", "min_amount", "flag", "permission", "active"):
        if key in data:
            setattr(rule, key, data[key])
    session.add(rule)
    session.flush()
    session.info.pop("approval_rules", None)
    return rule
