"""Stocktake pages (盘点): the list, opening a count, the variance sheet with its verbs,
and three ways to count — the count sheet (by hand), the handheld scanner screen and a
file upload."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext

from erp.api.framework import load, paginate
from erp.documents.base import DocState
from erp.documents.presenters import document_panel
from erp.errors import N_, ErpError, ValidationFailed
from erp.imports.api import uploaded_file
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, arg_choice, arg_id, as_id, done, form_data, list_args, page
from inventory.documents import load_visible, query_documents
from inventory.permissions import STOCKTAKE_EDIT, STOCKTAKE_VIEW
from inventory.reports.export import FORMATS, export_table
from inventory.stocktakes import counting, services, uploads
from inventory.stocktakes.exports import count_sheet, variance_table
from inventory.stocktakes.models import Stocktake, StocktakeLine
from inventory.stocktakes.schemas import StocktakeIn
from inventory.stocktakes.variances import stocktake_sheet
from inventory.web import bp, categories, warehouse_options

nav_item("warehouse", N_("Stocktakes"), "inventory.stocktake_list", STOCKTAKE_VIEW, 60)
VERBS = {"submit": services.submit_stocktake, "approve": services.approve_stocktake,
         "reject": services.reject_stocktake, "unapprove": services.unapprove_stocktake,
         "cancel": services.cancel_stocktake}
WITH_REASON = frozenset({"reject", "unapprove", "cancel"})
SHOW = {"all": N_("All lines"), "diff": N_("Differences"), "uncounted": N_("Not counted")}
_COUNT_FIELD = re.compile(r"^count-(\d+)$")


@page(bp, "/stocktakes/", permission=STOCKTAKE_VIEW)
def stocktake_list(session, actor):
    args = list_args()
    args["state"] = arg_choice("state", DocState)
    items, total, page_no, per_page = paginate(session, query_documents(Stocktake, actor, args,
                                                                        Stocktake.warehouse_id), args)
    return render_template("inventory/stocktakes/list.html", docs=items, q=args["q"],
                           pager=Pager(page_no, per_page, total))


@page(bp, "/stocktakes/new", permission=STOCKTAKE_EDIT, methods=("GET", "POST"))
def stocktake_new(session, actor):
    form, status = Form(), 200
    if request.method == "POST":
        data = form_data(StocktakeIn)
        try:
            doc = services.open_stocktake(session, actor, load(StocktakeIn, data))
        except ErpError as exc:
            form, status = Form.from_error(data, exc), 422
        else:
            return done(N_("The count is open: the book quantities are taken."), "inventory.stocktake_detail",
                        id=doc.id)
    return render_template("inventory/stocktakes/new.html", form=form, warehouses=warehouse_options(session, actor),
                           categories=categories(session)), status


@page(bp, "/stocktakes/<int:id>", permission=STOCKTAKE_VIEW)
def stocktake_detail(session, actor, id):
    doc = load_visible(session, actor, Stocktake, id)
    sheet = stocktake_sheet(session, doc)
    show = request.args.get("show", "all")
    lines = [v for v in sheet.lines if show == "all" or (show == "diff" and v.variance)
             or (show == "uncounted" and not v.counted)]
    return render_template("inventory/stocktakes/detail.html", doc=doc, sheet=sheet, lines=lines, show=show,
                           shows=SHOW, panel=document_panel(session, actor, doc),
                           base_url=url_for("inventory.stocktake_detail", id=id))


@page(bp, "/stocktakes/<int:id>/export", permission=STOCKTAKE_VIEW)
def stocktake_export(session, actor, id):
    fmt = request.args.get("format", "xlsx")
    if fmt not in FORMATS:
        abort(404)
    sheet = stocktake_sheet(session, load_visible(session, actor, Stocktake, id))
    return export_table(count_sheet(sheet) if request.args.get("sheet") else variance_table(sheet), fmt)


@page(bp, "/stocktakes/<int:id>/<verb>", permission=STOCKTAKE_VIEW, methods=("POST",))
def stocktake_action(session, actor, id, verb):
    if verb == "delete":
        services.delete_stocktake(session, actor, id)
        return done(N_("Deleted."), "inventory.stocktake_list")
    service = VERBS.get(verb)
    if service is None:
        abort(404)
    if verb in WITH_REASON:
        service(session, actor, id, request.form.get("reason") or None)
    else:
        service(session, actor, id)
    return done(N_("Done."), "inventory.stocktake_detail", id=id)


@page(bp, "/stocktakes/<int:id>/count-remaining", permission=STOCKTAKE_EDIT, methods=("POST",))
def stocktake_count_remaining(session, actor, id):
    """Count what nobody counted as booked, or as not found."""
    filled = counting.count_remaining(session, actor, id, as_booked=request.form.get("as") != "zero")
    return done(gettext(N_("%(count)s lines counted."), count=filled), "inventory.stocktake_detail", id=id)


def _sheet_entries(doc: Stocktake) -> tuple[list[dict], list[str], dict]:
    """The count sheet's inputs as entries, the form key of each entry, the values typed."""
    entries, keys, values = [], [], {}
    for key, text in request.form.items():
        match = _COUNT_FIELD.match(key)
        if match and text.strip():
            values[key] = text
            entries.append({"line_id": int(match.group(1)), "qty": _number(key, text), "mode": "set"})
            keys.append(key)
    found = {k: request.form.get(f"found_{k}", "").strip() for k in ("product_id", "batch_no", "qty")}
    values.update({f"found_{k}": v for k, v in found.items()})
    values["found_label"] = request.form.get("found_label", "")
    if found["product_id"] or found["qty"]:
        entries.append({"product_id": as_id(found["product_id"]),
                        "batch_no": found["batch_no"] or None, "qty": _number("found_qty", found["qty"] or "")})
        keys.append("found")
    return entries, keys, values


def _number(key: str, text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().replace(",", "")) if text.strip() else None
    except InvalidOperation:
        raise ValidationFailed(N_("Not a valid number."), fields={key: [N_("Not a valid number.")]}) from None


@page(bp, "/stocktakes/<int:id>/count", permission=STOCKTAKE_EDIT, methods=("GET", "POST"))
def stocktake_count(session, actor, id):
    """The count sheet: type what is on the shelf, line by line (set, not add)."""
    doc = load_visible(session, actor, Stocktake, id)
    form, status = Form(), 200
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            entries, keys, values = _sheet_entries(doc)
            if not entries:
                raise ValidationFailed(N_("Enter at least one count."))
            counting.record_counts(session, actor, id, entries)
        except ErpError as exc:
            form, status = Form.from_error(values, exc), 422
            if isinstance(exc.fields.get("entries"), dict):  # each entry's messages beside its input
                form.errors = {keys[int(index)]: [gettext(m) for messages in fields.values() for m in messages]
                               for index, fields in exc.fields["entries"].items()}
        else:
            return done(gettext(N_("%(count)s counts saved."), count=len(entries)), "inventory.stocktake_count",
                        id=id, q=request.args.get("q") or None, uncounted=request.args.get("uncounted") or None)
    q = (request.args.get("q") or "").strip().lower()
    lines = [li for li in doc.lines if (not q or q in (li.location or "").lower() or q in li.product.sku.lower()
                                        or q in li.product.name.lower())
             and (not request.args.get("uncounted") or li.counted_qty is None)]
    return render_template("inventory/stocktakes/count.html", doc=doc, lines=lines, form=form, q=q), status


@page(bp, "/stocktakes/<int:id>/scan", permission=STOCKTAKE_EDIT, methods=("GET", "POST"))
def stocktake_scan(session, actor, id):
    """The handheld screen: scan, type the quantity, Enter, next (works without script too)."""
    doc = load_visible(session, actor, Stocktake, id)
    form, status, lookup = Form(values={"qty": "1"}), 200, None
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in ("code", "qty", "batch_id")}
        try:
            qty = _number("qty", values["qty"]) if values["qty"] else Decimal(1)
            batch_id = as_id(values["batch_id"])
            line = counting.scan_count(session, actor, id, values["code"], qty, batch_id=batch_id)
        except ErpError as exc:
            form, status = Form.from_error(values, exc), 422
            if "batch_id" in exc.fields:
                lookup = counting.lookup_for_count(session, actor, id, values["code"])
        else:
            return redirect(url_for("inventory.stocktake_scan", id=id, last=line.id))
    last = session.get(StocktakeLine, arg_id("last")) if arg_id("last") else None
    if last is not None and last.document_id != doc.id:
        last = None
    return render_template("inventory/stocktakes/scan.html", doc=doc, form=form, last=last, lookup=lookup), status


@page(bp, "/stocktakes/<int:id>/import", permission=STOCKTAKE_EDIT, methods=("GET", "POST"))
def stocktake_import(session, actor, id):
    """Counts from a CSV/XLSX file (the count sheet filled in): every row or none."""
    doc = load_visible(session, actor, Stocktake, id)
    report, problems, message, status = None, [], None, 200
    if request.method == "POST":
        try:
            report = uploads.import_counts(session, actor, id, uploaded_file())
        except ErpError as exc:
            status, message = 422, exc.render(gettext)
            rows = exc.fields.get("rows") or {}
            problems = [(row, column, gettext(m)) for row, columns in sorted(rows.items())
                        for column, messages in columns.items() for m in messages]
            problems += [("", column, gettext(m)) for column, messages in exc.fields.items() if column != "rows"
                         for m in (messages if isinstance(messages, list) else [])]
    return render_template("inventory/stocktakes/import.html", doc=doc, report=report, problems=problems,
                           message=message), status
