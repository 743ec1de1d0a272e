"""Community social organisations and their append-only status history.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import synced_columns_v1

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "social_org",
        *synced_columns_v1(),
        sa.Column("name", sa.String(100), nullable=False, index=True),
        sa.Column("name_sort", sa.String(400), nullable=False, index=True),
        sa.Column("community_id", sa.String(36), sa.ForeignKey("community.id"), nullable=False, index=True),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("credit_code", sa.String(18), nullable=False),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("leader", sa.String(50), nullable=False),
        sa.Column("leader_phone_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("members", sa.Integer(), nullable=True),
        sa.Column("party_branch", sa.Boolean(), nullable=False),
        sa.Column("brand", sa.Boolean(), nullable=False),
        sa.Column("is_federation", sa.Boolean(), nullable=False),
        sa.Column("federation_id", sa.String(36), sa.ForeignKey("social_org.id"), nullable=True),
        sa.Column("notes", sa.String(500), nullable=False),
    )
    op.create_table(
        "social_org_status",
        *synced_columns_v1(),
        sa.Column("org_id", sa.String(36), sa.ForeignKey("social_org.id"), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("social_org_status")
    op.drop_table("social_org")
