"""bot: plan files sent to the office's chat, pending until imported or cancelled

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 13:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import nhacviec.store.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "botdocument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("amends_plan_id", sa.Integer(), nullable=True),
        sa.Column("created_at", nhacviec.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", nhacviec.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(length=300), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["amends_plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("botdocument", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_botdocument_chat_id"), ["chat_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("botdocument", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_botdocument_chat_id"))
    op.drop_table("botdocument")
