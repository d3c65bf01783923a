"""Admin page for document numbering rules."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from erp.auth.permissions import NUMBERING_MANAGE
from erp.errors import N_, ErpError
from erp.numbering.models import RESET_LABELS, Reset
from erp.numbering.services import all_rules, numbered_type_label, update_rule
from erp.web.nav import nav_item
from erp.web.pages import Form, done, page

bp = Blueprint("numbering", __name__, url_prefix="/admin", template_folder="templates")
nav_item("system", N_("Document numbers"), "numbering.rules", NUMBERING_MANAGE, 40)


@page(bp, "/numbering", permission=NUMBERING_MANAGE, methods=("GET", "POST"))
def rules(session, actor):
    form = Form()
    if request.method == "POST":
        doc_type = request.form.get("doc_type", "")
        data = {"prefix": request.form.get("prefix", "").strip(), "reset": request.form.get("reset", "daily")}
        try:
            data["reset"] = Reset(data["reset"])
            data["padding"] = int(request.form.get("padding", "4"))
            update_rule(session, actor, doc_type, data)
        except (ValueError, KeyError):
            form = Form(errors={doc_type: [N_("Invalid value.")]})
            return _render(session, form), 422
        except ErpError as exc:
            form = Form.from_error({}, exc)
            return _render(session, form), 422
        return done(N_("Saved."), "numbering.rules")
    return _render(session, form)


def _render(session, form: Form) -> str:
    return render_template("numbering/rules.html", rules=all_rules(session), form=form, resets=list(Reset),
                           reset_labels=RESET_LABELS, type_label=numbered_type_label)
