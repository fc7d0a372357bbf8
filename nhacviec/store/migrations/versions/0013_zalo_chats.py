"""zalo chats: a linked chat's messenger (telegram | zalo), so a unit may have both

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 18:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chatlink") as batch:
        batch.add_column(
            sa.Column("channel", sa.String(length=20), nullable=False, server_default="telegram")
        )
        batch.drop_index("ix_chatlink_chat")
        batch.create_index("ix_chatlink_chat", ["channel", "chat_id", "revoked_at"])


def downgrade() -> None:
    with op.batch_alter_table("chatlink") as batch:
        batch.drop_index("ix_chatlink_chat")
        batch.create_index("ix_chatlink_chat", ["chat_id", "revoked_at"])
        batch.drop_column("channel")
