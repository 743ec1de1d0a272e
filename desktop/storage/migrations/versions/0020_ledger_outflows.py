"""Money leaving a fund goes through a disbursement in every case: a transfer's disbursement names the
receiving fund (``disbursement.to_fund_id``), a refund's the donation refunded (``refund_of_id``).
Goods recorded with no valuation are corrected or valued by a new record that replaces the earlier one
(``goods_in_kind.replaces_id``, with the ``reason``). A correction of a receipt's official ticket keeps
its reason on the receipt (``donation_receipt.ticket_correction``).

Plain ADD COLUMNs, not batch copies: copying these tables would drop their triggers (0013, 0018).

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import append_only_guards, drop_append_only_guards

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# table, column, referenced table
REFERENCES = (("disbursement", "to_fund_id", "fund"), ("disbursement", "refund_of_id", "ledger_entry"),
              ("goods_in_kind", "replaces_id", "goods_in_kind"))
TEXTS = (("goods_in_kind", "reason"), ("donation_receipt", "ticket_correction"))


def _index(table: str, column: str) -> str:
    return f"ix_{table}_{column}"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, target in REFERENCES:
        if sqlite:  # Alembic would leave the foreign key out; SQLite takes it inline on a column added NULL
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(36) REFERENCES {target} (id)")
        else:
            op.add_column(table, sa.Column(column, sa.String(36), sa.ForeignKey(f"{target}.id"), nullable=True))
        op.create_index(_index(table, column), table, [column])
    for table, column in TEXTS:
        op.add_column(table, sa.Column(column, sa.String(200), nullable=False, server_default=sa.text("''")))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, column in TEXTS:
        op.drop_column(table, column)
    for table, column, _target in REFERENCES:
        op.drop_index(_index(table, column), table)
    if dialect != "sqlite":
        for table, column, _target in REFERENCES:
            op.drop_column(table, column)
        return
    # SQLite drops a column with a foreign key only by copying the table, which loses its triggers.
    for statement in drop_append_only_guards("goods_in_kind", dialect):
        op.execute(statement)
    with op.batch_alter_table("goods_in_kind") as batch:
        batch.drop_column("replaces_id")
    for statement in append_only_guards("goods_in_kind", dialect):
        op.execute(statement)
    op.execute("DROP TRIGGER IF EXISTS disbursement_no_delete")
    with op.batch_alter_table("disbursement") as batch:
        batch.drop_column("refund_of_id")
        batch.drop_column("to_fund_id")
    op.execute("CREATE TRIGGER disbursement_no_delete BEFORE DELETE ON disbursement "
               "BEGIN SELECT RAISE(ABORT, 'a disbursement is never deleted'); END")
