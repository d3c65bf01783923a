"""The document foundation: header + lines, states, guarded transitions, approvals."""
from erp.documents.base import (  # noqa: F401
    DOCUMENT_TYPES,
    DocState,
    Document,
    DocumentLine,
    Transition,
)
