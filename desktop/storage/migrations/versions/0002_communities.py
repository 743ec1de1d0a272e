"""Villages and urban communities served by the station.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import synced_columns_v1

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community",
        *synced_columns_v1(),
        sa.Column("station_id", sa.String(36), sa.ForeignKey("station.id"), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False, index=True),
        sa.Column("setting", sa.String(8), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("division_code", sa.String(12), nullable=False),
        sa.Column("notes", sa.String(500), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("community")
