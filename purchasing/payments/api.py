"""Payment API: /api/v1/payments (付款单), their allocation to supplier invoices (付款核销),
automatic matching and reversal."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from erp.documents.api_helpers import document_verbs
from erp.documents.services import get_document
from finance.ledger.schemas import ReverseIn
from finance.permissions import WRITE_OFF
from purchasing.payments import allocation, services
from purchasing.payments.models import Payment
from purchasing.payments.schemas import (
    AllocationOut,
    MatchConfirmIn,
    OpenInvoiceItemOut,
    PayableWriteOffIn,
    PayableWriteOffOut,
    PaymentAllocationIn,
    PaymentIn,
    PaymentOut,
    PaymentQuery,
    PaymentUpdateIn,
    ProposalOut,
    ProposalQuery,
)
from purchasing.permissions import PAYMENT_ALLOCATE, PAYMENT_EDIT, PAYMENT_UNALLOCATE, PAYMENT_VIEW

bp = Blueprint("payments_api", __name__, url_prefix="/api/v1")
TAGS = ["payments"]


@endpoint(bp, "/payments", permission=PAYMENT_VIEW, query=PaymentQuery, response=PaymentOut, paged=True, tags=TAGS)
def list_payments(session, actor, args):
    """Payments, newest first; ``q`` matches number, reference or supplier; ``unapplied`` keeps
    those with money still to allocate."""
    return paginate(session, services.query_payments(args), args)


@endpoint(bp, "/payments", "POST", permission=PAYMENT_EDIT, body=PaymentIn, response=PaymentOut, status=201,
          tags=TAGS)
def create_payment(session, actor, data):
    """Draft a payment: supplier, amount, method, reference."""
    return services.create_payment(session, actor, data)


@endpoint(bp, "/payments/<int:doc_id>", permission=PAYMENT_VIEW, response=PaymentOut, tags=TAGS)
def get_payment(session, actor, doc_id):
    return get_document(session, Payment, doc_id)


@endpoint(bp, "/payments/<int:doc_id>", "PATCH", permission=PAYMENT_EDIT, body=PaymentUpdateIn, response=PaymentOut,
          tags=TAGS)
def update_payment(session, actor, doc_id, data):
    return services.update_payment(session, actor, doc_id, data)


@endpoint(bp, "/payments/<int:doc_id>", "DELETE", permission=PAYMENT_EDIT, tags=TAGS)
def delete_payment(session, actor, doc_id):
    """Delete a draft."""
    services.delete_payment(session, actor, doc_id)
    return {}


@endpoint(bp, "/payments/<int:doc_id>/allocations", permission=PAYMENT_VIEW, response=AllocationOut, many=True,
          tags=TAGS)
def list_payment_allocations(session, actor, doc_id):
    """The invoices the payment was allocated to (reversed allocations included)."""
    payment = get_document(session, Payment, doc_id)
    return list(session.scalars(allocation.query_allocations(payment_id=payment.id)))


@endpoint(bp, "/payments/<int:doc_id>/allocations", "POST", permission=PAYMENT_ALLOCATE, body=PaymentAllocationIn,
          response=AllocationOut, many=True, status=201, tags=TAGS)
def allocate_payment(session, actor, doc_id, data):
    """付款核销 by hand: ``lines`` ``[{invoice_id, amount}]``, all or none. More than is open on
    an invoice, more than is unapplied on the payment, or another supplier's invoice: 409."""
    return allocation.allocate_payment(session, actor, doc_id, data)


@endpoint(bp, "/payments/<int:doc_id>/open-invoices", permission=PAYMENT_ALLOCATE, response=OpenInvoiceItemOut,
          many=True, tags=TAGS)
def payment_open_invoices(session, actor, doc_id):
    """The open invoices of the payment's supplier, oldest due first."""
    return allocation.open_invoices_of(session, actor, get_document(session, Payment, doc_id).supplier_id)


@endpoint(bp, "/payments/<int:doc_id>/allocation-proposal", permission=PAYMENT_ALLOCATE, response=ProposalOut,
          many=True, tags=TAGS)
def payment_allocation_proposal(session, actor, doc_id):
    """What automatic matching proposes for the payment (writes nothing)."""
    return allocation.propose_matches(session, actor, payment_id=doc_id)


@endpoint(bp, "/payment-allocation-proposals", permission=PAYMENT_ALLOCATE, query=ProposalQuery,
          response=ProposalOut, many=True, tags=TAGS)
def payment_allocation_proposals(session, actor, args):
    """Proposals for every unapplied payment (or one supplier's) against open invoices."""
    return allocation.propose_matches(session, actor, supplier_id=args.get("supplier_id"))


@endpoint(bp, "/payment-allocations", "POST", permission=PAYMENT_ALLOCATE, body=MatchConfirmIn,
          response=AllocationOut, many=True, status=201, tags=TAGS)
def confirm_payment_allocations(session, actor, data):
    """Confirm proposals ``[{payment_id, invoice_id, amount}]`` (each checked again; all or none)."""
    return allocation.apply_matches(session, actor, data)


@endpoint(bp, "/payment-allocations/<int:allocation_id>/reverse", "POST", permission=PAYMENT_UNALLOCATE,
          body=ReverseIn, response=AllocationOut, tags=TAGS)
def reverse_payment_allocation(session, actor, allocation_id, data):
    """取消核销: the money is open again on the payment and the invoice."""
    return allocation.reverse_payment_allocation(session, actor, allocation_id, data)


@endpoint(bp, "/payable-write-offs", "POST", permission=WRITE_OFF, body=PayableWriteOffIn,
          response=PayableWriteOffOut, status=201, tags=TAGS)
def write_off_payable(session, actor, data):
    """Write off a small difference left unpaid on a supplier invoice or unapplied on a
    payment (up to the admin's limit)."""
    return allocation.write_off_payable_difference(session, actor, data)


@endpoint(bp, "/payable-write-offs/<int:write_off_id>/reverse", "POST", permission=WRITE_OFF, body=ReverseIn,
          response=PayableWriteOffOut, tags=TAGS)
def reverse_payable_write_off(session, actor, write_off_id, data):
    """取消尾差核销: the difference is open again on the supplier invoice or the payment."""
    return allocation.reverse_payable_write_off(session, actor, write_off_id, data)


document_verbs(bp, "payments", Payment, response=PaymentOut, tags=TAGS, verbs={
    "submit": services.submit_payment,
    "approve": services.approve_payment,
    "reject": services.reject_payment,
    "unapprove": services.unapprove_payment,
    "cancel": services.cancel_payment,
})
