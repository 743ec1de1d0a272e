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


def append_only_guards(table: str, dialect: str) -> list[str]:
    """Triggers that refuse UPDATE and DELETE of ``table``'s rows, whoever issues them."""
    if dialect == "sqlite":
        # INSERT OR REPLACE deletes the row it replaces without firing DELETE triggers (recursive triggers
        # are off), so an insert over an existing id is refused too.
        message = f"'{table} is append-only'"
        return [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, {message}); END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, {message}); END",
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} WHEN EXISTS "
            f"(SELECT 1 FROM {table} WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, {message}); END",
        ]
    # wushe_append_only() is 0001's: it raises "<table> is append-only".
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION wushe_append_only()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION wushe_append_only()",
    ]


def drop_append_only_guards(table: str, dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_{suffix}" for suffix in ("no_update", "no_delete", "no_replace")]
    return [f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}" for suffix in ("append_only", "no_truncate")]
