"""The schema is made only by migrations, and the migrations match the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from erp.db import Base
from erp.migrate import current_heads


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_database_is_at_every_head(engine):
    from alembic.script import ScriptDirectory

    from erp.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    heads = set(script.get_heads())
    current = current_heads(engine)
    assert current <= heads
    # A branch that depends on another's head (inventory on erp) makes that head an ancestor,
    # and Alembic then records only the dependent head: every head must be reached from them.
    assert heads <= {rev.revision for rev in script.iterate_revisions(tuple(current), "base")}


def test_audit_log_refuses_updates_and_deletes(db, make_user):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    make_user()  # creating a user writes audit rows
    db.flush()
    with pytest.raises(DatabaseError):
        with db.begin_nested():
            db.execute(text("UPDATE audit_log SET action = 'x'"))
    with pytest.raises(DatabaseError):
        with db.begin_nested():
            db.execute(text("DELETE FROM audit_log"))
