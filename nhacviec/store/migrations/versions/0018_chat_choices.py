"""chat choices: the numbers offered to a chat, kept across restarts and instances

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import nhacviec.store.types

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    instant = nhacviec.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "chatchoice",
        sa.Column("messenger", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("expires_at", instant, nullable=False),
        sa.Column("offered_at", instant, nullable=False),
        sa.PrimaryKeyConstraint("messenger", "chat_id"),
    )


def downgrade() -> None:
    op.drop_table("chatchoice")
