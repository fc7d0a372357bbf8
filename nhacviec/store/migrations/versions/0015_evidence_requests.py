"""evidence files (content-addressed, linked to history entries) and partner requests

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import nhacviec.store.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    instant = nhacviec.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "evidencefile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("created_at", instant, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_table(
        "evidencelink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("added_at", instant, nullable=False),
        sa.ForeignKeyConstraint(["file_id"], ["evidencefile.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["historyentry.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrence.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidencelink_task", "evidencelink", ["task_id", "id"])
    op.create_index("ix_evidencelink_entry_id", "evidencelink", ["entry_id"])
    op.create_table(
        "partnerrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("partner_unit_id", sa.Integer(), nullable=False),
        sa.Column("asked_by_unit_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("asked_at", instant, nullable=False),
        sa.Column("asked_entry_id", sa.Integer(), nullable=False),
        sa.Column("answered_at", instant, nullable=True),
        sa.Column("answer_entry_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrence.id"]),
        sa.ForeignKeyConstraint(["partner_unit_id"], ["unit.id"]),
        sa.ForeignKeyConstraint(["asked_by_unit_id"], ["unit.id"]),
        sa.ForeignKeyConstraint(["asked_entry_id"], ["historyentry.id"]),
        sa.ForeignKeyConstraint(["answer_entry_id"], ["historyentry.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_partnerrequest_task", "partnerrequest", ["task_id", "id"])
    op.create_index("ix_partnerrequest_occurrence", "partnerrequest", ["occurrence_id"])


def downgrade() -> None:
    op.drop_index("ix_partnerrequest_occurrence", table_name="partnerrequest")
    op.drop_index("ix_partnerrequest_task", table_name="partnerrequest")
    op.drop_table("partnerrequest")
    op.drop_index("ix_evidencelink_entry_id", table_name="evidencelink")
    op.drop_index("ix_evidencelink_task", table_name="evidencelink")
    op.drop_table("evidencelink")
    op.drop_table("evidencefile")
