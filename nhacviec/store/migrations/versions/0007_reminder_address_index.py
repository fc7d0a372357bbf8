"""outbox: an index by address, so a claim of whole addresses reads no table rows

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 14:05:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ["channel", "address", "status", "next_attempt_at"]


def upgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_address_due", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_address_due")
