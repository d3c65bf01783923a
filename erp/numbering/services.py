"""Give document numbers, safely under concurrent requests on both backends.

The counter row is bumped with one ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` in the caller's transaction: PostgreSQL holds the row lock until
commit, SQLite holds the database write lock from ``BEGIN IMMEDIATE``, so two
transactions can never get the same number, and a rollback gives the number
back — numbers are gap-free by construction. Numbers are given when a
document is approved, so abandoned drafts burn none.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from erp.auth.permissions import NUMBERING_MANAGE
from erp.errors import N_, ValidationFailed
from erp.numbering.models import NumberCounter, NumberingRule, Reset


@dataclass(frozen=True)
class DefaultRule:
    prefix: str
    gap_free: bool = False
    reset: Reset = Reset.DAILY
    #: (Chinese, English) name of a numbered type that is not a document (a document names
    #: itself by ``__doc_label__``).
    label: tuple[str, str] | None = None


#: Default prefixes per document type; packages add theirs with :func:`register_doc_type`.
DEFAULTS: dict[str, DefaultRule] = {}


def register_doc_type(doc_type: str, prefix: str, *, gap_free: bool = False,
                      reset: Reset = Reset.DAILY, label: tuple[str, str] | None = None) -> None:
    DEFAULTS[doc_type] = DefaultRule(prefix, gap_free, reset, label)


def numbered_type_label(doc_type: str) -> str:
    """The name of a numbered type in the page's language (its code when it has none)."""
    from erp.documents.base import DOCUMENT_TYPES
    from erp.web.i18n import bilingual

    cls = DOCUMENT_TYPES.get(doc_type)
    names = cls.__doc_label__ if cls is not None else getattr(DEFAULTS.get(doc_type), "label", None)
    return bilingual(names) if names else doc_type


def get_rule(session: Session, doc_type: str) -> NumberingRule:
    """The rule of a document type (stored, or the default). The stored rules are read
    together, once per unit of work."""
    cache = session.info.get("numbering_rules")
    if cache is None:
        cache = session.info["numbering_rules"] = {rule.doc_type: rule
                                                   for rule in session.scalars(select(NumberingRule))}
    if doc_type in cache:
        return cache[doc_type]
    default = DEFAULTS.get(doc_type)
    if default is None:
        raise KeyError(f"no numbering rule for {doc_type}")
    # Not stored until an admin changes it: two first numbers at once must not race.
    rule = cache[doc_type] = NumberingRule(doc_type=doc_type, prefix=default.prefix, gap_free=default.gap_free,
                                           reset=default.reset, date_format="%Y%m%d", separator="-", padding=4)
    return rule


def _period(rule: NumberingRule, on: dt.date) -> str:
    return {
        Reset.DAILY: on.strftime("%Y%m%d"),
        Reset.MONTHLY: on.strftime("%Y%m"),
        Reset.YEARLY: on.strftime("%Y"),
        Reset.NEVER: "-",
    }[rule.reset]


def next_number(session: Session, doc_type: str, on: dt.date) -> str:
    """The next number of ``doc_type`` for a document dated ``on``."""
    rule = get_rule(session, doc_type)
    period = _period(rule, on)
    connection = session.connection()
    value = connection.execute(_bump_statement(connection.dialect.name),
                               {"doc_type": doc_type, "period": period}).scalar_one()
    date_part = on.strftime(rule.date_format) if rule.date_format else ""
    return f"{rule.prefix}{date_part}{rule.separator}{value:0{rule.padding}d}"


_BUMPS: dict[str, object] = {}


def _bump_statement(dialect: str):
    """``INSERT … ON CONFLICT DO UPDATE SET last_value = last_value + 1 RETURNING
    last_value``, built once per dialect."""
    stmt = _BUMPS.get(dialect)
    if stmt is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = _BUMPS[dialect] = (
            insert(NumberCounter.__table__)
            .values(last_value=1)
            .on_conflict_do_update(
                index_elements=[NumberCounter.doc_type, NumberCounter.period],
                set_={"last_value": NumberCounter.__table__.c.last_value + 1},
            )
            .returning(NumberCounter.__table__.c.last_value)
        )
    return stmt


def update_rule(session: Session, actor, doc_type: str, data: dict) -> NumberingRule:
    from erp.auth.services import require

    require(actor, NUMBERING_MANAGE)
    rule = get_rule(session, doc_type)
    if rule not in session:
        session.add(rule)
    prefix = data.get("prefix", rule.prefix)
    if not prefix or not prefix.isalnum() or len(prefix) > 10:
        raise ValidationFailed(N_("Invalid prefix."), fields={"prefix": [N_("1-10 letters or digits.")]})
    for key in ("prefix", "date_format", "separator", "padding", "reset"):
        if key in data:
            setattr(rule, key, data[key])
    if not 2 <= rule.padding <= 8:
        raise ValidationFailed(N_("Invalid padding."), fields={"padding": [N_("Between 2 and 8.")]})
    session.flush()
    return rule


def all_rules(session: Session) -> list[NumberingRule]:
    stored = {r.doc_type: r for r in session.scalars(select(NumberingRule))}
    return [stored.get(t) or get_rule(session, t) for t in sorted(set(DEFAULTS) | set(stored))]
