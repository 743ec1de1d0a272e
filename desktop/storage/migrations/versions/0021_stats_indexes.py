"""Indexes for the activity statistics of a period (``services.activity_stats``), each led by the day a
record counts on and holding every column the figures read, so that a period's records are one range of
an index, never the table: with 200,000 case service records, 200,000 volunteer service rows, 200,000
fund entries and 200,000 needs (tests/benchmarks/test_period_stats.py), the statistics scanned whole tables
(case service records, fund entries and closed cases had no index on their day; a volunteer's service went
through ``reverses_id``, a need's closing through its status) and took ~10 s for a year. The corrected
case service records are found through ``corrects_id``, once unindexed. The volunteer service's and the
needs' indexes on the day alone go: the new ones begin with it. Two more serve the needs lists: the list's
own order, most urgent first (a first page at 200,000 needs: 117 ms → 0.5 ms), and a resource's matches by
status, read for each candidate of a need.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

URGENCY = "(CASE urgency WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END)"
NEEDS_LISTED = [sa.text(URGENCY), "found_on", "title", "id"]
INDEXES = {
    "ix_case_service_record_day": ("case_service_record", ["served_on", "case_id", "kind", "deleted_at", "id"]),
    "ix_case_service_record_corrects": ("case_service_record", ["corrects_id", "deleted_at"]),
    "ix_volunteer_service_day": ("volunteer_service",
                                 ["served_on", "volunteer_id", "minutes", "reverses_id", "deleted_at", "id"]),
    "ix_ledger_entry_day": ("ledger_entry", ["posted_on", "kind", "fund_id", "amount_fen", "reverses_id",
                                             "deleted_at"]),
    "ix_need_found": ("need", ["found_on", "community_id", "deleted_at"]),
    "ix_need_closed": ("need", ["closed_on", "status", "community_id", "deleted_at"]),
    "ix_case_closed": ("case_file", ["closed_on", "stage", "community_id", "deleted_at", "id"]),
    "ix_need_listing": ("need", NEEDS_LISTED),
    "ix_need_match_resource_status": ("need_match", ["resource_id", "status", "deleted_at"]),
}
# Indexes on the day alone, which the new ones begin with.
REPLACED = {"ix_volunteer_service_served_on": ("volunteer_service", "served_on"),
            "ix_need_found_on": ("need", "found_on")}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    for name, (table, _column) in REPLACED.items():
        op.drop_index(name, table)


def downgrade() -> None:
    for name, (table, column) in REPLACED.items():
        op.create_index(name, table, [column])
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table)
