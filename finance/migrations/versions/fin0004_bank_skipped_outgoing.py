"""Bank statements count the rows of money paid out that the import left out.

Revision ID: fin0004
Revises: fin0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "fin0004"
down_revision = "fin0003"
branch_labels = None
depends_on = None


# Plain ALTER TABLE (no batch copy): bank_lines refers to bank_statements ON DELETE
# CASCADE, and copying the table on SQLite would drop it and take the lines with it.
def upgrade() -> None:
    op.add_column("bank_statements", sa.Column("skipped_outgoing", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    op.execute("ALTER TABLE bank_statements DROP COLUMN skipped_outgoing")
