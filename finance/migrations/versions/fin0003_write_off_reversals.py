"""Write-offs can be reversed: ``write_off_reversals`` and the ``write_off_reversal``
ledger entry type.

Revision ID: fin0003
Revises: fin0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "fin0003"
down_revision = "fin0002"
branch_labels = None
depends_on = None

ENTRY_TYPES = ("invoice", "invoice_reversal", "credit_note", "credit_note_reversal", "payment", "payment_reversal",
               "allocation", "allocation_reversal", "write_off")
CHECK = "ck_ledger_entries_entry_type_enum"


def _entry_types(values: tuple[str, ...]) -> None:
    condition = "entry_type IN ({})".format(", ".join(f"'{v}'" for v in values))
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f(CHECK), "ledger_entries", type_="check")
        op.create_check_constraint(op.f(CHECK), "ledger_entries", condition)
        return
    # SQLite changes a CHECK by copying the table; the copy loses the append-only
    # triggers (fin0002), which are made again. Nothing refers to ledger_entries.
    with op.batch_alter_table("ledger_entries", recreate="always") as batch_op:
        batch_op.drop_constraint(op.f(CHECK), type_="check")
        batch_op.create_check_constraint(op.f(CHECK), condition)
    op.execute("""
        CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END
    """)
    op.execute("""
        CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END
    """)


def upgrade() -> None:
    op.create_table(
        "write_off_reversals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("write_off_id", sa.Integer(), nullable=False),
        sa.Column("reversal_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_write_off_reversals_created_by_id_users")),
        sa.ForeignKeyConstraint(["write_off_id"], ["write_offs.id"],
                                name=op.f("fk_write_off_reversals_write_off_id_write_offs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_write_off_reversals")),
        sa.UniqueConstraint("write_off_id", name=op.f("uq_write_off_reversals_write_off_id")),
    )
    _entry_types((*ENTRY_TYPES, "write_off_reversal"))


def downgrade() -> None:
    _entry_types(ENTRY_TYPES)
    op.drop_table("write_off_reversals")
