"""``erp check``: integrity checks. Each package adds its checks to CHECKS when it lands."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.documents.base import DOCUMENT_TYPES
from erp.numbering.services import get_rule

#: (name, function(session) -> list of problem strings)
CHECKS: list[tuple[str, Callable[[Session], list[str]]]] = []


def register_check(name: str):
    def decorator(fn):
        if not any(existing == name for existing, _ in CHECKS):
            CHECKS.append((name, fn))
        return fn

    return decorator


@register_check("gap-free numbering")
def check_gap_free_numbers(session: Session) -> list[str]:
    """Gap-free document types: per prefix and period, numbers 1..n all present."""
    problems = []
    for doc_type, cls in DOCUMENT_TYPES.items():
        try:
            rule = get_rule(session, doc_type)
        except KeyError:
            continue
        if not rule.gap_free:
            continue
        groups: dict[str, list[int]] = {}
        for number in session.scalars(select(cls.number).where(cls.number.is_not(None))):
            head, _, tail = number.rpartition(rule.separator)
            if tail.isdigit():
                groups.setdefault(head, []).append(int(tail))
        for head, values in groups.items():
            missing = sorted(set(range(1, max(values) + 1)) - set(values))
            if missing:
                problems.append(f"{doc_type} {head}: missing {missing[:20]}")
    return problems


@register_check("documents have numbers once approved")
def check_numbers_given(session: Session) -> list[str]:
    from erp.documents.base import DocState

    problems = []
    for doc_type, cls in DOCUMENT_TYPES.items():
        rows = session.scalars(select(cls.id).where(cls.state.in_([DocState.APPROVED, DocState.CLOSED]),
                                                    cls.number.is_(None)).limit(20))
        problems += [f"{doc_type} #{doc_id} approved without a number" for doc_id in rows]
    return problems


def import_all_checks() -> None:
    """Every package's checks, listed explicitly (a check a module registers at import time
    must not depend on which pages happened to be imported)."""
    import erp.products.services  # noqa: F401
    import erp.sales.checks  # noqa: F401
    import finance.ledger.checks  # noqa: F401
    import finance.receivables.checks  # noqa: F401
    import inventory.stock.checks  # noqa: F401
    import purchasing.checks  # noqa: F401
    import purchasing.invoices.checks  # noqa: F401


def run_checks(session: Session) -> list[tuple[str, list[str]]]:
    import_all_checks()
    return [(name, fn(session)) for name, fn in CHECKS]
