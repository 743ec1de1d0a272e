"""Column sets of the record conventions as they were when a migration was written.

Frozen: a later change to the conventions gets a new function, never an edit of an old one.
"""

import sqlalchemy as sa


def synced_columns_v1() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_node", sa.String(36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False, index=True),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def pinyin_name_columns_v1(length: int = 100) -> list[sa.Column]:
    """``storage.naming.PinyinNamed``: the name with its pinyin sort and search keys."""
    return [
        sa.Column("name", sa.String(length), nullable=False, index=True),
        sa.Column("name_sort", sa.String(400), nullable=False, index=True),
        sa.Column("name_search", sa.String(400), nullable=False, server_default=sa.text("''")),
    ]
