"""What a document page shows besides its own fields: the verbs the user may apply now,
the approval steps, the audit history and the document chain."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from erp.audit.display import present
from erp.audit.services import history_of
from erp.auth.models import User
from erp.documents import approvals
from erp.documents.api_helpers import verb_permission
from erp.documents.base import DocState, Document
from erp.errors import N_

VERB_LABELS = {
    "submit": N_("Submit for approval"),
    "approve": N_("Approve"),
    "reject": N_("Reject"),
    "unapprove": N_("Unapprove"),
    "close": N_("Close"),
    "reopen": N_("Reopen"),
    "cancel": N_("Cancel document"),
}


@dataclass
class DocumentPanel:
    doc: Document
    verbs: list[str]
    steps: list
    history: list
    remaining: list
    upstream: list = field(default_factory=list)
    downstream: list = field(default_factory=list)


def allowed_verbs(actor: User, doc: Document) -> list[str]:
    """Verbs the state allows and the user holds a permission for (the service still decides)."""
    out = []
    for verb, transition in doc.TRANSITIONS.items():
        if doc.state not in transition.sources:
            continue
        perm = verb_permission(type(doc), verb)
        perms = perm if isinstance(perm, tuple) else (perm,)
        if any(actor.can(p) for p in perms):
            out.append(verb)
    return out


def document_panel(session: Session, actor: User, doc: Document, *, upstream=(), downstream=None) -> DocumentPanel:
    remaining = approvals.remaining_levels(session, doc) if doc.state in (DocState.DRAFT, DocState.PENDING) else []
    return DocumentPanel(
        doc=doc,
        verbs=allowed_verbs(actor, doc),
        steps=approvals.step_history(session, doc),
        history=present(session, history_of(session, doc.__doc_type__, doc.id)),
        remaining=remaining,
        upstream=list(upstream),
        downstream=list(doc.downstream_documents(session) if downstream is None else downstream),
    )
