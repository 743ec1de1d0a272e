"""A balance assertion is withdrawn, never deleted: ``balance_assertion_withdrawal`` (append-only, synced) holds
one row per withdrawal, the assertion it withdraws, why, who, and the assertion that replaced it when one was
recorded for the same fund, account and day instead (a mistyped figure). The assertion itself stays as 0022
and 0026 keep it: what the statement said is never changed, so a withdrawal is a row of its own rather than
a column set on the assertion; a union by id in sync, so a withdrawal made on one node and a reconciliation
made on another both stand. A withdrawn assertion is no longer compared with the ledger and closes no books.

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import append_only_guards, drop_append_only_guards, synced_columns_v1

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

TABLE = "balance_assertion_withdrawal"


def upgrade() -> None:
    op.create_table(
        TABLE, *synced_columns_v1(),
        sa.Column("assertion_id", sa.String(36), sa.ForeignKey("balance_assertion.id"), nullable=False, index=True),
        sa.Column("replaced_by_id", sa.String(36), sa.ForeignKey("balance_assertion.id"), nullable=True),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("by_name", sa.String(50), nullable=False),
    )
    for statement in append_only_guards(TABLE, op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_append_only_guards(TABLE, op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table(TABLE)
