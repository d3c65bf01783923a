"""Admin pages: users and roles."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from erp.api.framework import load, paginate, search_filter
from erp.auth import schemas as s
from erp.auth import services
from erp.auth.models import Role, User
from erp.auth.permissions import REGISTRY, ROLES, USER_MANAGE
from erp.errors import N_, ErpError
from erp.web.nav import nav_item
from erp.web.pages import Form, Pager, done, form_data, list_args, page

bp = Blueprint("auth", __name__, url_prefix="/admin", template_folder="templates")

nav_item("system", N_("Users"), "auth.users", USER_MANAGE, 10)
nav_item("system", N_("Roles"), "auth.roles", USER_MANAGE, 20)


def _options(session):
    from erp.warehouses.models import Warehouse

    roles = [(r.code, r.label) for r in session.scalars(select(Role).order_by(Role.id))]
    warehouses = [(w.id, str(w)) for w in session.scalars(select(Warehouse).order_by(Warehouse.code))]
    return roles, warehouses


@page(bp, "/users", permission=USER_MANAGE)
def users(session, actor):
    args = list_args()
    stmt = select(User).order_by(User.username).options(selectinload(User.roles), selectinload(User.warehouses))
    cond = search_filter([User.username, User.display_name], args["q"])
    if cond is not None:
        stmt = stmt.where(cond)
    items, total, page_no, per_page = paginate(session, stmt, args)
    return render_template("auth/users.html", users=items, pager=Pager(page_no, per_page, total), q=args["q"])


@page(bp, "/users/new", permission=USER_MANAGE, methods=("GET", "POST"))
def user_new(session, actor):
    roles, warehouses = _options(session)
    form = Form(values={"active": True})
    if request.method == "POST":
        data = form_data(s.UserCreateIn)
        try:
            user = services.create_user(session, actor, **load(s.UserCreateIn, data))
        except ErpError as exc:
            return render_template("auth/user_form.html", form=Form.from_error(data, exc), roles=roles,
                                   warehouses=warehouses, user=None), 422
        return done(N_("Saved."), "auth.user_edit", user_id=user.id)
    return render_template("auth/user_form.html", form=form, roles=roles, warehouses=warehouses, user=None)


@page(bp, "/users/<int:user_id>", permission=USER_MANAGE, methods=("GET", "POST"))
def user_edit(session, actor, user_id):
    user = services.get_user(session, user_id)
    roles, warehouses = _options(session)
    if request.method == "POST":
        data = form_data(s.UserUpdateIn)
        if not data.get("password"):
            data.pop("password", None)
        data.setdefault("roles", [])
        data.setdefault("warehouse_ids", [])
        try:
            services.update_user(session, actor, user_id, load(s.UserUpdateIn, data))
        except ErpError as exc:
            return render_template("auth/user_form.html", form=Form.from_error(data, exc), roles=roles,
                                   warehouses=warehouses, user=user), 422
        return done(N_("Saved."), "auth.user_edit", user_id=user.id)
    values = {"username": user.username, "display_name": user.display_name, "email": user.email,
              "phone": user.phone, "active": user.active, "locale": user.locale, "roles": user.role_codes,
              "warehouse_ids": [w.id for w in user.warehouses]}
    return render_template("auth/user_form.html", form=Form(values=values), roles=roles,
                           warehouses=warehouses, user=user)


@page(bp, "/roles", permission=USER_MANAGE)
def roles(session, actor):
    all_roles = list(session.scalars(select(Role).order_by(Role.id)))
    permissions = sorted(REGISTRY.values(), key=lambda p: p.code)
    return render_template("auth/roles.html", roles=all_roles, permissions=permissions, role_names=ROLES)


@page(bp, "/roles/<int:role_id>", permission=USER_MANAGE, methods=("POST",))
def role_save(session, actor, role_id):
    services.set_role_permissions(session, actor, role_id, request.form.getlist("permissions"))
    return done(N_("Saved."), "auth.roles")
