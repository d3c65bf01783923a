"""Entry form of the scrap (报废单): every line names the batch destroyed."""
from __future__ import annotations

from erp.errors import N_
from erp.web.pages import page
from inventory.documents import load_visible
from inventory.forms import DocumentForm, document_form, line_values
from inventory.permissions import SCRAP_EDIT
from inventory.scraps import services
from inventory.scraps.models import SCRAP_REASONS, Scrap, ScrapReason
from inventory.scraps.schemas import ScrapIn, ScrapUpdateIn
from inventory.web import bp


def _values(doc: Scrap) -> dict:
    return {"warehouse_id": doc.warehouse_id, "reason": str(doc.reason), "doc_date": doc.doc_date.isoformat(),
            "note": doc.note, "lines": line_values(doc, "batch_id")}


FORM = DocumentForm("scrap", Scrap, "inventory/issue_form.html", ScrapIn, ScrapUpdateIn,
                    services.create_scrap, services.update_scrap, _values,
                    defaults=lambda: {"reason": ScrapReason.EXPIRED.value},
                    context=lambda session: {"reasons": SCRAP_REASONS, "title": N_("Scrap"), "batch_hint": None})


@page(bp, "/scraps/new", permission=SCRAP_EDIT, methods=("GET", "POST"))
def scrap_new(session, actor):
    return document_form(session, actor, FORM)


@page(bp, "/scraps/<int:id>/edit", permission=SCRAP_EDIT, methods=("GET", "POST"))
def scrap_edit(session, actor, id):
    return document_form(session, actor, FORM, load_visible(session, actor, Scrap, id))
