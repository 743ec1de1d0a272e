"""Why a photo was taken off its record, and by whom: the attachment row is tombstoned, never deleted,
and keeps the reason for the activity's history.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachment") as batch:
        batch.add_column(sa.Column("removed_reason", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("removed_by", sa.String(50), nullable=False, server_default=""))
    with op.batch_alter_table("attachment") as batch:  # the defaults were only for the rows already there
        batch.alter_column("removed_reason", server_default=None)
        batch.alter_column("removed_by", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("attachment") as batch:
        batch.drop_column("removed_by")
        batch.drop_column("removed_reason")
