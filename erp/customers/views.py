"""Customers pages (filled in by the master data work)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("customers", __name__, url_prefix="/customers", template_folder="templates")
