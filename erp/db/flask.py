"""Binding the data layer to Flask: one session per request, one commit at its end."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from erp.db import make_engine, make_session_factory


def init_app(app: Flask, *, engine=None, session_factory: sessionmaker | None = None) -> None:
    if engine is None:
        engine = make_engine(app.config["ERP_DATABASE_URL"], echo=app.config.get("ERP_DB_ECHO", False))
    app.extensions["erp.engine"] = engine
    app.extensions["erp.session_factory"] = session_factory or make_session_factory(engine)
    app.after_request(_commit_or_rollback)
    app.teardown_appcontext(_close)


def session_factory(app: Flask | None = None) -> sessionmaker:
    return (app or current_app).extensions["erp.session_factory"]


def engine(app: Flask | None = None):
    return (app or current_app).extensions["erp.engine"]


def db_session() -> Session:
    """The request's session (created on first use)."""
    if "db_session" not in g:
        g.db_session = session_factory()()
    return g.db_session


def _commit_or_rollback(response):
    session: Session | None = g.get("db_session")
    if session is None:
        return response
    if response.status_code >= 400 or g.get("db_rollback"):
        session.rollback()
        return response
    try:
        session.commit()
    except (IntegrityError, StaleDataError) as exc:
        session.rollback()
        from erp.web.errors import conflict_response

        return conflict_response(exc)
    return response


def _close(_exc=None):
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()  # a no-op after commit; undoes anything left by an error
        if not current_app.config.get("ERP_TEST_SHARED_SESSION"):
            session.close()
