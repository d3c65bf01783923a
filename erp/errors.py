"""Typed business errors raised by services and turned into HTTP answers by the web layer.

A message is an English template marked with :func:`N_` so that it is extracted
for translation, plus parameters; it is translated where it is shown (the API
error body, a flash on a page, the CLI), never in the service.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a message for extraction without translating it now."""
    return message


class Term(str):
    """A message parameter that is itself a word to translate where the message is shown
    (a state, a verb): ``state=Term(N_("approved"))``."""

    __slots__ = ()


class Terms(tuple):
    """Several :class:`Term` parameters shown as one list ("draft, pending approval")."""

    def __str__(self) -> str:
        return ", ".join(self)


#: Between the items of :class:`Terms` ("、" in Chinese).
LIST_SEPARATOR = N_(", ")


def _translated(value: Any, translate) -> Any:
    if isinstance(value, Term):
        return translate(value)
    if isinstance(value, Terms):
        return translate(LIST_SEPARATOR).join(translate(v) for v in value)
    return value


class ErpError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: Mapping[str, Sequence[str] | Mapping] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
        self.fields = dict(fields or {})
        if code:
            self.code = code

    def render(self, translate=lambda s: s) -> str:
        text = translate(self.message)
        params = {key: _translated(value, translate) for key, value in self.params.items()}
        try:
            return text % params if params else text
        except (KeyError, ValueError, TypeError):
            return self.message % self.params if self.params else self.message


class BadRequest(ErpError):
    status = 400
    code = "bad_request"


class Unauthorized(ErpError):
    status = 401
    code = "unauthorized"


class Forbidden(ErpError):
    status = 403
    code = "forbidden"


class NotFound(ErpError):
    status = 404
    code = "not_found"


class Conflict(ErpError):
    """The request is valid but the state of the data refuses it (409)."""

    status = 409
    code = "conflict"


class ValidationFailed(ErpError):
    """Input that cannot be accepted; ``fields`` names each bad field (422)."""

    status = 422
    code = "validation_failed"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class ReadOnlyDocument(Conflict):
    code = "read_only"


class DownstreamExists(Conflict):
    code = "downstream_exists"


class InsufficientStock(Conflict):
    code = "insufficient_stock"


class PeriodClosed(Conflict):
    code = "period_closed"
