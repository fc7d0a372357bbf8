"""extensions, suspension: extension requests, the extended and suspension columns (issue 14)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import nhacviec.store.types

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("occurrence") as batch:
        batch.add_column(
            sa.Column("extended", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column(
                "suspended_at", nhacviec.store.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch.add_column(sa.Column("suspended_from", sa.String(length=20), nullable=True))
    op.create_table(
        "extensionrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_before", sa.Date(), nullable=True),
        sa.Column("requested_due", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("requested_at", nhacviec.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("requested_by_unit_id", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", nhacviec.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_unit_id", sa.Integer(), nullable=True),
        sa.Column("granted_due", sa.Date(), nullable=True),
        sa.Column("decision_reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrence.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
        sa.ForeignKeyConstraint(["requested_by_unit_id"], ["unit.id"]),
        sa.ForeignKeyConstraint(["decided_by_unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_extension_occurrence", "extensionrequest", ["occurrence_id", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_extension_occurrence", table_name="extensionrequest")
    op.drop_table("extensionrequest")
    with op.batch_alter_table("occurrence") as batch:
        batch.drop_column("suspended_from")
        batch.drop_column("suspended_at")
        batch.drop_column("extended")
