"""Collecting field errors so that one answer names every bad field, not just the first."""
from __future__ import annotations

from typing import Any

from erp.errors import N_, ValidationFailed


class Problems:
    """``problems.add("code", N_("…"))`` as checks run; ``problems.raise_if_any()`` at the end.

    Field messages are constant English texts (translated where shown); ``message`` may carry
    parameters for the detail a field message cannot hold.
    """

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}
        self.message: str | None = None
        self.params: dict[str, Any] = {}

    def add(self, field: str, text: str) -> None:
        current = self.fields.setdefault(field, [])
        if isinstance(current, dict):  # the list already has line errors: marshmallow's "_schema"
            current = current.setdefault("_schema", [])
        current.append(text)

    def add_line(self, name: str, index: int, field: str, text: str) -> None:
        """An error on one nested line: ``{"contacts": {0: {"name": [...]}}}``."""
        current = self.fields.get(name)
        if isinstance(current, list):
            current = self.fields[name] = {"_schema": current}
        self.fields.setdefault(name, {}).setdefault(index, {}).setdefault(field, []).append(text)

    def explain(self, message: str, **params: Any) -> None:
        """The main message (kept from the first call), e.g. naming the missing parent code."""
        if self.message is None:
            self.message, self.params = message, params

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(self.message or N_("The input is not valid."), fields=self.fields,
                                   **self.params)
