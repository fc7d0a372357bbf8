"""kept documents: plan files uploaded to the web console beside those sent to the bot, with
the office's corrections

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 15:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("botdocument", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=20), nullable=False, server_default="telegram")
        )
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("corrections", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.alter_column("chat_id", existing_type=sa.String(length=40), nullable=True)
        batch_op.create_foreign_key("fk_botdocument_account", "user", ["account_id"], ["id"])
        batch_op.create_foreign_key("fk_botdocument_unit", "unit", ["unit_id"], ["id"])


def downgrade() -> None:
    op.execute("DELETE FROM botdocument WHERE chat_id IS NULL")  # web uploads had no chat
    with op.batch_alter_table("botdocument", schema=None) as batch_op:
        batch_op.drop_constraint("fk_botdocument_unit", type_="foreignkey")
        batch_op.drop_constraint("fk_botdocument_account", type_="foreignkey")
        batch_op.alter_column("chat_id", existing_type=sa.String(length=40), nullable=False)
        batch_op.drop_column("corrections")
        batch_op.drop_column("unit_id")
        batch_op.drop_column("account_id")
        batch_op.drop_column("source")
