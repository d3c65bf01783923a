"""Who is asking: a bearer token (API) or a session cookie (web UI, and the UI's own
fetch calls), plus CSRF protection for everything a cookie authenticates."""
from __future__ import annotations

from flask import Flask, current_app, g, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect

from erp.audit.services import set_actor
from erp.auth.models import TokenKind
from erp.auth.services import user_for_token
from erp.db.flask import db_session

csrf = CSRFProtect()
SESSION_KEY = "erp_session"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.before_request(load_actor)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        from erp.web.errors import error_json, wants_json

        g.db_rollback = True
        if wants_json():
            return error_json(400, "csrf_failed", "CSRF token missing or invalid; reload the page.")
        from flask import render_template

        return render_template("error.html", status=400,
                               message="页面已过期，请刷新后重试 / The form expired; reload the page."), 400


def load_actor() -> None:
    g.actor = None
    g.auth_kind = None
    if request.endpoint in (None, "static") or request.path.startswith("/api/v1/docs"):
        return
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(db_session(), header[7:].strip(), TokenKind.API)
        if user is not None:
            g.actor, g.auth_kind = user, "token"
            set_actor(db_session(), user)
        return  # a bearer request never falls back to the cookie (and needs no CSRF token)
    secret = session.get(SESSION_KEY)
    if secret:
        user = user_for_token(db_session(), secret, TokenKind.SESSION)
        if user is None:
            session.pop(SESSION_KEY, None)
        else:
            g.actor, g.auth_kind = user, "session"
            set_actor(db_session(), user)
    if request.method in UNSAFE and (g.auth_kind == "session" or not request.path.startswith("/api/")):
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
