"""Indexes that let the case list sort by worker, stage and risk without sorting every case, and find one
community's cases without scanning all of them.

Measured on 400,000 cases (tests/benchmarks/test_case_files.py): in the order of the worker, the stage
or the risk, a first page sorted every case (0.5–1.3 s). Each order now has two indexes led by its key
and ending with the list's tiebreak, newest opened first: one for each direction of the key, since a
single index read backwards would give the ties oldest first. The stage and the risk sort as their codes
are listed (``storage.listed_order``), an expression the query must spell as the index does. The open
cases of one community, in the clients' name order, cost two scans of ``ix_case_listing`` (350 ms); led
by the community, the listing's columns after it, they are a range.

The ledger (1,000,000 entries across 200 funds, tests/benchmarks/test_ledger.py): a fund's balance reads
from an index holding account, day, side and amount; a period's entries and one kind's entries are ranges.
The committee's decisions and goods in kind get 0013's append-only triggers, as the journal has.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import append_only_guards, drop_append_only_guards

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

LISTED = ["deleted_at", "stage", "worker_user_id", "risk", "client_id", "number"]  # 0011's, but the community
STAGES = ("CASE stage WHEN 'intake' THEN 0 WHEN 'assessment' THEN 1 WHEN 'plan' THEN 2 WHEN 'service' THEN 3 "
          "WHEN 'evaluation' THEN 4 WHEN 'closed' THEN 5 WHEN 'referred' THEN 6 ELSE 7 END")
RISKS = "CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END"
SORTED_BY = {"worker": "worker_name", "stage": f"({STAGES})", "risk": f"({RISKS})"}
NEWEST = [sa.text("opened_on DESC"), sa.text("id DESC")]
LEDGER_INDEXES = {
    "ix_ledger_entry_fund_day": ("ledger_entry", ["fund_id", "posted_on"]),
    "ix_ledger_entry_fund_kind": ("ledger_entry", ["fund_id", "kind", "number"]),
    "ix_ledger_line_fund_account": ("ledger_line", ["fund_id", "account", "posted_on", "side", "amount_fen"]),
}
GUARDED = ("disbursement_approval", "goods_in_kind")


def upgrade() -> None:
    op.create_index("ix_case_community_listing", "case_file", ["community_id", "opened_on", "id", *LISTED])
    for key, expression in SORTED_BY.items():
        op.create_index(f"ix_case_by_{key}", "case_file", [sa.text(expression), *NEWEST])
        op.create_index(f"ix_case_by_{key}_desc", "case_file", [sa.text(f"{expression} DESC"), *NEWEST])
    for name, (table, columns) in LEDGER_INDEXES.items():
        op.create_index(name, table, columns)
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        for statement in append_only_guards(table, dialect):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        for statement in drop_append_only_guards(table, dialect):
            op.execute(statement)
    for name, (table, _columns) in LEDGER_INDEXES.items():
        op.drop_index(name, table)
    for key in reversed(SORTED_BY):
        op.drop_index(f"ix_case_by_{key}_desc", "case_file")
        op.drop_index(f"ix_case_by_{key}", "case_file")
    op.drop_index("ix_case_community_listing", "case_file")
