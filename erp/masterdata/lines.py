"""Nested rows edited with their record (a customer's contacts, a product's packing units)."""
from __future__ import annotations

from collections.abc import Callable

from erp.errors import N_
from erp.masterdata.problems import Problems


def sync_rows(collection: list, rows: list[dict], factory: Callable[..., object], problems: Problems,
              name: str) -> list | None:
    """Make ``collection`` match ``rows``: a row with the ``id`` of an existing child changes
    it, a row without one adds a child, children not listed are removed (delete-orphan).

    Returns the new list (assign it to the relationship), or None after recording an
    unknown ``id`` in ``problems``.
    """
    by_id = {child.id: child for child in collection}
    result = []
    for index, row in enumerate(rows):
        values = {k: v for k, v in row.items() if k != "id"}
        row_id = row.get("id")
        if row_id is not None:
            child = by_id.pop(row_id, None)
            if child is None:
                problems.add_line(name, index, "id", N_("This row does not belong to this record."))
                continue
            for key, value in values.items():
                setattr(child, key, value)
        else:
            child = factory(**values)
        result.append(child)
    return None if problems.fields.get(name) else result
