"""The document foundation, proven on the credit limit change (信用额度调整单):
states, numbers at approval, read-only after approval, multi-level approvals,
downstream checks, closed periods and the audit trail."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp import clock
from erp.audit.models import AuditEntry
from erp.auth.models import UserApprovalLimit
from erp.customers import credit_services as credit
from erp.customers.credit import CreditLimitChange
from erp.documents import approvals
from erp.documents.approval_models import ApprovalRule, ApprovalStep
from erp.documents.base import DocState
from erp.errors import (
    DownstreamExists,
    Forbidden,
    InvalidTransition,
    PeriodClosed,
    ReadOnlyDocument,
    ValidationFailed,
)
from erp.periods.models import Period


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user("sales_clerk"),
        "manager": make_user("sales_manager"),
        "finance": make_user("finance"),
        "warehouse": make_user("warehouse"),
    }


@pytest.fixture
def customer(make_customer):
    return make_customer(credit_limit=D("10000.00"))


def draft(db, actor, customer, new_limit="30000", **extra):
    return credit.create_credit_change(db, actor, {"lines": [{"customer_id": customer.id, "new_limit": D(new_limit)}],
                                                   "reason": "年度调整", **extra})


def audit_actions(db, doc):
    return [e.action for e in db.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "credit_change", AuditEntry.entity_id == str(doc.id)).order_by(AuditEntry.id))]


def test_a_draft_has_no_number_and_approval_gives_one(db, people, customer):
    doc = draft(db, people["clerk"], customer)
    assert doc.state == DocState.DRAFT and doc.number is None
    credit.approve_credit_change(db, people["manager"], doc.id)
    assert doc.state == DocState.APPROVED
    assert doc.number == f"CL{clock.today():%Y%m%d}-0001"
    assert doc.approved_by_id == people["manager"].id and doc.approved_at is not None
    assert customer.credit_limit == D("30000.00")
    assert doc.lines[0].old_limit == D("10000.00")
    assert audit_actions(db, doc) == ["create", "approve"]


def test_numbers_follow_on_and_abandoned_drafts_burn_none(db, people, customer, make_customer):
    first = draft(db, people["clerk"], customer)
    abandoned = draft(db, people["clerk"], make_customer())
    credit.delete_credit_change(db, people["clerk"], abandoned.id)
    second = draft(db, people["clerk"], make_customer())
    credit.approve_credit_change(db, people["manager"], second.id)
    credit.approve_credit_change(db, people["manager"], first.id)
    assert second.number.endswith("-0001")
    assert first.number.endswith("-0002")


def test_approved_documents_are_read_only_through_the_service_and_the_orm(db, people, customer):
    doc = draft(db, people["clerk"], customer)
    credit.approve_credit_change(db, people["manager"], doc.id)
    with pytest.raises(ReadOnlyDocument):
        credit.update_credit_change(db, people["manager"], doc.id, {"reason": "改"})
    doc.reason = "偷偷改"
    with pytest.raises(ReadOnlyDocument) as info:
        db.flush()
    assert "reason" in info.value.fields
    db.rollback()


def test_lines_of_an_approved_document_cannot_change(db, people, customer):
    doc = draft(db, people["clerk"], customer)
    credit.approve_credit_change(db, people["manager"], doc.id)
    doc.lines[0].new_limit = D("1")
    with pytest.raises(ReadOnlyDocument):
        db.flush()
    db.rollback()


def test_only_drafts_are_deleted(db, people, customer):
    doc = draft(db, people["clerk"], customer)
    credit.approve_credit_change(db, people["manager"], doc.id)
    with pytest.raises(ReadOnlyDocument) as info:
        credit.delete_credit_change(db, people["manager"], doc.id)
    assert "Only drafts" in str(info.value)


def test_an_illegal_transition_names_the_current_and_allowed_states(db, people, customer):
    doc = draft(db, people["clerk"], customer)
    with pytest.raises(InvalidTransition) as info:
        credit.unapprove_credit_change(db, people["manager"], doc.id)
    assert info.value.params["state"] == "draft"
    assert info.value.params["allowed"] == ("approved",)
    assert info.value.render().endswith(": it is draft; only approved can be.")
    assert info.value.status == 409


def test_the_clerk_cannot_approve_but_can_submit_into_the_managers_inbox(db, people, customer):
    doc = draft(db, people["clerk"], customer)
    with pytest.raises(Forbidden):
        credit.approve_credit_change(db, people["clerk"], doc.id)
    credit.submit_credit_change(db, people["clerk"], doc.id)
    assert doc.state == DocState.PENDING
    assert [r.doc_id for r in approvals.inbox(db, people["manager"])] == [doc.id]
    assert approvals.inbox(db, people["clerk"]) == []
    credit.approve_credit_change(db, people["manager"], doc.id)
    assert doc.state == DocState.APPROVED
    assert approvals.inbox(db, people["manager"]) == []


def test_an_amount_rule_adds_a_second_level_taken_in_order(db, people, customer):
    db.add(ApprovalRule(doc_type="credit_change", level=2, name="大额财务复核", min_amount=D("50000"),
                        permission="credit_change.approve_finance"))
    small = draft(db, people["clerk"], customer, "30000")
    credit.approve_credit_change(db, people["manager"], small.id)
    assert small.state == DocState.APPROVED  # below the threshold: one level

    big = draft(db, people["clerk"], customer, "80000")
    with pytest.raises(Forbidden):  # finance holds level 2 only; level 1 comes first
        credit.approve_credit_change(db, people["finance"], big.id)
    credit.approve_credit_change(db, people["manager"], big.id)
    assert big.state == DocState.PENDING
    assert big.number is None
    assert customer.credit_limit == D("30000.00")  # nothing applied before the last level
    inbox = approvals.inbox(db, people["finance"])
    assert [(r.doc_id, r.next_name) for r in inbox] == [(big.id, "大额财务复核")]
    credit.approve_credit_change(db, people["finance"], big.id)
    assert big.state == DocState.APPROVED and big.number
    assert customer.credit_limit == D("80000.00")
    steps = db.scalars(select(ApprovalStep).where(ApprovalStep.doc_id == big.id,
                                                 ApprovalStep.doc_type == "credit_change")).all()
    assert [(s.level, s.approved_by_id) for s in steps] == [(1, people["manager"].id), (2, people["finance"].id)]


def test_an_approver_entitled_to_every_level_approves_them_in_one_go(db, people, customer, make_user):
    db.add(ApprovalRule(doc_type="credit_change", level=2, name="复核", min_amount=D("50000"),
                        permission="credit_change.approve_finance"))
    boss = make_user("sales_manager", "finance")
    doc = draft(db, people["clerk"], customer, "90000")
    credit.approve_credit_change(db, boss, doc.id)
    assert doc.state == DocState.APPROVED


def test_a_flag_raised_by_the_document_adds_its_level(db, people, customer):
    db.add(ApprovalRule(doc_type="credit_change", level=2, name="额度翻倍需财务", flag="doubles_limit",
                        permission="credit_change.approve_finance"))
    doc = draft(db, people["clerk"], customer, "20000")  # 10000 → 20000 doubles it
    credit.approve_credit_change(db, people["manager"], doc.id)
    assert doc.state == DocState.PENDING
    request = approvals.inbox(db, people["finance"])[0]
    assert "10000.00 → 20000" in request.reasons


def test_an_approvers_own_amount_limit_is_respected(db, people, customer):
    db.add(UserApprovalLimit(user_id=people["manager"].id, doc_type="credit_change", max_amount=D("50000")))
    db.flush()
    db.refresh(people["manager"])
    doc = draft(db, people["clerk"], customer, "80000")
    with pytest.raises(Forbidden) as info:
        credit.approve_credit_change(db, people["manager"], doc.id)
    assert info.value.code == "approval_limit"
    small = draft(db, people["clerk"], customer, "40000")
    credit.approve_credit_change(db, people["manager"], small.id)
    assert small.state == DocState.APPROVED


def test_unapprove_restores_and_resets_every_level(db, people, customer):
    db.add(ApprovalRule(doc_type="credit_change", level=2, name="复核", min_amount=D("50000"),
                        permission="credit_change.approve_finance"))
    doc = draft(db, people["clerk"], customer, "80000")
    credit.approve_credit_change(db, people["manager"], doc.id)
    credit.approve_credit_change(db, people["finance"], doc.id)
    number = doc.number
    credit.unapprove_credit_change(db, people["manager"], doc.id, "录错")
    assert doc.state == DocState.DRAFT
    assert customer.credit_limit == D("10000.00")
    assert approvals.active_steps(db, doc) == []
    credit.approve_credit_change(db, people["manager"], doc.id)
    assert doc.state == DocState.PENDING  # level 2 is needed again
    credit.approve_credit_change(db, people["finance"], doc.id)
    assert doc.number == number  # the number stays with the document


def test_unapprove_is_refused_while_a_downstream_document_exists_and_names_it(db, people, customer):
    first = draft(db, people["clerk"], customer, "20000")
    credit.approve_credit_change(db, people["manager"], first.id)
    first.approved_at -= dt.timedelta(seconds=1)  # approved strictly before the next one
    db.flush()
    second = draft(db, people["clerk"], customer, "25000")
    credit.approve_credit_change(db, people["manager"], second.id)
    with pytest.raises(DownstreamExists) as info:
        credit.unapprove_credit_change(db, people["manager"], first.id)
    assert second.number in str(info.value)
    credit.unapprove_credit_change(db, people["manager"], second.id)
    credit.cancel_credit_change(db, people["manager"], second.id, "作废")
    credit.unapprove_credit_change(db, people["manager"], first.id)
    assert first.state == DocState.DRAFT
    assert customer.credit_limit == D("10000.00")


def test_reject_sends_a_pending_document_back_to_draft(db, people, customer):
    doc = draft(db, people["clerk"], customer)
    credit.submit_credit_change(db, people["clerk"], doc.id)
    credit.reject_credit_change(db, people["manager"], doc.id, "金额太高")
    assert doc.state == DocState.DRAFT
    assert approvals.inbox(db, people["manager"]) == []
    credit.update_credit_change(db, people["clerk"], doc.id, {"reason": "改为两万"})


def test_nothing_dated_in_a_closed_month_can_be_approved(db, people, customer):
    last_month = (clock.today().replace(day=1) - dt.timedelta(days=1))
    db.add(Period(month=last_month.strftime("%Y-%m"), closed=True))
    db.flush()
    with pytest.raises(PeriodClosed):
        draft(db, people["clerk"], customer, doc_date=last_month)
    doc = draft(db, people["clerk"], customer)
    doc.doc_date = last_month  # e.g. a draft made before the close
    db.flush()
    db.info.pop("closed_months", None)
    with pytest.raises(PeriodClosed) as info:
        credit.approve_credit_change(db, people["manager"], doc.id)
    assert last_month.strftime("%Y-%m") in str(info.value)


def test_bad_lines_are_refused_with_field_messages_and_nothing_written(db, people, customer, make_customer):
    inactive = make_customer(active=False)
    before = db.scalar(select(CreditLimitChange.id).order_by(CreditLimitChange.id.desc()))
    with pytest.raises(ValidationFailed) as info:
        credit.create_credit_change(db, people["clerk"], {"lines": [
            {"customer_id": customer.id, "new_limit": D("1")},
            {"customer_id": inactive.id, "new_limit": D("1")},
            {"customer_id": customer.id, "new_limit": D("2")},
        ]})
    assert set(info.value.fields["lines"]) == {1, 2}
    assert db.scalar(select(CreditLimitChange.id).order_by(CreditLimitChange.id.desc())) == before


def test_warehouse_staff_cannot_see_or_make_credit_changes(db, people, customer):
    with pytest.raises(Forbidden):
        draft(db, people["warehouse"], customer)
