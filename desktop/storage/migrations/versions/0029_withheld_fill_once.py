"""An append-only record's sealed field left out of a plain bundle is stored as withheld, like any other
record's (``storage.withheld``: an empty value no seal produces), so a county shows a station's service
record, stage change or evaluation received without its text as "(not in the bundles received)" rather
than as a blank that reads "nothing recorded" (issue 8 trial #7). 0027's fill-once guard let an UPDATE
through only from NULL; it now also fills a withheld field, with the value a later bundle carries or with
NULL when that bundle says the field is empty. A value already set still never changes, nor any other
column; the guard again names every column (0027's ``fill_once_guard``). Rows received before this
revision keep their NULLs: nothing tells which of them were left out.

Revision ID: 0029
Revises: 0028
"""

import importlib

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

_0027 = importlib.import_module("desktop.storage.migrations.versions.0027_sealed_fill_once")


def refused(columns: list[str], fillable: list[str], differs: str) -> str:
    """As 0027's condition, a withheld field (length 0) filled as a NULL one is, also with NULL; never NULL
    itself (``coalesce``), so that the trigger's WHEN is true or false."""
    filled = " OR ".join(f"(OLD.{column} IS NULL AND NEW.{column} IS NOT NULL) OR "
                         f"(coalesce(length(OLD.{column}), -1) = 0 "
                         f"AND (NEW.{column} IS NULL OR length(NEW.{column}) > 0))" for column in fillable)
    kept = [f"(coalesce(length(OLD.{column}), 0) > 0 AND NEW.{column} {differs} OLD.{column})" for column in fillable]
    fixed = [f"NEW.{column} {differs} OLD.{column}" for column in columns if column not in fillable]
    return " OR ".join([f"NOT ({filled})", *kept, *fixed])


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, (columns, fillable) in _0027.sealed_append_only().items():
        for statement in _0027.fill_once_guard(table, columns, fillable, dialect, refused):
            op.execute(statement)


def downgrade() -> None:
    """0027's guards again."""
    _0027.upgrade()
