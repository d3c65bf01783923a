"""Pricing pages (filled in by the master data work)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pricing", __name__, url_prefix="/pricing", template_folder="templates")
