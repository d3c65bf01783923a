"""Pages shared by the master data concepts: the category tree page (customers and
products each route it)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from erp.api.framework import load, paginate
from erp.errors import N_, ErpError
from erp.masterdata import categories
from erp.masterdata.categories import CategoryTree
from erp.masterdata.schemas import CategoryIn, CategoryUpdateIn
from erp.web.pages import Form, Pager, done, form_data, list_args, refused

#: Holds the shared templates (masterdata/…); it has no routes of its own.
bp = Blueprint("masterdata", __name__, template_folder="templates")


def category_page(session, actor, tree: CategoryTree, endpoints: dict[str, str], title: str):
    """The tree as a list with search, a form to add a category, rename and delete per row.
    ``endpoints``: ``index``, ``rename``, ``delete`` of the routing blueprint."""
    form = Form()
    status = 200
    if request.method == "POST":
        data = form_data(CategoryIn)
        try:
            categories.create_category(session, actor, tree, load(CategoryIn, data))
        except ErpError as exc:
            form, status = Form.from_error(data, exc), exc.status
        else:
            return done(N_("Saved."), endpoints["index"])
    args = list_args(100)
    stmt = categories.query_categories(tree, q=args["q"])
    items, total, page_no, per_page = paginate(session, stmt, args)
    rule = categories.coding_rule(session, tree)
    return render_template("masterdata/categories.html", categories=items, form=form, tree=tree, title=title,
                           endpoints=endpoints, rule=rule, q=args["q"],
                           pager=Pager(page_no, per_page, total)), status


def category_rename(session, actor, tree: CategoryTree, category_id: int, endpoints: dict[str, str]):
    data = form_data(CategoryUpdateIn)
    try:
        categories.update_category(session, actor, tree, category_id, load(CategoryUpdateIn, data))
    except ErpError as exc:
        return refused(exc, endpoints["index"])
    return done(N_("Saved."), endpoints["index"])


def category_delete(session, actor, tree: CategoryTree, category_id: int, endpoints: dict[str, str]):
    try:
        categories.delete_category(session, actor, tree, category_id)
    except ErpError as exc:
        return refused(exc, endpoints["index"])
    return done(N_("Deleted."), endpoints["index"])
