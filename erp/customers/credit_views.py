"""Credit limit change pages: list, new/edit, detail with approval actions."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from erp.api.framework import load, paginate
from erp.customers import credit_services as services
from erp.customers.credit import CREDIT_CHANGE_EDIT, CREDIT_CHANGE_VIEW, CreditLimitChange
from erp.customers.credit_schemas import CreditChangeIn
from erp.customers.models import Customer
from erp.documents.presenters import document_panel
from erp.documents.services import get_document
from erp.errors import N_, ErpError
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, done, form_data, list_args, page

bp = Blueprint("credit", __name__, url_prefix="/credit-changes", template_folder="templates")
nav_item("sales", N_("Credit limit changes"), "credit.index", CREDIT_CHANGE_VIEW, 80)


@page(bp, "/", permission=CREDIT_CHANGE_VIEW)
def index(session, actor):
    args = list_args()
    stmt = select(CreditLimitChange).order_by(CreditLimitChange.id.desc())
    if args["q"]:
        stmt = stmt.where(CreditLimitChange.number.contains(args["q"]))
    items, total, page_no, per_page = paginate(session, stmt, args)
    return render_template("credit/list.html", docs=items, pager=Pager(page_no, per_page, total), q=args["q"])


def _form_values(doc: CreditLimitChange) -> dict:
    values = {"doc_date": doc.doc_date.isoformat(), "reason": doc.reason or "", "note": doc.note or ""}
    values["lines"] = [{"customer_id": line.customer_id, "customer_label": str(line.customer),
                        "new_limit": line.new_limit} for line in doc.lines]
    return values


def _customers(session):
    return [(c.id, str(c)) for c in session.scalars(select(Customer).where(Customer.active.is_(True))
                                                     .order_by(Customer.code).limit(2000))]


@page(bp, "/new", permission=CREDIT_CHANGE_EDIT, methods=("GET", "POST"))
def new(session, actor):
    if request.method == "POST":
        data = form_data(CreditChangeIn)
        try:
            doc = services.create_credit_change(session, actor, load(CreditChangeIn, data))
        except ErpError as exc:
            return render_template("credit/form.html", form=Form.from_error(data, exc), doc=None,
                                   customers=_customers(session)), 422
        return done(N_("Saved."), "credit.detail", id=doc.id)
    return render_template("credit/form.html", form=Form(values={"lines": [{}]}), doc=None,
                           customers=_customers(session))


@page(bp, "/<int:id>/edit", permission=CREDIT_CHANGE_EDIT, methods=("GET", "POST"))
def edit(session, actor, id):
    doc = get_document(session, CreditLimitChange, id)
    if request.method == "POST":
        data = form_data(CreditChangeIn)
        try:
            services.update_credit_change(session, actor, id, load(CreditChangeIn, data))
        except ErpError as exc:
            return render_template("credit/form.html", form=Form.from_error(data, exc), doc=doc,
                                   customers=_customers(session)), 422
        return done(N_("Saved."), "credit.detail", id=id)
    return render_template("credit/form.html", form=Form(values=_form_values(doc)), doc=doc,
                           customers=_customers(session))


@page(bp, "/<int:id>", permission=CREDIT_CHANGE_VIEW)
def detail(session, actor, id):
    doc = get_document(session, CreditLimitChange, id)
    return render_template("credit/detail.html", doc=doc, panel=document_panel(session, actor, doc),
                           base_url=url_for("credit.detail", id=id))


VERBS = {
    "submit": services.submit_credit_change,
    "approve": services.approve_credit_change,
    "reject": services.reject_credit_change,
    "unapprove": services.unapprove_credit_change,
    "cancel": services.cancel_credit_change,
}


@page(bp, "/<int:id>/<verb>", permission=CREDIT_CHANGE_VIEW, methods=("POST",))
def action(session, actor, id, verb):
    if verb == "delete":
        services.delete_credit_change(session, actor, id)
        return done(N_("Deleted."), "credit.index")
    service = VERBS.get(verb)
    if service is None:
        from flask import abort

        abort(404)
    reason = request.form.get("reason") or None
    if verb in ("reject", "unapprove", "cancel"):
        service(session, actor, id, reason)
    else:
        service(session, actor, id)
    return done(N_("Done."), "credit.detail", id=id)
