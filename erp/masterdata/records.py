"""Loading a record by an id that came from outside (a URL, a JSON body, a form)."""
from __future__ import annotations

from sqlalchemy.orm import Session

#: Ids are 32-bit integers in the database: a larger number names no record (and must not
#: reach PostgreSQL, which would refuse it with an error instead of finding nothing).
MAX_ID = 2_147_483_647


def get_record(session: Session, model: type, record_id):
    """The ``model`` row with this id, or None (also for ids no row can have)."""
    if isinstance(record_id, bool) or not isinstance(record_id, int) or not 0 < record_id <= MAX_ID:
        return None
    return session.get(model, record_id)
