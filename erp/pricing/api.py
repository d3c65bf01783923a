"""Pricing API (filled in by the master data work)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pricing_api", __name__, url_prefix="/api/v1")
