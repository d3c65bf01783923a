"""What the sales pages share: the blueprint carrying the shared templates and the order
entry script, running a document verb from a page, the list page, and the document
chain shown on every document page (upstream → this → downstream)."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from flask import Blueprint, render_template
from sqlalchemy.orm import Session

from erp.api.framework import paginate
from erp.documents.base import DocState, Document
from erp.errors import N_, ValidationFailed
from erp.sales.queries import filter_documents
from erp.web.pages import Pager, arg_choice, form_data, list_args
from erp.web.templating import fmt_qty

bp = Blueprint("sales", __name__, template_folder="templates", static_folder="static",
               static_url_path="/sales-static")



@bp.app_template_global("sales_natural")
def natural_quantity(line, qty_base):
    """``(unit_id, unit name, qty)``: ``qty_base`` in the line's unit when it comes out whole,
    else in the base unit (for the "take these lines" forms)."""
    from erp.sales.chain import natural_unit

    unit_id, qty = natural_unit(line, qty_base)
    unit = line.unit if unit_id == line.unit_id else line.product.base_unit
    return unit_id, unit.name, qty


@bp.app_template_global("sales_batch_no")
def batch_no(line) -> str:
    return line.batch.batch_no if getattr(line, "batch", None) else ""


@bp.app_template_global("sales_cost")
def cost(line) -> str:
    return f"{line.cost_value:,.2f}" if getattr(line, "cost_value", None) is not None else ""


@bp.app_template_global("sales_closed_qty")
def closed_qty(line) -> str:
    """What a closed delivery note's line gave up, in its unit (e.g. "4 箱")."""
    if not getattr(line, "qty_closed", None):
        return ""
    _unit_id, unit_name, qty = natural_quantity(line, line.qty_closed)
    return f"{fmt_qty(qty)} {unit_name}"




def taken_data(schema) -> dict:
    """A "take these lines" form as schema input: lines left at 0 or blank are not taken;
    a form whose lines are all 0 is refused (it would otherwise mean "all that remains")."""
    data = form_data(schema)
    lines = data.get("lines")
    if lines is not None:
        kept = [line for line in lines if _taken(line)]
        if lines and not kept:
            raise ValidationFailed(N_("Enter a quantity on at least one line."),
                                   fields={"lines": [N_("Enter a quantity on at least one line.")]})
        data["lines"] = kept or None
    return data


def _taken(line: dict) -> bool:
    try:
        return Decimal(str(line.get("qty") or "0").replace(",", "")) != 0
    except InvalidOperation:
        return True  # the schema names it


def list_page(session: Session, cls: type[Document], title: str, detail: str, *, new_endpoint: str | None = None,
              new_permission: str | None = None, extra_column: tuple[str, Callable] | None = None):
    args = list_args()
    args["state"] = arg_choice("state", DocState)
    items, total, page_no, per_page = paginate(session, filter_documents(cls, args), args)
    return render_template("sales/document_list.html", docs=items, pager=Pager(page_no, per_page, total),
                           q=args["q"], state=args["state"], title=title, detail=detail, new_endpoint=new_endpoint,
                           new_permission=new_permission, extra_column=extra_column)


def chain_of(session: Session, doc: Document) -> tuple[list[Document], list[Document]]:
    """Every document upstream (oldest first) and downstream (breadth first) of ``doc``."""
    from erp.sales.links import downstream_of, upstream_of

    up, seen, todo = [], {(doc.__doc_type__, doc.id)}, upstream_of(session, doc)
    while todo:
        item = todo.pop(0)
        if (item.__doc_type__, item.id) in seen:
            continue
        seen.add((item.__doc_type__, item.id))
        up.insert(0, item)
        todo.extend(upstream_of(session, item))
    down, todo = [], list(downstream_of(session, doc))
    while todo:
        item = todo.pop(0)
        if (item.__doc_type__, item.id) in seen:
            continue
        seen.add((item.__doc_type__, item.id))
        down.append(item)
        todo.extend(downstream_of(session, item))
    return up, down


def document_page(session: Session, actor, doc: Document, template: str, base_url: str, **context):
    """A document's page: its fields, the verbs the user may apply, its chain, its history."""
    from erp.documents.presenters import document_panel

    upstream, downstream = chain_of(session, doc)
    panel = document_panel(session, actor, doc, upstream=upstream, downstream=downstream)
    return render_template(template, doc=doc, panel=panel, base_url=base_url, **context)
