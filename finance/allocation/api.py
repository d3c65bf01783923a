"""Allocation API (核销): /api/v1/receipts/{id}/allocations, /allocations, /write-offs."""
from __future__ import annotations

from flask import Blueprint

from erp.api.framework import endpoint, paginate
from finance.allocation import services
from finance.allocation.schemas import (
    AllocateIn,
    AllocationOut,
    AllocationQuery,
    ConfirmMatchesIn,
    ProposalOut,
    ProposalQuery,
    WriteOffIn,
    WriteOffOut,
)
from finance.ledger.schemas import ReverseIn
from finance.permissions import ALLOCATION_CREATE, ALLOCATION_REVERSE, ALLOCATION_VIEW, WRITE_OFF

bp = Blueprint("allocations_api", __name__, url_prefix="/api/v1")
TAGS = ["allocations"]


@endpoint(bp, "/receipts/<int:doc_id>/allocations", permission=ALLOCATION_VIEW, response=AllocationOut, many=True,
          tags=TAGS)
def list_receipt_allocations(session, actor, doc_id):
    """What the receipt was allocated to (reversed allocations included, marked)."""
    return list(session.scalars(services.query_allocations(receipt_id=doc_id)))


@endpoint(bp, "/receipts/<int:doc_id>/allocations", "POST", permission=ALLOCATION_CREATE, body=AllocateIn,
          response=AllocationOut, many=True, status=201, tags=TAGS)
def allocate_receipt(session, actor, doc_id, data):
    """Allocate the receipt to one or several invoices of its customer (all lines or none)."""
    return services.allocate_receipt(session, actor, doc_id, data)


@endpoint(bp, "/receipts/<int:doc_id>/allocation-proposal", permission=ALLOCATION_CREATE, response=ProposalOut,
          many=True, tags=TAGS)
def propose_receipt_allocation(session, actor, doc_id):
    """What automatic matching proposes for this receipt (writes nothing): the invoice its
    reference names or of exactly its amount first, then the oldest due."""
    return services.propose_matches(session, actor, receipt_id=doc_id)


@endpoint(bp, "/allocation-proposals", permission=ALLOCATION_CREATE, query=ProposalQuery, response=ProposalOut,
          many=True, tags=TAGS)
def propose_allocations(session, actor, args):
    """Automatic matching of every unapplied receipt (of one customer, or everyone's)."""
    return services.propose_matches(session, actor, customer_id=args.get("customer_id"))


@endpoint(bp, "/allocations", "POST", permission=ALLOCATION_CREATE, body=ConfirmMatchesIn, response=AllocationOut,
          many=True, status=201, tags=TAGS)
def confirm_allocations(session, actor, data):
    """Confirm proposals: apply ``lines`` of receipt → invoice → amount, all or none."""
    return services.apply_matches(session, actor, data)


@endpoint(bp, "/allocations", permission=ALLOCATION_VIEW, query=AllocationQuery, response=AllocationOut, paged=True,
          tags=TAGS)
def list_allocations(session, actor, args):
    stmt = services.query_allocations(customer_id=args.get("customer_id"), receipt_id=args.get("receipt_id"),
                                      invoice_id=args.get("invoice_id"), include_reversed=args["include_reversed"])
    return paginate(session, stmt, args)


@endpoint(bp, "/allocations/<int:allocation_id>/reverse", "POST", permission=ALLOCATION_REVERSE, body=ReverseIn,
          response=AllocationOut, tags=TAGS)
def reverse_allocation(session, actor, allocation_id, data):
    """取消核销: the money is unapplied again and the invoice open again."""
    return services.reverse_allocation(session, actor, allocation_id, data)


@endpoint(bp, "/write-offs", "POST", permission=WRITE_OFF, body=WriteOffIn, response=WriteOffOut, status=201,
          tags=TAGS)
def write_off(session, actor, data):
    """Write off a small difference left on an invoice or a receipt (up to the admin's limit)."""
    return services.write_off_difference(session, actor, data)


@endpoint(bp, "/write-offs/<int:write_off_id>/reverse", "POST", permission=WRITE_OFF, body=ReverseIn,
          response=WriteOffOut, tags=TAGS)
def reverse_write_off(session, actor, write_off_id, data):
    """取消尾差核销: the difference is open again on the invoice or the receipt."""
    return services.reverse_write_off(session, actor, write_off_id, data)


