"""The stock ledger is append-only: the database refuses UPDATE and DELETE on stock_moves
(a reversal is a new move pointing at the one it reverses).

Revision ID: inv0002
Revises: inv0001
"""
from __future__ import annotations

from alembic import op

revision = "inv0002"
down_revision = "inv0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION stock_moves_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'stock_moves is append-only';
            END;
            $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER stock_moves_no_change BEFORE UPDATE OR DELETE ON stock_moves
            FOR EACH ROW EXECUTE FUNCTION stock_moves_append_only()
        """)
    else:
        op.execute("""
            CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves
            BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END
        """)
        op.execute("""
            CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves
            BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END
        """)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER stock_moves_no_change ON stock_moves")
        op.execute("DROP FUNCTION stock_moves_append_only()")
    else:
        op.execute("DROP TRIGGER stock_moves_no_update")
        op.execute("DROP TRIGGER stock_moves_no_delete")
