"""Languages: Chinese by default, English on request. Each package keeps its own
catalog in ``<package>/translations`` (so packages never edit one shared file).

Flask-Babel reads a ``zh_CN`` folder as ``zh_Hans_CN``, so the folders are named
``zh_Hans_CN`` (a ``zh_CN`` folder would silently leave the UI in English).
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel, get_locale

LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}
DEFAULT = "zh_Hans_CN"
PACKAGES = ("erp", "inventory", "purchasing", "logistics", "finance", "printing")
ROOT = Path(__file__).resolve().parents[2]


def translation_directories() -> list[str]:
    dirs = []
    for package in PACKAGES:
        path = ROOT / package / "translations"
        if path.is_dir():
            dirs.append(str(path))
    return dirs


def select_locale() -> str:
    if not has_request_context():
        return DEFAULT  # an app context without a request: jobs, the CLI
    wanted = request.args.get("lang") if request else None
    if wanted in LANGUAGES:
        return wanted
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    actor = g.get("actor")
    if actor is not None and actor.locale in LANGUAGES:
        return actor.locale
    header = request.headers.get("Accept-Language", "") if request else ""
    if request and request.path.startswith("/api/") and header.lower().startswith("en"):
        return "en"
    return DEFAULT


def english() -> bool:
    """Whether text is being shown in English now: only while serving a request whose
    language is English. Outside a request (jobs, the CLI) it is Chinese, the default."""
    if not has_request_context():
        return False
    locale = get_locale()
    return locale is not None and locale.language == "en"


def bilingual(names: tuple[str, str]) -> str:
    """The text of a ``(Chinese, English)`` pair (``__doc_label__``, role names) in the
    language of the page (see :func:`english`). Text that is stored uses the Chinese one
    explicitly, so that it does not depend on who happened to write it."""
    return names[1] if english() else names[0]


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories())
    Babel(app, locale_selector=select_locale)

    @app.context_processor
    def _languages():
        from flask_babel import get_locale

        return {"LANGUAGES": LANGUAGES, "current_lang": str(get_locale())}
