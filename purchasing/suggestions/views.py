"""The purchase suggestion page (采购建议): what to order, by preferred supplier, and the
draft orders made from the ticked products in one action."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from erp.api.framework import load
from erp.errors import N_
from erp.web.nav import nav_item
from erp.web.pages import arg_id, form_data, page
from inventory.web import warehouse_options
from purchasing.permissions import PURCHASE_ORDER_EDIT, PURCHASE_SUGGESTION_VIEW
from purchasing.suggestions import services
from purchasing.suggestions.schemas import PurchaseSuggestionOrdersIn

bp = Blueprint("purchase_suggestions", __name__, url_prefix="/purchasing/suggestions",
               template_folder="../templates")
nav_item("purchasing", N_("Purchase suggestion"), "purchase_suggestions.index", PURCHASE_SUGGESTION_VIEW, 5)


@page(bp, "/", permission=PURCHASE_SUGGESTION_VIEW)
def index(session, actor):
    warehouse_id = arg_id("warehouse_id")
    items = services.suggest(session, actor, warehouse_id=warehouse_id)
    return render_template("purchasing/suggestions.html", groups=services.group_by_supplier(items),
                           warehouses=warehouse_options(session, actor), warehouse_id=warehouse_id,
                           can_order=actor.can(PURCHASE_ORDER_EDIT))


@page(bp, "/orders", permission=PURCHASE_ORDER_EDIT, methods=("POST",))
def create_orders(session, actor):
    data = load(PurchaseSuggestionOrdersIn, form_data(PurchaseSuggestionOrdersIn))
    made = services.create_orders_from_suggestion(session, actor, data)
    flash(gettext("%(count)s draft purchase orders made.", count=len(made)), "success")
    if len(made) == 1:
        return redirect(url_for("purchase_orders.detail", id=made[0].id))
    return redirect(url_for("purchase_orders.index", state="draft"))
