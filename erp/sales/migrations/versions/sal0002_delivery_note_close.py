"""Delivery notes can be closed: each line keeps the quantity given up (not shipped).

Revision ID: sal0002
Revises: sal0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import erp.db.types

revision = "sal0002"
down_revision = "sal0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delivery_note_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("qty_closed", erp.db.types.ScaledDecimal(scale=4, precision=18),
                                      server_default="0", nullable=False))
        batch_op.create_check_constraint(op.f("ck_delivery_note_lines_qty_closed_in_range"),
                                         "qty_closed >= 0 AND qty_closed <= qty_base")


def downgrade() -> None:
    with op.batch_alter_table("delivery_note_lines", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_delivery_note_lines_qty_closed_in_range"), type_="check")
        batch_op.drop_column("qty_closed")
