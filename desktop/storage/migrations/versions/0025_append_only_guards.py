"""The append-only records refuse UPDATE and DELETE in the database too, as the journal does (0013): a
case's stage changes, assessments and their areas, plan versions, service records, evaluations and
referral steps; volunteer hours, time-bank lines, certificates and their revocations; a project's status
changes, expenses and evaluations; a social organisation's status changes. Until now only the session hook
(``storage.tracking``) refused, so SQL from anywhere else changed them.

No path writes to a stored row of these tables, so nothing is let through: the services add corrections
as new rows, a sync merge is a union by id for them (``sync.merge``: no newer version taken, no sealed
value filled in), the data key is never replaced (a password change or the recovery code rewraps it, the
rows stay sealed as they are), the ID tidy reseals clients and volunteers only, and a backup, restore or
VACUUM copies the file with its triggers. Not even a tombstone: an append-only row is undone by a
reversing or correcting row. On SQLite an insert over an existing id (INSERT OR REPLACE) is refused too;
on PostgreSQL a TRUNCATE.

Revision ID: 0025
Revises: 0024
"""

from alembic import op

from desktop.storage.migrations.conventions import append_only_guards, drop_append_only_guards

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

# Every append-only table but the ledger's, which have had their guards since 0013 and 0014.
GUARDED = ("case_stage_change", "case_assessment", "case_assessment_area", "case_plan", "case_service_record",
           "case_evaluation", "case_referral_change", "volunteer_service", "timebank_entry", "volunteer_certificate",
           "volunteer_certificate_revocation", "project_status_change", "project_expense", "project_evaluation",
           "social_org_status")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        for statement in append_only_guards(table, dialect):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        for statement in drop_append_only_guards(table, dialect):
            op.execute(statement)
