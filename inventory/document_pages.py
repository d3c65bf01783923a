"""Pages every stock document has: a list, a detail page with its verbs (approve,
unapprove …), and — where the document is entered in the warehouse — new/edit forms
(see :mod:`inventory.forms`)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, render_template, request, url_for

from erp import clock
from erp.api.framework import paginate
from erp.documents.base import DocState, Document
from erp.documents.presenters import VERB_LABELS, document_panel
from erp.errors import N_, ValidationFailed
from erp.web.nav import nav_item
from erp.web.pages import Pager, arg_choice, done, list_args, page
from inventory.documents import load_visible, query_documents
from inventory.transfers.models import TRANSIT_LABELS, Transfer
from inventory.web import bp

WITH_REASON = frozenset({"reject", "unapprove", "cancel"})


@dataclass(frozen=True)
class DocumentPages:
    resource: str
    cls: type[Document]
    title: str
    view_permission: str
    warehouse_columns: Callable[[], tuple]
    verbs: dict[str, Callable]
    delete: Callable
    order: int
    reasons: dict = field(default_factory=dict)
    #: Endpoints of the entry forms, when the warehouse enters this document.
    new_endpoint: str | None = None
    edit_endpoint: str | None = None


def warehouse_label(doc) -> str:
    if isinstance(doc, Transfer):
        return f"{doc.from_warehouse} → {doc.to_warehouse}"
    return str(doc.warehouse)


def verbs_of(module, name: str) -> dict[str, Callable]:
    return {verb: getattr(module, f"{verb}_{name}") for verb in ("submit", "approve", "reject", "unapprove", "cancel")}


def _received_on(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(N_("Not a valid date."), fields={"received_on": [N_("Not a valid date.")]}) from None


def register(spec: DocumentPages) -> None:
    """Route ``/<resource>/`` (list), ``/<resource>/<id>`` (detail) and
    ``POST /<resource>/<id>/<verb>`` for one document type."""
    name = spec.cls.__doc_type__
    list_endpoint = f"inventory.{name}_list"
    nav_item("warehouse", spec.title, list_endpoint, spec.view_permission, spec.order + 10)

    def list_view(session, actor):
        args = list_args()
        args["state"] = arg_choice("state", DocState)
        stmt = query_documents(spec.cls, actor, args, *spec.warehouse_columns())
        items, total, page_no, per_page = paginate(session, stmt, args)
        return render_template("inventory/document_list.html", spec=spec, docs=items, q=args["q"],
                               pager=Pager(page_no, per_page, total), warehouse_label=warehouse_label)

    def detail_view(session, actor, id):
        doc = load_visible(session, actor, spec.cls, id)
        panel = document_panel(session, actor, doc)
        extra_verbs = [v for v in panel.verbs if v not in VERB_LABELS]
        panel.verbs = [v for v in panel.verbs if v in VERB_LABELS]
        return render_template("inventory/document_detail.html", spec=spec, doc=doc, panel=panel,
                               extra_verbs=extra_verbs, base_url=url_for(f"inventory.{name}_detail", id=id),
                               warehouse_label=warehouse_label, transit_labels=TRANSIT_LABELS,
                               today=clock.today())

    def action_view(session, actor, id, verb):
        if verb == "delete":
            spec.delete(session, actor, id)
            return done(N_("Deleted."), f"inventory.{name}_list")
        service = spec.verbs.get(verb)
        if service is None:
            abort(404)
        if verb in WITH_REASON:
            service(session, actor, id, request.form.get("reason") or None)
        elif verb == "receive":
            service(session, actor, id, _received_on(request.form.get("received_on")))
        else:
            service(session, actor, id)
        return done(N_("Done."), f"inventory.{name}_detail", id=id)

    for suffix, rule, view, methods in (("list", "/", list_view, ("GET",)),
                                        ("detail", "/<int:id>", detail_view, ("GET",)),
                                        ("action", "/<int:id>/<verb>", action_view, ("POST",))):
        view.__name__ = f"{name}_{suffix}"
        page(bp, f"/{spec.resource}{rule}", permission=spec.view_permission, methods=methods)(view)
