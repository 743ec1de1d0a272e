"""Communities sort by pinyin: a stored sort key, indexed.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from desktop.domain.pinyin import sort_key  # Alembic imports every script at start; keep this one cheap

    with op.batch_alter_table("community") as batch:
        batch.add_column(sa.Column("name_sort", sa.String(400), nullable=False, server_default=""))
        batch.create_index("ix_community_name_sort", ["name_sort"])
    bind = op.get_bind()
    community = sa.table("community", sa.column("id", sa.String), sa.column("name", sa.String),
                         sa.column("name_sort", sa.String))
    for row_id, name in bind.execute(sa.select(community.c.id, community.c.name)).all():
        bind.execute(community.update().where(community.c.id == row_id).values(name_sort=sort_key(name)))
    with op.batch_alter_table("community") as batch:  # the default was only for the rows already there
        batch.alter_column("name_sort", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("community") as batch:
        batch.drop_index("ix_community_name_sort")
        batch.drop_column("name_sort")
