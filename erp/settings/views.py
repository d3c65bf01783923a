"""Admin page for company settings."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext

from erp.auth.permissions import SETTINGS_MANAGE
from erp.errors import N_, ErpError
from erp.settings.services import all_settings, set_setting
from erp.web.nav import nav_item
from erp.web.pages import Form, done, page

bp = Blueprint("settings", __name__, url_prefix="/admin", template_folder="templates")
nav_item("system", N_("Settings"), "settings.settings_page", SETTINGS_MANAGE, 30)


@page(bp, "/settings", permission=SETTINGS_MANAGE, methods=("GET", "POST"))
def settings_page(session, actor):
    form = Form(values={spec.key: value for spec, value in all_settings(session)})
    if request.method == "POST":
        errors = {}
        for spec, value in all_settings(session):
            if spec.default is True or spec.default is False:
                raw = "true" if request.form.get(spec.key) else "false"
            else:
                raw = request.form.get(spec.key, "")
            if str(value) == raw:
                continue
            try:
                set_setting(session, actor, spec.key, raw)
            except ErpError as exc:
                errors.update({k: [gettext(m) for m in v] for k, v in exc.fields.items()})
        if errors:
            from erp.db.flask import db_session
            db_session().rollback()
            form = Form(values=dict(request.form), errors=errors, message=gettext("The input is not valid."))
            return _render(session, form), 422
        return done(N_("Saved."), "settings.settings_page")
    return _render(session, form)


def _render(session, form: Form) -> str:
    specs = all_settings(session)
    # Labels and help are declared in English (N_) and translated here: Python's gettext,
    # unlike the templates' _(), leaves a "%" in them alone.
    texts = {spec.key: (gettext(spec.label), gettext(spec.help) if spec.help else "") for spec, _value in specs}
    return render_template("settings/settings.html", form=form, specs=specs, texts=texts)
