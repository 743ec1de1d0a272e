"""Case files: clients and their households, cases with their stage changes, needs assessments,
service plans and goals, service records, evaluations, referrals and follow-ups. What is written
about a person in words is sealed (``*_sealed``), as ID numbers and phones are.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import pinyin_name_columns_v1, synced_columns_v1

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CLIENT_LISTED = ["deleted_at", "target_groups", "name", "name_search", "id_tail"]
CASE_LISTED = ["deleted_at", "stage", "worker_user_id", "community_id", "risk", "client_id", "number"]


def _ref(column: str, table: str, index: bool = True) -> sa.Column:
    return sa.Column(column, sa.String(36), sa.ForeignKey(f"{table}.id"), nullable=False, index=index)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=False)


def _sealed(field: str) -> sa.Column:
    return sa.Column(f"{field}_sealed", sa.LargeBinary(), nullable=True)


def upgrade() -> None:
    op.create_table(
        "client",
        *synced_columns_v1(),
        *pinyin_name_columns_v1(),
        _text("gender", 8),
        sa.Column("birth_date", sa.Date(), nullable=True),
        _text("id_type", 16),
        _sealed("id_number"),
        sa.Column("id_blind", sa.String(64), nullable=True, index=True),
        sa.Column("id_tail", sa.String(4), nullable=False, index=True),
        _sealed("phone"),
        _sealed("address"),
        _ref("community_id", "community", index=False),  # led by ix_client_community_listing
        _text("target_groups", 200),
        sa.Column("registered_on", sa.Date(), nullable=False),
        _text("guardian_name", 50),
        _text("guardian_relation", 20),
        _sealed("guardian_phone"),
        sa.Column("consent_on", sa.Date(), nullable=True),
        _text("consent_method", 16),
        _text("consent_by", 16),
        _sealed("notes"),
    )
    op.create_index("ix_client_listing", "client", ["name_sort", "id", "community_id", *CLIENT_LISTED])
    op.create_index("ix_client_community_listing", "client", ["community_id", "name_sort", "id", *CLIENT_LISTED])
    op.create_table(
        "client_member",
        *synced_columns_v1(),
        _ref("client_id", "client"),
        _text("name", 50),
        _text("relation", 16),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("lives_with", sa.Boolean(), nullable=False),
        _sealed("notes"),
    )
    op.create_table(
        "case_file",
        *synced_columns_v1(),
        sa.Column("number", sa.String(24), nullable=False, index=True),
        _ref("client_id", "client"),
        _ref("community_id", "community", index=False),
        sa.Column("worker_user_id", sa.String(36), nullable=False),  # led by ix_case_worker_listing
        _text("worker_name", 50),
        sa.Column("opened_on", sa.Date(), nullable=False),
        _text("source", 16),
        _sealed("problem"),
        _text("risk", 8),
        _text("stage", 16),
        sa.Column("closed_on", sa.Date(), nullable=True),
        _sealed("closing_summary"),
        _text("referred_to", 100),
    )
    op.create_index("ix_case_listing", "case_file", ["opened_on", "id", *CASE_LISTED])
    op.create_index("ix_case_worker_listing", "case_file",
                    ["worker_user_id", "opened_on", "id", *(c for c in CASE_LISTED if c != "worker_user_id")])
    op.create_table(
        "case_stage_change",
        *synced_columns_v1(),
        _ref("case_id", "case_file"),
        _text("action", 16),
        _text("from_stage", 16),
        _text("to_stage", 16),
        _sealed("reason"),
        _text("by_name", 50),
    )
    op.create_table(
        "case_assessment",
        *synced_columns_v1(),
        _ref("case_id", "case_file"),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        _sealed("strengths"),
        _sealed("summary"),
        _text("by_name", 50),
    )
    op.create_table(
        "case_assessment_area",
        *synced_columns_v1(),
        _ref("assessment_id", "case_assessment"),
        _text("area", 20),
        _text("level", 12),
        _sealed("notes"),
    )
    op.create_table(
        "case_plan",
        *synced_columns_v1(),
        _ref("case_id", "case_file"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        _sealed("strategies"),
        sa.Column("client_agreed", sa.Boolean(), nullable=False),
        _text("by_name", 50),
    )
    op.create_table(
        "case_plan_goal",
        *synced_columns_v1(),
        _ref("plan_id", "case_plan"),
        sa.Column("position", sa.Integer(), nullable=False),
        _sealed("goal"),
        _sealed("indicator"),
        sa.Column("target_on", sa.Date(), nullable=True),
        _text("status", 16),
    )
    op.create_table(
        "case_service_record",
        *synced_columns_v1(),
        _ref("case_id", "case_file", index=False),  # led by ix_case_service_record_case_day
        sa.Column("served_on", sa.Date(), nullable=False),
        _text("kind", 16),
        sa.Column("minutes", sa.Integer(), nullable=False),
        _text("place", 100),
        _sealed("content"),
        _sealed("next_step"),
        _text("by_name", 50),
        sa.Column("corrects_id", sa.String(36), sa.ForeignKey("case_service_record.id"), nullable=True),
    )
    op.create_index("ix_case_service_record_case_day", "case_service_record", ["case_id", "served_on"])
    op.create_table(
        "case_evaluation",
        *synced_columns_v1(),
        _ref("case_id", "case_file"),
        sa.Column("evaluated_on", sa.Date(), nullable=False),
        _text("goals_met", 8),
        _sealed("client_feedback"),
        _sealed("worker_view"),
        _text("by_name", 50),
    )
    op.create_table(
        "case_referral",
        *synced_columns_v1(),
        _ref("case_id", "case_file"),
        sa.Column("referred_on", sa.Date(), nullable=False),
        _text("target_kind", 16),
        sa.Column("target_id", sa.String(36), nullable=True),
        _text("target_name", 100),
        _sealed("reason"),
        _text("status", 12),
        sa.Column("status_on", sa.Date(), nullable=False),
        _sealed("feedback"),
    )
    op.create_table(
        "case_followup",
        *synced_columns_v1(),
        _ref("case_id", "case_file"),
        sa.Column("worker_user_id", sa.String(36), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        _sealed("purpose"),
        sa.Column("done_on", sa.Date(), nullable=True),
        _sealed("outcome"),
    )
    op.create_index("ix_case_followup_due", "case_followup", ["worker_user_id", "done_on", "due_on"])
    _person_name_keys()


PEOPLE = ("volunteer", "social_worker")


def _person_name_keys() -> None:
    """People's names now sort and are found by the surname reading (曾建华 under Z). The keys are derived from
    the name, never typed, so they are recomputed with the code that makes them rather than a frozen copy."""
    from desktop.domain.pinyin import SURNAME_READINGS, person_keys

    conn = op.get_bind()
    for table in PEOPLE:
        rows = conn.execute(sa.text(f"SELECT id, name FROM {table}")).all()  # noqa: S608 - our table names
        changed = [{"id": row_id, "sort": keys[0], "search": keys[1]} for row_id, name in rows
                   if name[:1] in SURNAME_READINGS or name[:2] in SURNAME_READINGS for keys in [person_keys(name)]]
        if changed:
            conn.execute(sa.text(f"UPDATE {table} SET name_sort = :sort, name_search = :search WHERE id = :id"),
                         changed)


def downgrade() -> None:
    # The people's name keys stay as 0011 made them: they order the same names, only 曾 and the like elsewhere.
    for table in ("case_followup", "case_referral", "case_evaluation", "case_service_record", "case_plan_goal",
                  "case_plan", "case_assessment_area", "case_assessment", "case_stage_change", "case_file",
                  "client_member", "client"):
        op.drop_table(table)
