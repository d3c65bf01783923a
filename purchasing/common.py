"""Checks and verbs the purchasing documents share: the supplier (master data's
``active_supplier``) and warehouse of a header, the products of the lines, the state an
upstream document must be in, and the plain verbs (submit, reject, delete) that have no
effects of their own."""
from __future__ import annotations

from erp.documents.base import DocState, Document

# The plain verbs by id and the checks every document package shares (``common.lock`` …).
from erp.documents.shared import (  # noqa: F401
    check_products_active,
    check_upstream_approved,
    delete,
    document_date,
    editable,
    lock,
    reject,
    require_edit,
    submit,
)
from erp.errors import N_, Conflict
from erp.suppliers.models import Supplier
from erp.suppliers.services import active_supplier  # noqa: F401  (the supplier of a new or changed document: 422)

#: States of a downstream document that count against what remains upstream.
LIVE = (DocState.DRAFT, DocState.PENDING, DocState.APPROVED, DocState.CLOSED)


def check_supplier_active(supplier: Supplier) -> None:
    """At approval or when making a document: a supplier deactivated since is refused (409)."""
    if not supplier.active:
        raise Conflict(N_("Supplier %(supplier)s is inactive."), code="supplier_inactive", supplier=str(supplier))


def check_same_supplier(upstream: Document, supplier_id: int | None) -> None:
    """A document made from ``upstream`` belongs to its supplier (409 for another one)."""
    if supplier_id is not None and supplier_id != upstream.supplier_id:
        raise Conflict(N_("%(document)s belongs to another supplier (%(supplier)s)."), code="other_supplier",
                       document=str(upstream), supplier=str(upstream.supplier))
