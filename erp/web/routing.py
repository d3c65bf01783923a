"""URL converters."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

from erp.api.schemas import MAX_ID


class IdConverter(IntegerConverter):
    """``<int:id>`` limited to what an id column can hold: a larger number is simply not found."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
