"""Print buttons for the pages of every package.

Template globals: ``pdf_url(doc)`` (a document's PDF), ``pdf_list_url(docs)`` (where "print
selected" of a list sends the checked ids), ``print_actions(doc)`` and
``list_print_actions(docs)`` (further printouts of a document type, e.g. the outbound's pick
list, case labels and shipping labels), with the macros of ``printing/print.html``.
Printouts of other packages are declared here with :func:`register_doc_action` /
:func:`register_list_action` (logistics adds the outbound's shipping labels), so printing
needs to know none of their pages."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Blueprint, g, url_for

from erp.errors import N_
from printing.labels import CASE_LAYOUTS, PRODUCT_LAYOUTS
from printing.printables import MAIN_PRINTOUT, PRINTABLE_BY_KEY, Printable

bp = Blueprint("printing", __name__, template_folder="templates")


@dataclass(frozen=True)
class PrintAction:
    label: str  # an N_() message, translated on the page
    #: ``doc -> url`` (None: not offered for this document) for a document's page;
    #: the endpoint taking ``?ids=`` for a list's "print selected".
    target: Callable[[object], str | None] | str
    permission: str | None = None
    icon: str = "🖨"


DOC_ACTIONS: dict[str, list[PrintAction]] = {}
LIST_ACTIONS: dict[str, list[PrintAction]] = {}


def register_doc_action(doc_type: str, label: str, url: Callable[[object], str | None], *,
                        permission: str | None = None, icon: str = "🖨") -> None:
    """Offer a printout on the page of each document of ``doc_type`` (idempotent by label)."""
    actions = DOC_ACTIONS.setdefault(doc_type, [])
    if all(a.label != label for a in actions):
        actions.append(PrintAction(label, url, permission, icon))


def register_list_action(doc_type: str, label: str, endpoint: str, *, permission: str | None = None,
                         icon: str = "🖨") -> None:
    """Offer a printout of the checked rows of a list of ``doc_type`` (``endpoint`` takes ``?ids=``)."""
    actions = LIST_ACTIONS.setdefault(doc_type, [])
    if all(a.label != label for a in actions):
        actions.append(PrintAction(label, endpoint, permission, icon))


def _allowed(action: PrintAction) -> bool:
    actor = g.get("actor")
    return action.permission is None or (actor is not None and actor.can(action.permission))


def _printable(doc_type: str | None, key: str | None) -> Printable | None:
    """The printout ``key``, else the main printout of the document type."""
    if key:
        return PRINTABLE_BY_KEY.get(key)
    return MAIN_PRINTOUT.get(doc_type) if doc_type else None


def _doc_type(doc) -> str | None:
    return getattr(doc, "__doc_type__", None) or getattr(doc, "__tablename__", None)


@bp.app_template_global("pdf_url")
def pdf_url(doc, key: str | None = None) -> str | None:
    """The PDF of ``doc`` (its main printout, or the printout ``key`` such as ``pick_list``)."""
    printable = _printable(_doc_type(doc), key)
    if printable is None or getattr(doc, "id", None) is None:
        return None
    return url_for(f"printing_documents_api.{printable.key}_pdf", doc_id=doc.id)


@bp.app_template_global("pdf_list_url")
def pdf_list_url(docs: Iterable, key: str | None = None) -> str | None:
    """Where "print selected" of a list page sends the checked ids (None for an empty list
    or a document type without a printout)."""
    first = next(iter(docs or ()), None)
    printable = _printable(_doc_type(first), key)
    if printable is None:
        return None
    return url_for(f"printing_documents_api.{printable.key}_list_pdf")


@bp.app_template_global("is_printable")
def is_printable(doc) -> bool:
    """Whether a list of such documents offers "print selected" (a checkbox per row)."""
    doc_type = _doc_type(doc)
    return doc_type in MAIN_PRINTOUT or doc_type in LIST_ACTIONS


@bp.app_template_global("print_actions")
def print_actions(doc) -> list[tuple[str, str, str]]:
    """``[(icon, label, url)]``: the further printouts offered on a document's page."""
    out = []
    for action in DOC_ACTIONS.get(_doc_type(doc), []):
        url = action.target(doc) if _allowed(action) else None
        if url:
            out.append((action.icon, action.label, url))
    return out


@bp.app_template_global("list_print_actions")
def list_print_actions(docs: Iterable) -> list[tuple[str, str, str]]:
    """``[(icon, label, url)]``: further printouts of the checked rows of a list."""
    first = next(iter(docs or ()), None)
    return [(a.icon, a.label, url_for(a.target)) for a in LIST_ACTIONS.get(_doc_type(first), []) if _allowed(a)]


@bp.app_template_global("label_layouts")
def label_layouts(kind: str = "product") -> list[str]:
    return list(CASE_LAYOUTS if kind == "case" else PRODUCT_LAYOUTS)


def _case_labels_url(outbound) -> str:
    return url_for("printing_api.outbound_case_labels_pdf", doc_id=outbound.id)


register_doc_action("outbound", N_("Pick list"), lambda doc: pdf_url(doc, "pick_list"))
register_doc_action("outbound", N_("Case labels"), _case_labels_url, icon="🏷")
register_list_action("outbound", N_("Pick lists"), "printing_documents_api.pick_list_list_pdf")
register_doc_action("stocktake", N_("Blind count sheet"),
                    lambda doc: url_for("printing_documents_api.stocktake_pdf", doc_id=doc.id, blind="true"))
