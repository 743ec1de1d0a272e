"""Names are found by pinyin too: a stored search key (initials of every reading, full pinyin).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("community", "social_org")


def upgrade() -> None:
    from desktop.domain.pinyin import search_key  # Alembic imports every script at start; keep this one cheap

    bind = op.get_bind()
    for name in TABLES:
        # A plain ADD COLUMN: batch mode would copy ``community``, which other tables now reference.
        op.add_column(name, sa.Column("name_search", sa.String(400), nullable=False, server_default=sa.text("''")))
        table = sa.table(name, sa.column("id", sa.String), sa.column("name", sa.String),
                         sa.column("name_search", sa.String))
        for row_id, value in bind.execute(sa.select(table.c.id, table.c.name)).all():
            bind.execute(table.update().where(table.c.id == row_id).values(name_search=search_key(value)))


def downgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.drop_column("name_search")
