"""Suppliers pages (filled in by the master data work)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers", template_folder="templates")
