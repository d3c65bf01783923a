"""Period pages: the months with their state, what blocks closing one, close and reopen."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from erp.errors import N_, ErpError
from erp.web.pages import done, page, refused
from finance.periods import services
from finance.permissions import PERIOD_CLOSE, PERIOD_REOPEN, PERIOD_VIEW

bp = Blueprint("periods", __name__, url_prefix="/periods")


@page(bp, "/", permission=PERIOD_VIEW)
def index(session, actor):
    return render_template("finance/periods.html", periods=services.recent_periods(session))


@page(bp, "/<month>", permission=PERIOD_VIEW)
def detail(session, actor, month):
    return render_template("finance/period_detail.html", detail=services.period_detail(session, month),
                           can_close=actor.can(PERIOD_CLOSE), can_reopen=actor.can(PERIOD_REOPEN))


@page(bp, "/<month>/close", permission=PERIOD_CLOSE, methods=("POST",))
def close(session, actor, month):
    try:
        services.close_period(session, actor, month)
    except ErpError as exc:
        return refused(exc, "periods.detail", month=month)
    return done(N_("The month is closed."), "periods.detail", month=month)


@page(bp, "/<month>/reopen", permission=PERIOD_REOPEN, methods=("POST",))
def reopen(session, actor, month):
    try:
        services.reopen_period(session, actor, month, request.form.get("reason"))
    except ErpError as exc:
        return refused(exc, "periods.detail", month=month)
    return done(N_("The month is open again."), "periods.detail", month=month)
