"""Minimal warehouse pages: a stock lookup, and per stock document a list and a detail
page with its verbs (approve, unapprove …). Entry forms and the handheld screens are
built on top of these later; documents are made through the API until then."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, abort, render_template, request, url_for

from erp.api.framework import paginate
from erp.documents.base import Document
from erp.documents.presenters import document_panel
from erp.errors import N_
from erp.web.nav import nav_item
from erp.web.pages import Pager, done, list_args, page
from inventory import permissions as perms
from inventory.batches.models import BATCH_STATUS_LABELS
from inventory.documents import load_visible, query_documents
from inventory.outbounds import services as outbounds
from inventory.outbounds.models import Outbound
from inventory.scraps import services as scraps
from inventory.scraps.models import SCRAP_REASONS, Scrap
from inventory.stock.queries import query_balances
from inventory.stock_ins import services as stock_ins
from inventory.stock_ins.models import STOCK_IN_REASONS, StockIn
from inventory.stock_outs import services as stock_outs
from inventory.stock_outs.models import STOCK_OUT_REASONS, StockOut
from inventory.transfers import services as transfers
from inventory.transfers.models import TRANSIT_LABELS, Transfer

bp = Blueprint("inventory", __name__, url_prefix="/inventory", template_folder="templates")
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


def _warehouse_label(doc) -> str:
    if isinstance(doc, Transfer):
        return f"{doc.from_warehouse} → {doc.to_warehouse}"
    return str(doc.warehouse)


def _verbs(module, name: str) -> dict[str, Callable]:
    return {verb: getattr(module, f"{verb}_{name}") for verb in ("submit", "approve", "reject", "unapprove", "cancel")}


PAGES = {
    "outbounds": DocumentPages("outbounds", Outbound, N_("Outbounds"), perms.OUTBOUND_VIEW,
                               lambda: (Outbound.warehouse_id,), _verbs(outbounds, "outbound"),
                               outbounds.delete_outbound, 10),
    "stock-ins": DocumentPages("stock-ins", StockIn, N_("Other stock-ins"), perms.STOCK_IN_VIEW,
                               lambda: (StockIn.warehouse_id,), _verbs(stock_ins, "stock_in"),
                               stock_ins.delete_stock_in, 20, STOCK_IN_REASONS),
    "stock-outs": DocumentPages("stock-outs", StockOut, N_("Other stock-outs"), perms.STOCK_OUT_VIEW,
                                lambda: (StockOut.warehouse_id,), _verbs(stock_outs, "stock_out"),
                                stock_outs.delete_stock_out, 30, STOCK_OUT_REASONS),
    "transfers": DocumentPages("transfers", Transfer, N_("Transfers"), perms.TRANSFER_VIEW,
                               lambda: (Transfer.from_warehouse_id, Transfer.to_warehouse_id),
                               {**_verbs(transfers, "transfer"), "receive": transfers.receive_transfer,
                                "unreceive": transfers.unreceive_transfer},
                               transfers.delete_transfer, 40),
    "scraps": DocumentPages("scraps", Scrap, N_("Scraps"), perms.SCRAP_VIEW, lambda: (Scrap.warehouse_id,),
                            _verbs(scraps, "scrap"), scraps.delete_scrap, 50, SCRAP_REASONS),
}

nav_item("warehouse", N_("Stock"), "inventory.stock", perms.STOCK_VIEW, 5)


@page(bp, "/stock", permission=perms.STOCK_VIEW)
def stock(session, actor):
    args = list_args()
    items, total, page_no, per_page = paginate(session, query_balances(actor, q=args["q"]), args)
    return render_template("inventory/stock.html", balances=items, pager=Pager(page_no, per_page, total), q=args["q"],
                           status_labels=BATCH_STATUS_LABELS, today=dt.date.today())


def _register(spec: DocumentPages) -> None:
    name = spec.cls.__doc_type__
    list_endpoint = f"inventory.{name}_list"
    nav_item("warehouse", spec.title, list_endpoint, spec.view_permission, spec.order + 10)

    def list_view(session, actor):
        args = list_args()
        stmt = query_documents(spec.cls, actor, args, *spec.warehouse_columns())
        items, total, page_no, per_page = paginate(session, stmt, args)
        return render_template("inventory/document_list.html", spec=spec, docs=items, q=args["q"],
                               pager=Pager(page_no, per_page, total), warehouse_label=_warehouse_label)

    def detail_view(session, actor, id):
        doc = load_visible(session, actor, spec.cls, id)
        return render_template("inventory/document_detail.html", spec=spec, doc=doc,
                               panel=document_panel(session, actor, doc),
                               base_url=url_for(f"inventory.{name}_detail", id=id),
                               warehouse_label=_warehouse_label, transit_labels=TRANSIT_LABELS)

    def action_view(session, actor, id, verb):
        if verb == "delete":
            spec.delete(session, actor, id)
            return done(N_("Deleted."), f"inventory.{name}_list")
        service = spec.verbs.get(verb)
        if service is None:
            abort(404)
        if verb in WITH_REASON:
            service(session, actor, id, request.form.get("reason") or None)
        else:
            service(session, actor, id)
        return done(N_("Done."), f"inventory.{name}_detail", id=id)

    for suffix, rule, view, methods in (("list", "/", list_view, ("GET",)),
                                        ("detail", "/<int:id>", detail_view, ("GET",)),
                                        ("action", "/<int:id>/<verb>", action_view, ("POST",))):
        view.__name__ = f"{name}_{suffix}"
        page(bp, f"/{spec.resource}{rule}", permission=spec.view_permission, methods=methods)(view)


for _spec in PAGES.values():
    _register(_spec)
