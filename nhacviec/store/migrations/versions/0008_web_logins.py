"""web logins: the console's server-side sessions and the failed logins that throttle guessing

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 15:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import nhacviec.store.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "weblogin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", nhacviec.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", nhacviec.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("flash", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("weblogin", schema=None) as batch_op:
        batch_op.create_index("ix_weblogin_user", ["user_id"], unique=False)
    op.create_table(
        "loginfailure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", nhacviec.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("loginfailure", schema=None) as batch_op:
        batch_op.create_index("ix_loginfailure_login_at", ["login", "at"], unique=False)
        batch_op.create_index("ix_loginfailure_address_at", ["address", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("loginfailure", schema=None) as batch_op:
        batch_op.drop_index("ix_loginfailure_address_at")
        batch_op.drop_index("ix_loginfailure_login_at")
    op.drop_table("loginfailure")
    with op.batch_alter_table("weblogin", schema=None) as batch_op:
        batch_op.drop_index("ix_weblogin_user")
    op.drop_table("weblogin")
