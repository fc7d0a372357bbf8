"""service instances: each running service's heartbeat and last pass (nhacviec status)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 15:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import nhacviec.store.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    instant = nhacviec.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "serviceinstance",
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("bot", sa.String(length=20), nullable=False),
        sa.Column("started_at", instant, nullable=False),
        sa.Column("heartbeat_at", instant, nullable=False),
        sa.Column("last_pass_at", instant, nullable=True),
        sa.Column("last_pass_ok", sa.Boolean(), nullable=True),
        sa.Column("stopped_at", instant, nullable=True),
        sa.PrimaryKeyConstraint("owner"),
    )


def downgrade() -> None:
    op.drop_table("serviceinstance")
