"""Document numbers: prefix + date + sequence, unique under concurrent requests, gap-free."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy.exc import OperationalError

from erp.numbering.models import NumberingRule, Reset
from erp.numbering.services import next_number, register_doc_type, update_rule

register_doc_type("test_doc", "TD")
register_doc_type("test_monthly", "TM", reset=Reset.MONTHLY)


def test_numbers_are_prefix_date_and_a_padded_sequence(db):
    day = dt.date(2026, 11, 26)
    assert next_number(db, "test_doc", day) == "TD20261126-0001"
    assert next_number(db, "test_doc", day) == "TD20261126-0002"
    assert next_number(db, "test_doc", dt.date(2026, 11, 27)) == "TD20261127-0001"


def test_a_monthly_rule_restarts_each_month(db):
    assert next_number(db, "test_monthly", dt.date(2026, 11, 1)) == "TM20261101-0001"
    assert next_number(db, "test_monthly", dt.date(2026, 11, 30)) == "TM20261130-0002"
    assert next_number(db, "test_monthly", dt.date(2026, 12, 1)) == "TM20261201-0001"


def test_admin_can_change_the_prefix_and_padding(db, make_user):
    admin = make_user("admin")
    update_rule(db, admin, "test_doc", {"prefix": "XS", "padding": 6})
    assert next_number(db, "test_doc", dt.date(2026, 1, 2)) == "XS20260102-000001"
    assert db.get(NumberingRule, "test_doc").prefix == "XS"


def test_a_rollback_gives_the_number_back(db):
    day = dt.date(2026, 5, 5)
    savepoint = db.begin_nested()
    assert next_number(db, "test_doc", day).endswith("-0001")
    savepoint.rollback()
    assert next_number(db, "test_doc", day).endswith("-0001")


def test_concurrent_transactions_never_share_a_number(fresh_sessions):
    """16 threads × 10 numbers each, each in its own committed transaction."""
    results: list[str] = []
    errors: list[Exception] = []
    lock = threading.Lock()
    day = dt.date(2026, 11, 26)

    def worker():
        for _ in range(10):
            for attempt in range(20):
                session = fresh_sessions()
                try:
                    number = next_number(session, "test_doc", day)
                    session.commit()
                    with lock:
                        results.append(number)
                    break
                except OperationalError as exc:  # SQLite "database is locked" after busy_timeout: retry
                    session.rollback()
                    if attempt == 19:
                        errors.append(exc)
                finally:
                    session.close()

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 160
    assert len(set(results)) == 160
    assert sorted(int(n.rsplit("-", 1)[1]) for n in results) == list(range(1, 161))


@pytest.mark.parametrize("prefix", ["", "A B", "TOOLONGPREFIX"])
def test_bad_prefixes_are_refused(db, make_user, prefix):
    from erp.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        update_rule(db, make_user("admin"), "test_doc", {"prefix": prefix})
