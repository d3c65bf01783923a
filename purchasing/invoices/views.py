"""Supplier invoice pages: list, entry from a supplier's goods receipts (pick the lines,
quantities and the supplier's prices), edit, detail with the three-way match per line,
the verbs, what is paid and credited, and the document chain."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from erp.api.framework import load, paginate
from erp.documents.base import DocState
from erp.documents.presenters import document_panel
from erp.documents.services import get_document
from erp.errors import N_, ErpError, ValidationFailed
from erp.suppliers.models import Supplier
from erp.web.nav import nav_item
from erp.web.pages import (
    Form,
    Pager,
    act,
    arg_choice,
    arg_id,
    done,
    form_data,
    list_args,
    page,
    refused,
    run_verb,
)
from finance.permissions import WRITE_OFF
from finance.web import write_off_form
from purchasing import pages
from purchasing.invoices import services
from purchasing.invoices.credits import credits_of_invoice
from purchasing.invoices.lines import default_price
from purchasing.invoices.matching import match_invoice
from purchasing.invoices.models import SupplierInvoice
from purchasing.invoices.schemas import SupplierInvoiceMakeIn, SupplierInvoiceUpdateIn
from purchasing.invoices.to_invoice import ReceiptToInvoice, receipts_to_invoice
from purchasing.payments.allocation import query_allocations, write_off_payable_difference
from purchasing.payments.schemas import PayableWriteOffIn
from purchasing.permissions import PAYMENT_EDIT, SUPPLIER_INVOICE_EDIT, SUPPLIER_INVOICE_VIEW
from purchasing.receipts.lines import natural_unit

bp = Blueprint("supplier_invoices", __name__, url_prefix="/purchasing/invoices", template_folder="../templates")
nav_item("purchasing", N_("Supplier invoices"), "supplier_invoices.index", SUPPLIER_INVOICE_VIEW, 40)

VERBS = {
    "submit": services.submit_supplier_invoice,
    "approve": services.approve_supplier_invoice,
    "reject": services.reject_supplier_invoice,
    "unapprove": services.unapprove_supplier_invoice,
    "cancel": services.cancel_supplier_invoice,
}


@page(bp, "/", permission=SUPPLIER_INVOICE_VIEW)
def index(session, actor):
    args = {**list_args(), "state": arg_choice("state", DocState), "open": request.args.get("open") == "1"}
    items, total, page_no, per_page = paginate(session, services.query_supplier_invoices(args), args)
    return render_template("purchasing/invoice_list.html", docs=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], state=args["state"], open_only=args["open"],
                           can_enter=actor.can(SUPPLIER_INVOICE_EDIT))


def _rows(groups: list[ReceiptToInvoice]) -> list[dict]:
    """One form row per receipt line left to invoice, in receipt order (its index names its inputs)."""
    return [{"receipt": group.receipt, "line": item.line, "left": item.left} for group in groups
            for item in group.lines]


def _values_for(rows: list[dict], includes_vat: bool) -> list[dict]:
    out = []
    for row in rows:
        unit_id, qty = natural_unit(row["line"], row["left"])
        out.append({"origin_line_id": row["line"].id, "unit_id": unit_id, "qty": qty,
                    "unit_price": default_price(row["line"], unit_id, includes_vat)})
    return out


def _chosen(data: dict, rows: list[dict]) -> tuple[dict, dict[int, int]]:
    """The form's lines with a quantity, the receipts they come from, and which row each
    chosen line was (so that errors show beside the right row)."""
    row_of = {row["line"].id: index for index, row in enumerate(rows)}
    receipt_of = {row["line"].id: row["receipt"].id for row in rows}
    lines, index_map = [], {}
    for item in data.get("lines") or []:
        origin = int(item.get("origin_line_id") or 0)
        if item.get("qty") and origin in row_of:
            index_map[len(lines)] = row_of[origin]
            lines.append(item)
    if not lines:
        raise ValidationFailed(N_("Give the quantity invoiced of at least one line."),
                               fields={"lines": [N_("Give the quantity invoiced of at least one line.")]})
    receipt_ids = sorted({receipt_of[int(item["origin_line_id"])] for item in lines})
    return {**data, "lines": lines, "receipt_ids": receipt_ids}, index_map


def _show_errors(exc: ErpError, index_map: dict[int, int]) -> ErpError:
    lines = exc.fields.get("lines")
    if isinstance(lines, dict):
        exc.fields["lines"] = {index_map.get(int(k), k): v for k, v in lines.items()}
    return exc


def _save(template: str, data: dict, rows: list[dict], save, context: dict):
    index_map: dict[int, int] = {}
    try:
        chosen, index_map = _chosen(data, rows)
        doc = save(chosen)
    except ErpError as exc:
        form = Form.from_error(data, _show_errors(exc, index_map))
        return render_template(template, form=form, **context), 422
    return done(N_("Saved."), "supplier_invoices.detail", id=doc.id)


def _context(session, supplier: Supplier | None, rows: list[dict], doc: SupplierInvoice | None = None) -> dict:
    return {"supplier": supplier, "suppliers": pages.supplier_choices(session), "rows": rows, "doc": doc,
            "unit_choices": pages.unit_choices, "groups": [], "picked": set()}


@page(bp, "/new", permission=SUPPLIER_INVOICE_EDIT, methods=("GET", "POST"))
def new(session, actor):
    supplier_id = arg_id("supplier_id")
    supplier = session.get(Supplier, supplier_id) if supplier_id else None
    groups = receipts_to_invoice(session, supplier.id) if supplier else []
    offered = {g.receipt.id for g in groups}
    picked = set(request.args.getlist("receipt_ids", type=int)) & offered or offered
    rows = _rows([g for g in groups if g.receipt.id in picked])
    context = {**_context(session, supplier, rows), "groups": groups, "picked": picked}
    if request.method == "POST" and supplier is not None:
        data = form_data(SupplierInvoiceMakeIn)
        return _save("purchasing/invoice_form.html", data, rows, lambda d: services.make_supplier_invoice(
            session, actor, {**load(SupplierInvoiceMakeIn, {k: v for k, v in d.items() if k != "receipt_ids"}),
                             "receipt_ids": d["receipt_ids"], "supplier_id": supplier.id}), context)
    includes_vat = rows[0]["receipt"].price_includes_vat if rows else True
    values = {"price_includes_vat": includes_vat, "lines": _values_for(rows, includes_vat)}
    return render_template("purchasing/invoice_form.html", form=Form(values=values), **context)


@page(bp, "/<int:id>/edit", permission=SUPPLIER_INVOICE_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, SupplierInvoice, id)
    rows = _rows(receipts_to_invoice(session, doc.supplier_id, exclude_invoice_id=doc.id))
    context = _context(session, doc.supplier, rows, doc)
    if request.method == "POST":
        data = form_data(SupplierInvoiceUpdateIn)
        return _save("purchasing/invoice_form.html", data, rows, lambda d: services.update_supplier_invoice(
            session, actor, id, load(SupplierInvoiceUpdateIn, d)), context)
    mine = {line.origin_line_id: line for line in doc.lines}
    lines = [{"origin_line_id": row["line"].id, "unit_id": mine[row["line"].id].unit_id,
              "qty": mine[row["line"].id].qty, "unit_price": mine[row["line"].id].unit_price}
             if row["line"].id in mine else {"origin_line_id": row["line"].id, "unit_id": row["line"].unit_id}
             for row in rows]
    values = {"supplier_invoice_no": doc.supplier_invoice_no, "supplier_invoice_date": doc.supplier_invoice_date,
              "doc_date": doc.doc_date, "note": doc.note or "", "price_includes_vat": doc.price_includes_vat,
              "lines": lines}
    return render_template("purchasing/invoice_form.html", form=Form(values=values), **context)


@page(bp, "/<int:id>", permission=SUPPLIER_INVOICE_VIEW)
def detail(session, actor, id):
    doc = get_document(session, SupplierInvoice, id)
    return render_template(
        "purchasing/invoice_detail.html", doc=doc, matches=match_invoice(session, doc),
        flags=doc.approval_flags(session) if doc.state.value in ("draft", "pending") else {},
        panel=document_panel(session, actor, doc, upstream=doc.receipts),
        base_url=url_for("supplier_invoices.detail", id=id),
        allocations=list(session.scalars(query_allocations(invoice_id=doc.id))),
        credits=credits_of_invoice(session, doc.id), can_pay=actor.can(PAYMENT_EDIT),
        can_write_off=actor.can(WRITE_OFF))


@page(bp, "/<int:id>/write-off", permission=WRITE_OFF, methods=("POST",))
def write_off(session, actor, id):
    """Write off the small rest left unpaid (the supplier forgave the fen)."""
    return act(lambda: write_off_payable_difference(session, actor, write_off_form(PayableWriteOffIn, invoice_id=id)),
               N_("Written off."), "supplier_invoices.detail", id=id)


@page(bp, "/<int:id>/<verb>", permission=SUPPLIER_INVOICE_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    try:
        return run_verb(session, actor, id, verb, VERBS, services.delete_supplier_invoice, "supplier_invoices.detail", "supplier_invoices.index")
    except ErpError as exc:
        return refused(exc, "supplier_invoices.detail", id=id)
