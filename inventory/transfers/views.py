"""Entry form of the transfer (调拨单): from one warehouse to another; approval ships,
receiving (on the detail page, with the day the goods arrived) brings them in."""
from __future__ import annotations

from erp.errors import N_
from erp.web.pages import page
from inventory.documents import load_visible
from inventory.forms import DocumentForm, document_form, line_values
from inventory.permissions import TRANSFER_EDIT
from inventory.transfers import services
from inventory.transfers.models import Transfer
from inventory.transfers.schemas import TransferIn, TransferUpdateIn
from inventory.web import bp


def _values(doc: Transfer) -> dict:
    return {"from_warehouse_id": doc.from_warehouse_id, "to_warehouse_id": doc.to_warehouse_id,
            "doc_date": doc.doc_date.isoformat(), "note": doc.note, "lines": line_values(doc, "batch_id")}


FORM = DocumentForm("transfer", Transfer, "inventory/issue_form.html", TransferIn, TransferUpdateIn,
                    services.create_transfer, services.update_transfer, _values, batch_warehouse="from_warehouse_id",
                    context=lambda session: {"reasons": None, "title": N_("Transfer"), "batch_hint": "FEFO"})


@page(bp, "/transfers/new", permission=TRANSFER_EDIT, methods=("GET", "POST"))
def transfer_new(session, actor):
    return document_form(session, actor, FORM)


@page(bp, "/transfers/<int:id>/edit", permission=TRANSFER_EDIT, methods=("GET", "POST"))
def transfer_edit(session, actor, id):
    return document_form(session, actor, FORM, load_visible(session, actor, Transfer, id))
