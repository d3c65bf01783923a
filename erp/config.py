"""Configuration from ``ERP_*`` environment variables.

Every setting has a default that works on a laptop: SQLite in ``instance/``,
a secret key generated once and kept in ``instance/secret_key``.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("ERP_INSTANCE_DIR", Path.cwd() / "instance"))


def _secret_key() -> str:
    key = os.environ.get("ERP_SECRET_KEY")
    if key:
        return key
    # One key per installation, kept on disk so that `make run` twice keeps sessions valid.
    # Production sets ERP_SECRET_KEY so that every app server shares it.
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'erp.sqlite3'}"


def load_config() -> dict:
    """Build the Flask config mapping from the environment."""
    return {
        "SECRET_KEY": _secret_key(),
        "ERP_DATABASE_URL": os.environ.get("ERP_DATABASE_URL") or default_database_url(),
        "ERP_DB_ECHO": _bool("ERP_DB_ECHO", False),
        # Secure cookies: HTTPS in production; `make run` serves plain HTTP on localhost.
        "SESSION_COOKIE_SECURE": _bool("ERP_SECURE_COOKIES", False),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "ERP_SESSION_HOURS": int(os.environ.get("ERP_SESSION_HOURS", "12")),
        "ERP_TOKEN_DAYS": int(os.environ.get("ERP_TOKEN_DAYS", "30")),
        "ERP_LOGIN_MAX_FAILURES": int(os.environ.get("ERP_LOGIN_MAX_FAILURES", "5")),
        "ERP_LOGIN_LOCK_MINUTES": int(os.environ.get("ERP_LOGIN_LOCK_MINUTES", "15")),
        # Argon2id cost; tests lower it.
        "ERP_PASSWORD_TIME_COST": int(os.environ.get("ERP_PASSWORD_TIME_COST", "3")),
        "ERP_PASSWORD_MEMORY_KIB": int(os.environ.get("ERP_PASSWORD_MEMORY_KIB", "65536")),
        "BABEL_DEFAULT_LOCALE": os.environ.get("ERP_DEFAULT_LOCALE", "zh_Hans_CN"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("ERP_TIMEZONE", "Asia/Shanghai"),
        "WTF_CSRF_CHECK_DEFAULT": False,  # checked in erp.web.security for cookie sessions only
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": int(os.environ.get("ERP_MAX_UPLOAD_MB", "20")) * 1024 * 1024,
    }
