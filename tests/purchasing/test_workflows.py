"""What every purchasing document shares with the others: each verb of its workflow is
routed, permissioned and audited; approved documents are read-only; the progress kept on
the lines always equals the documents (``erp check``)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.api.framework import ENDPOINTS
from erp.audit.models import AuditEntry
from erp.auth.permissions import REGISTRY
from erp.checks import run_checks
from erp.documents.api_helpers import verb_permission
from erp.errors import ReadOnlyDocument
from purchasing.orders.models import PurchaseOrder
from purchasing.receipts.models import GoodsReceipt
from purchasing.returns.models import PurchaseReturn
from tests.purchasing.conftest import days, line

RESOURCES = {PurchaseOrder: "purchase-orders", GoodsReceipt: "goods-receipts", PurchaseReturn: "purchase-returns"}


@pytest.mark.parametrize("cls", list(RESOURCES), ids=lambda c: c.__doc_type__)
def test_every_verb_of_the_workflow_is_routed_and_permissioned(app, cls):
    routed = {(ep.rule, ep.method): ep for ep in ENDPOINTS}
    for verb in cls.TRANSITIONS:
        ep = routed.get((f"/api/v1/{RESOURCES[cls]}/<int:doc_id>/{verb}", "POST"))
        assert ep is not None, verb
        assert ep.permission == verb_permission(cls, verb)
        perms = ep.permission if isinstance(ep.permission, tuple) else (ep.permission,)
        assert perms and all(p in REGISTRY for p in perms)


def test_every_transition_of_the_chain_lands_in_the_audit_log(db, keeper, purchaser, make_tracked, make_order,
                                                              receive, send_back):
    from purchasing.returns import services as returns

    item = make_tracked()
    order = make_order([line(item, 10)])
    receipt = receive(order, [(order.lines[0], 10, "A1", days(30))])
    back = send_back(receipt, [(receipt.lines[0], 1)])
    returns.unapprove_purchase_return(db, keeper, back.id, "重新清点")

    def actions(doc):
        return [e.action for e in db.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == doc.__doc_type__, AuditEntry.entity_id == str(doc.id)).order_by(AuditEntry.id))]

    assert actions(order)[-1] == "approve"
    assert actions(receipt)[-1] == "approve"
    assert actions(back)[-2:] == ["approve", "unapprove"]


def test_an_approved_receipt_is_read_only_even_through_the_orm(db, make_product, make_order, receive):
    order = make_order([line(make_product(), 4)])
    receipt = receive(order)
    receipt.lines[0].unit_price = D("1.00")
    with pytest.raises(ReadOnlyDocument):
        db.flush()


def test_the_progress_on_the_lines_equals_the_documents(db, keeper, make_tracked, make_order, receive, send_back):
    item = make_tracked()
    order = make_order([line(item, 20)])
    receipt = receive(order, [(order.lines[0], 12, "B1", days(40)), (order.lines[0], 8, "B2", days(50))])
    send_back(receipt, [(receipt.lines[1], 3)])
    results = dict(run_checks(db))
    assert results["purchase progress equals the documents"] == []
    assert results["stock balances equal the ledger"] == []
    assert results["stock costs equal the ledger"] == []
    order.lines[0].qty_received += 1  # a wrong figure is found
    db.flush()
    assert dict(run_checks(db))["purchase progress equals the documents"]
