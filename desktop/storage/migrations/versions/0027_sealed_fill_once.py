"""An append-only record's sealed field may be filled in once. A row first received in a plain bundle,
which leaves sealed fields out, is stored with them NULL; when the same row comes again in a bundle that
carries them, the merge fills them in (``sync.merge``). 0025's guard of every append-only table with sealed
fields (a case's service records, assessments, plans, stage changes, evaluations, referral steps) now lets
through an UPDATE that fills at least one such NULL field (or its blind index) and changes nothing else,
and refuses every other UPDATE as before: one that changes a value already set, touches any other column,
or changes nothing. DELETE, INSERT OR REPLACE and TRUNCATE stay refused. The ledger's append-only tables
(0013, 0014) and 0022's bound ones hold no sealed field and keep their guards.

The tables and fields come from the declarations (append-only models, their sealed columns and blind
indexes as ``sync.registry`` reads them), the columns from the tables as they stand at this revision. The
guard names every column, so a later migration adding a column to one of these tables re-creates it
(``fill_once_guard``; a test checks every column is named). Trigger names stay 0025's.

Revision ID: 0027
Revises: 0026
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import append_only_guards, drop_append_only_guards
from desktop.sync.registry import synced

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def refused(columns: list[str], fillable: list[str], differs: str) -> str:
    """The condition refusing an UPDATE: no fillable column goes from NULL to a value, or a fillable column
    set before changes, or another column changes. ``differs``: the dialect's null-safe inequality."""
    filled = " OR ".join(f"(OLD.{column} IS NULL AND NEW.{column} IS NOT NULL)" for column in fillable)
    kept = [f"(OLD.{column} IS NOT NULL AND NEW.{column} {differs} OLD.{column})" for column in fillable]
    fixed = [f"NEW.{column} {differs} OLD.{column}" for column in columns if column not in fillable]
    return " OR ".join([f"NOT ({filled})", *kept, *fixed])


def fill_once_guard(table: str, columns: list[str], fillable: list[str], dialect: str,
                    refusing: Callable[[list[str], list[str], str], str] = refused) -> list[str]:
    """The statements replacing ``table``'s UPDATE guard with one that lets a fill-once through (``refusing``
    gives the condition refusing an UPDATE, as ``refused`` does: 0029 passes its own)."""
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_update",
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"WHEN {refusing(columns, fillable, 'IS NOT')} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"]
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"""CREATE OR REPLACE FUNCTION wushe_{table}_fill_once() RETURNS trigger AS $$
                BEGIN
                  IF TG_OP = 'DELETE' OR ({refusing(columns, fillable, 'IS DISTINCT FROM')}) THEN
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION wushe_{table}_fill_once()"]


def sealed_append_only() -> dict[str, tuple[list[str], list[str]]]:
    """Append-only table → its columns and, of them, the fillable ones (sealed columns and their blind
    indexes), of the tables there are at this revision."""
    inspector = sa.inspect(op.get_bind())
    present = set(inspector.get_table_names())
    found = {}
    for name, table in synced().items():
        if table.append_only and table.sealed and name in present:
            columns = [column["name"] for column in inspector.get_columns(name)]
            fillable = [column for column in (*table.sealed, *(index.column for index in table.blind))
                        if column in columns]
            if fillable:
                found[name] = (columns, fillable)
    return found


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, (columns, fillable) in sealed_append_only().items():
        for statement in fill_once_guard(table, columns, fillable, dialect):
            op.execute(statement)


def downgrade() -> None:
    """0025's guards again, whole."""
    dialect = op.get_bind().dialect.name
    for table in sealed_append_only():
        for statement in [*drop_append_only_guards(table, dialect), *append_only_guards(table, dialect)]:
            op.execute(statement)
        if dialect != "sqlite":
            op.execute(f"DROP FUNCTION IF EXISTS wushe_{table}_fill_once()")
