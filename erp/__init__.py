"""Wholesale cash-and-carry distribution ERP."""
from __future__ import annotations

import logging

from flask import Flask

__version__ = "0.1.0"


def create_app(config: dict | None = None, *, engine=None, session_factory=None) -> Flask:
    """The application factory, a linear checklist.

    ``config`` overrides the environment; tests pass an ``engine`` and a
    ``session_factory`` bound to their own transaction.
    """
    from erp.config import load_config

    app = Flask(__name__, instance_relative_config=False)
    app.config.update(load_config())
    if config:
        app.config.update(config)
    logging.basicConfig(level=app.config.get("ERP_LOG_LEVEL", "INFO"))

    # 1. Every package's models, and with them what packages declare to each other (what
    #    sales makes from an outbound and guards its unapproval with, integrity checks,
    #    open-amount hooks): a process that only imported the blueprints would miss those
    #    declarations and, say, let an invoiced outbound be unapproved.
    from erp.models import import_all_models

    import_all_models()

    # 2. Data layer: engine and one session per request.
    from erp.db import flask as db_flask

    db_flask.init_app(app, engine=engine, session_factory=session_factory)

    # 3. Login policy and password hashing cost.
    from erp.auth.services import AuthSettings, configure

    configure(AuthSettings(
        max_failures=app.config["ERP_LOGIN_MAX_FAILURES"],
        lock_minutes=app.config["ERP_LOGIN_LOCK_MINUTES"],
        session_hours=app.config["ERP_SESSION_HOURS"],
        token_days=app.config["ERP_TOKEN_DAYS"],
        time_cost=app.config["ERP_PASSWORD_TIME_COST"],
        memory_kib=app.config["ERP_PASSWORD_MEMORY_KIB"],
    ))

    # 4. Who is asking (token or session cookie), CSRF, languages, error answers.
    from erp.web import errors, i18n, security

    security.init_app(app)
    i18n.init_app(app)
    errors.register(app)

    # 5. Ids in URLs are 32-bit (a larger one is a 404, never a database error); then the
    #    blueprints, explicitly listed.
    from erp.web.routing import IdConverter

    app.url_map.converters["int"] = IdConverter
    from erp.blueprints import register_blueprints

    register_blueprints(app)

    # 6. Template helpers.
    from erp.web.templating import init_app as init_templating

    init_templating(app)
    return app
