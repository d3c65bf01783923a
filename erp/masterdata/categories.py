"""Category trees (客户分类, 存货分类) coded under a coding rule, written once for both.

A category's code places it in the tree (see :mod:`erp.masterdata.coding`); after
creation only its name may change. A category with sub-categories, or used by any
other row (a customer, a product, a price list), cannot be deleted.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.services import require
from erp.errors import N_, Conflict, NotFound
from erp.masterdata.coding import CodingRule
from erp.masterdata.problems import Problems
from erp.masterdata.records import get_record
from erp.masterdata.references import check_not_referenced
from erp.settings.services import get_setting


@dataclass(frozen=True)
class CategoryTree:
    """What differs between the category trees: the model, its coding rule setting and
    the permissions to see and to change it."""

    model: type
    coding_setting: str
    view_permission: str
    edit_permission: str


def coding_rule(session: Session, tree: CategoryTree) -> CodingRule:
    return CodingRule.parse(get_setting(session, tree.coding_setting))


def get_category(session: Session, tree: CategoryTree, category_id: int):
    category = get_record(session, tree.model, category_id)
    if category is None:
        raise NotFound(N_("Category not found."))
    return category


def category_by_code(session: Session, tree: CategoryTree, code: str):
    return session.scalar(select(tree.model).where(tree.model.code == code))


def query_categories(tree: CategoryTree, *, q: str | None = None, parent_id: int | None = None,
                     level: int | None = None):
    """Categories in code order (so a tree reads top-down), searchable by code or name."""
    model = tree.model
    stmt = select(model).order_by(model.code)
    cond = search_filter([model.code, model.name], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if parent_id is not None:
        stmt = stmt.where(model.parent_id == parent_id)
    if level is not None:
        stmt = stmt.where(model.level == level)
    return stmt


def create_category(session: Session, actor: User, tree: CategoryTree, data: dict):
    """Create a category from its ``code`` and ``name`` (``parent_id`` optional: the code says it).

    Raises ``ValidationFailed`` when the code does not fit the coding rule, is taken, or its
    parent does not exist (or is not the ``parent_id`` given).
    """
    require(actor, tree.edit_permission)
    model = tree.model
    rule = coding_rule(session, tree)
    code, problems = data["code"], Problems()
    problem = rule.problem(code)
    if problem:
        problems.add("code", problem)
        problems.explain(N_("Under the coding rule %(rule)s a code has %(lengths)s digits."),
                         rule=rule.text, lengths="/".join(map(str, rule.lengths)))
        problems.raise_if_any()
    if session.scalar(select(model.id).where(model.code == code)):
        problems.add("code", N_("This code is already used."))
    parent = None
    parent_code = rule.parent_code(code)
    if parent_code is not None:
        parent = category_by_code(session, tree, parent_code)
        if parent is None:
            problems.add("code", N_("Create the parent category first."))
            problems.explain(N_("The parent category %(parent)s does not exist."), parent=parent_code)
    if data.get("parent_id") is not None and (parent is None or parent.id != data["parent_id"]):
        problems.add("parent_id", N_("The code does not start with the code of this parent category."))
    problems.raise_if_any()
    category = model(code=code, name=data["name"], level=rule.level_of(code), parent=parent)
    session.add(category)
    session.flush()
    return category


def update_category(session: Session, actor: User, tree: CategoryTree, category_id: int, data: dict):
    """Rename a category. Its code and parent are fixed once created (a different one is refused)."""
    require(actor, tree.edit_permission)
    category = get_category(session, tree, category_id)
    problems = Problems()
    if data.get("code") not in (None, category.code):
        problems.add("code", N_("The code cannot be changed once the category exists."))
    if "parent_id" in data and data["parent_id"] != category.parent_id:
        problems.add("parent_id", N_("The parent cannot be changed once the category exists."))
    problems.raise_if_any()
    if "name" in data:
        category.name = data["name"]
    session.flush()
    return category


def delete_category(session: Session, actor: User, tree: CategoryTree, category_id: int) -> None:
    """Delete a category that has no sub-categories and that nothing uses (409 otherwise)."""
    require(actor, tree.edit_permission)
    category = get_category(session, tree, category_id)
    children = session.scalar(select(func.count()).where(tree.model.parent_id == category.id))
    if children:
        raise Conflict(N_("Category %(category)s has %(count)s sub-categories; delete them first."),
                       code="has_children", category=category.code, count=children)
    check_not_referenced(session, category, f"{category.code} {category.name}",
                         ignore={tree.model.__tablename__})
    session.delete(category)
    session.flush()


def subtree_condition(session: Session, tree: CategoryTree, category_id: int, column):
    """A condition on ``column`` (a category id column) matching the category and everything below it."""
    category = get_category(session, tree, category_id)
    ids = select(tree.model.id).where(tree.model.code.startswith(category.code, autoescape=True))
    return column.in_(ids)


def category_options(session: Session, tree: CategoryTree) -> list[tuple[int, str]]:
    """(id, indented "code name") pairs for a select, in tree order."""
    return [(c.id, "\u3000" * (c.level - 1) + f"{c.code} {c.name}")
            for c in session.scalars(select(tree.model).order_by(tree.model.code))]
