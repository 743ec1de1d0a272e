"""A fund's statement or public notice saved or printed is recorded as a publication: ``fund_publication``
(append-only, synced) holds the fund, the kind (statement or notice), the period, when and by whom, the
SHA-256 of the file and the totals it printed; the period's books are closed from then on.

A balance assertion and an acknowledgement of goods that cannot be valued keep their numbers:
``balance_assertion.number`` and ``goods_in_kind.ack_number``, 1, 2, 3… in their fund, taken when recorded (the
way a disbursement's is, 0024) instead of counted at display time in the order of the clock stamps, where a
row synced in with an older stamp moved every later one up by one. The rows here are numbered as they were
shown: each fund's live assertions, and its live records of goods with no entry, in the order of their clock
stamps, then ids. A unique index keeps one number to one row in a fund; 0026's trigger now keeps an
assertion's number too once set (NULL → a number, once), and goods are append-only already.

Revision ID: 0030
Revises: 0029
"""

from types import ModuleType

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import append_only_guards, drop_append_only_guards, synced_columns_v1

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

TABLE = "fund_publication"
# table, number column, which rows are numbered
NUMBERED = (("balance_assertion", "number", "deleted_at IS NULL"),
            ("goods_in_kind", "ack_number", "deleted_at IS NULL AND entry_id IS NULL"))


def _earlier(revision_id: str) -> ModuleType:
    """An earlier migration's module as Alembic loaded it (its guards and messages, not copies of them)."""
    script = op.get_context().script
    assert script is not None
    return script.get_revision(revision_id).module


def _assertion_guard(numbered: bool) -> list[str]:
    """0026's trigger (SQLite) or the function its trigger calls by name (PostgreSQL), with ``numbered`` the
    number kept once set too (0024's rule for a disbursement's)."""
    binding, kept = _earlier("0022"), _earlier("0026")
    condition = kept._condition(binding, True) + (f" {_earlier('0024').NUMBER_KEPT}" if numbered else "")
    message = binding.ASSERTION_MESSAGE
    if op.get_bind().dialect.name == "sqlite":
        return ["DROP TRIGGER IF EXISTS balance_assertion_bound",
                f"CREATE TRIGGER balance_assertion_bound BEFORE UPDATE ON balance_assertion "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END"]
    condition = condition.replace(" IS NOT ", " IS DISTINCT FROM ").replace(" IS DISTINCT FROM NULL", " IS NOT NULL")
    return [f"""CREATE OR REPLACE FUNCTION wushe_balance_assertion_bound() RETURNS trigger AS $$
                BEGIN
                  IF TG_OP = 'DELETE' OR ({condition}) THEN RAISE EXCEPTION '{message}'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql"""]


def _number_existing(table: str, column: str, where: str) -> None:
    """Each fund's rows 1, 2, 3… in the order they were numbered on screen (clock stamp, then id), with the
    table's guards off for the statement: goods are append-only."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT fund_id, id FROM {table} WHERE {where} ORDER BY hlc, id")).all()
    counts: dict[str, int] = {}
    numbers = []
    for fund_id, row_id in rows:
        counts[fund_id] = counts.get(fund_id, 0) + 1
        numbers.append({"number": counts[fund_id], "id": row_id})
    if not numbers:
        return
    update = sa.text(f"UPDATE {table} SET {column} = :number WHERE id = :id")
    if bind.dialect.name != "sqlite":
        op.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        bind.execute(update, numbers)
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        return
    triggers = bind.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = :table"), {"table": table}).all()
    for name, _sql in triggers:
        op.execute(f"DROP TRIGGER {name}")
    bind.execute(update, numbers)
    for _name, sql in triggers:  # as they were
        op.execute(sql)


def upgrade() -> None:
    op.create_table(
        TABLE, *synced_columns_v1(),
        sa.Column("fund_id", sa.String(36), sa.ForeignKey("fund.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("by_name", sa.String(50), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("opening_fen", sa.BigInteger(), nullable=False),
        sa.Column("in_fen", sa.BigInteger(), nullable=False),
        sa.Column("out_fen", sa.BigInteger(), nullable=False),
        sa.Column("closing_fen", sa.BigInteger(), nullable=False),
    )
    for statement in append_only_guards(TABLE, op.get_bind().dialect.name):
        op.execute(statement)
    for table, column, where in NUMBERED:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        _number_existing(table, column, where)
        op.create_index(f"ix_{table}_fund_{column}", table, ["fund_id", column], unique=True)
    for statement in _assertion_guard(numbered=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _assertion_guard(numbered=False):  # first: SQLite drops no column a trigger names
        op.execute(statement)
    for table, column, _where in NUMBERED:
        op.drop_index(f"ix_{table}_fund_{column}", table_name=table)
        op.drop_column(table, column)
    for statement in drop_append_only_guards(TABLE, op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table(TABLE)
