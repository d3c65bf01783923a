"""Login, logout, home, language switch and the user's own password."""
from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext

from erp.auth.models import TokenKind
from erp.auth.services import authenticate, change_own_password, issue_token, revoke_token
from erp.db.flask import db_session
from erp.errors import ErpError
from erp.web.i18n import LANGUAGES
from erp.web.pages import Form, page
from erp.web.security import SESSION_KEY

bp = Blueprint("web", __name__)


def _safe_next(target: str | None) -> str:
    if target and urlparse(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("web.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = Form(values={"username": request.form.get("username", "")})
    if request.method == "POST":
        database = db_session()
        try:
            user = authenticate(database, request.form.get("username", ""), request.form.get("password", ""),
                                source=request.remote_addr)
        except ErpError as exc:
            # The failed attempt must be counted even though the answer is an error.
            database.commit()
            form.message = exc.render(gettext)
            return render_template("login.html", form=form), 401
        secret, _ = issue_token(database, user, TokenKind.SESSION, label=request.user_agent.string[:200])
        session.clear()
        session[SESSION_KEY] = secret
        session.permanent = True
        if user.locale in LANGUAGES:
            session["lang"] = user.locale
        return redirect(_safe_next(request.args.get("next")))
    if g.get("actor"):
        return redirect(url_for("web.home"))
    return render_template("login.html", form=form)


@bp.post("/logout")
def logout():
    secret = session.pop(SESSION_KEY, None)
    if secret:
        revoke_token(db_session(), secret)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("web.login"))


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next") or request.referrer and urlparse(request.referrer).path))


@page(bp, "/", permission=None)
def home(session, actor):
    from erp.documents.approvals import inbox

    waiting = inbox(session, actor)
    return render_template("home.html", waiting=waiting)


@page(bp, "/account/password", permission=None, methods=("GET", "POST"))
def change_password(session, actor):
    from flask import session as cookie

    form = Form()
    if request.method == "POST":
        try:
            change_own_password(session, actor, request.form.get("current_password", ""),
                                request.form.get("password", ""), keep_token=cookie.get(SESSION_KEY))
        except ErpError as exc:
            form = Form.from_error({}, exc)
            return render_template("password.html", form=form), 422
        flash(gettext("Your password has been changed."), "success")
        return redirect(url_for("web.home"))
    return render_template("password.html", form=form)
