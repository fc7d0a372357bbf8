"""chat choices: the numbers offered to a chat, kept across restarts and instances; each
service's Zalo bot (mode, last poll) in its instance row

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
    with op.batch_alter_table("serviceinstance") as batch:
        batch.add_column(
            sa.Column("zalo", sa.String(length=20), nullable=False, server_default="off")
        )
        batch.add_column(sa.Column("zalo_polled_at", instant, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("serviceinstance") as batch:
        batch.drop_column("zalo_polled_at")
        batch.drop_column("zalo")
    op.drop_table("chatchoice")
