"""Conflicts travel: ``sync_conflict`` gets the record stamps of a synced table and keeps the sealed
fields of both versions in sealed columns. Conflicts kept before this get this node's stamps and stay
here (they have no change-log entry).

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import synced_columns_v1

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

STAMPS = [column for column in synced_columns_v1() if column.name != "id"]


def upgrade() -> None:
    with op.batch_alter_table("sync_conflict") as batch:
        for column in STAMPS:
            batch.add_column(sa.Column(column.name, column.type, nullable=True))
        batch.add_column(sa.Column("winner_secrets_sealed", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("loser_secrets_sealed", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    node = bind.execute(sa.text("SELECT node_id FROM node_identity")).scalar() or ""
    bind.execute(sa.text("UPDATE sync_conflict SET created_at = detected_at, updated_at = coalesce(resolved_at, "
                         "detected_at), origin_node = :node, hlc = 0"), {"node": node})
    with op.batch_alter_table("sync_conflict") as batch:
        for column in STAMPS:
            if not column.nullable:
                batch.alter_column(column.name, existing_type=column.type, nullable=False)
        batch.create_index("ix_sync_conflict_hlc", ["hlc"])


def downgrade() -> None:
    with op.batch_alter_table("sync_conflict") as batch:
        batch.drop_index("ix_sync_conflict_hlc")
        for name in ("loser_secrets_sealed", "winner_secrets_sealed", *(column.name for column in reversed(STAMPS))):
            batch.drop_column(name)
