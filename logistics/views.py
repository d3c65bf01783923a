"""The logistics pages on one blueprint (``logistics``): carriers and shipments; each
concept keeps its pages in its own ``views.py``."""
from __future__ import annotations

from logistics.carriers import views as _carriers  # noqa: F401
from logistics.shipments import views as _shipments  # noqa: F401
from logistics.web import bp

__all__ = ["bp"]
