"""Products pages (filled in by the master data work)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("products", __name__, url_prefix="/products", template_folder="templates")
