"""Routes every document type shares: ``POST /<resource>/<id>/<verb>``."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint

from erp.api.framework import endpoint
from erp.api.schemas import DocumentActionIn
from erp.auth.permissions import REGISTRY
from erp.documents.base import Document

#: Verbs whose service takes an optional reason.
WITH_REASON = frozenset({"reject", "unapprove", "cancel", "close"})


def approval_permissions(cls: type[Document]) -> tuple[str, ...]:
    """Every permission that approves some level of this document type."""
    prefix = cls.permission("approve")
    return tuple(sorted(p for p in REGISTRY if p == prefix or p.startswith(prefix + "_")))


def verb_permission(cls: type[Document], verb: str) -> str | tuple[str, ...]:
    if verb in ("approve", "reject"):
        return approval_permissions(cls)
    return cls.permission(cls.TRANSITIONS[verb].action)


def document_verbs(bp: Blueprint, resource: str, cls: type[Document], *, response,
                   verbs: dict[str, Callable], tags: list[str] | None = None) -> None:
    """Route each ``verb: service(session, actor, doc_id[, reason])`` as
    ``POST /<resource>/<int:doc_id>/<verb>``, guarded by the verb's permission
    (approve/reject: any approval level's permission; the engine checks the level)."""
    for verb, service in verbs.items():
        _route(bp, resource, cls, verb, service, response, tags or [resource])


def _route(bp, resource, cls, verb, service, response, tags):
    with_reason = verb in WITH_REASON

    def handler(session, actor, doc_id, data=None):
        if with_reason:
            return service(session, actor, doc_id, (data or {}).get("reason"))
        return service(session, actor, doc_id)

    handler.__name__ = f"{verb}_{cls.__doc_type__}"
    handler.__doc__ = f"{verb.capitalize()} a {cls.__doc_label__[1].lower()} ({cls.__doc_label__[0]})."
    endpoint(bp, f"/{resource}/<int:doc_id>/{verb}", "POST", permission=verb_permission(cls, verb),
             body=DocumentActionIn if with_reason else None, response=response, tags=tags)(handler)
