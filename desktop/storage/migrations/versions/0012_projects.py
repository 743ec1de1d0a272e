"""Micro-venture projects: rounds with their rules, rubric and reviewers; proposals with their team,
activity plan and budget; review sheets and scores; activities with their volunteers, spending,
milestones and evaluations; and attachments (an activity's photos); and what a proposal asks of an applicant organisation (address,
postcode, annual inspection, rating, profile).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import synced_columns_v1

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

NARRATIVE = 4000


def _ref(column: str, table: str, index: bool = True, nullable: bool = False) -> sa.Column:
    return sa.Column(column, sa.String(36), sa.ForeignKey(f"{table}.id"), nullable=nullable, index=index)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=False)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fen(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def _day(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Date(), nullable=nullable)


def _sealed(field: str) -> sa.Column:
    return sa.Column(f"{field}_sealed", sa.LargeBinary(), nullable=True)


ORG_COLUMNS = (("address", 200), ("postcode", 6), ("inspection", 16), ("rating", 8), ("profile", 500))


def upgrade() -> None:
    for name, length in ORG_COLUMNS:
        op.add_column("social_org", sa.Column(name, sa.String(length), nullable=False, server_default=sa.text("''")))
    op.create_table(
        "project_round", *synced_columns_v1(),
        _text("name", 100), sa.Column("year", sa.Integer(), nullable=False, index=True), _text("organiser", 100),
        _text("funding_kind", 16), _text("funding_source", 100), _fen("pool_fen"), _day("opens_on"),
        _day("closes_on"), _text("areas", 200), _fen("max_grant_fen", nullable=True), _int("min_matching_percent"),
        _int("labour_max_percent"), _fen("training_cap_fen", nullable=True), _fen("meeting_cap_fen", nullable=True),
        _fen("expert_cap_fen", nullable=True), _text("notes", 500),
    )
    op.create_table(
        "round_criterion", *synced_columns_v1(),
        _ref("round_id", "project_round"), _int("position"), _text("name", 50), _int("weight"), _text("guidance", 300),
    )
    op.create_table(
        "round_reviewer", *synced_columns_v1(),
        _ref("round_id", "project_round"), sa.Column("user_id", sa.String(36), nullable=False, index=True),
        _text("name", 50),
    )
    op.create_table(
        "project", *synced_columns_v1(),
        sa.Column("number", sa.String(24), nullable=False, index=True), _ref("round_id", "project_round"),
        _ref("org_id", "social_org"), _ref("community_id", "community"), _text("title", 100), _text("areas", 200),
        _text("target_group", 200), _int("beneficiaries"), _day("starts_on"), _day("ends_on"), _text("summary", 500),
        *(_text(section, NARRATIVE) for section in
          ("needs", "objectives", "approach", "outcomes", "risks", "sustainability")),
        _int("planned_sessions"), _int("planned_person_times"), _int("planned_volunteer_times"),
        _fen("requested_fen"), _fen("matching_fen"), _fen("approved_fen", nullable=True),
        sa.Column("status", sa.String(16), nullable=False, index=True), _day("submitted_on", nullable=True),
        _text("leader_name", 50), _sealed("leader_phone"), _text("contact_name", 50), _sealed("contact_phone"),
        _text("contact_email", 100),
    )
    op.create_table(
        "project_status_change", *synced_columns_v1(),
        _ref("project_id", "project"), _text("action", 16), _text("from_status", 16), _text("to_status", 16),
        _day("changed_on"), _text("reason", 500), _text("by_name", 50),
    )
    op.create_table(
        "project_team_member", *synced_columns_v1(),
        _ref("project_id", "project"), _int("position"), _text("name", 50), _text("education", 100),
        _text("qualification", 100), _text("role", 100), _sealed("phone"),
    )
    op.create_table(
        "project_budget_line", *synced_columns_v1(),
        _ref("project_id", "project"), _int("position"), _text("category", 24), _text("item", 200), _text("unit", 20),
        _fen("unit_price_fen"), _fen("quantity_centi"), _fen("amount_fen"), _fen("matching_fen"),
    )
    op.create_table(
        "project_planned_activity", *synced_columns_v1(),
        _ref("project_id", "project"), _int("position"), _text("name", 100), _day("starts_on"), _day("ends_on"),
        _text("content", 500), _int("sessions"), _int("person_times"),
    )
    op.create_table(
        "review_sheet", *synced_columns_v1(),
        _ref("project_id", "project", index=False),  # led by ix_review_sheet_project_reviewer
        sa.Column("reviewer_user_id", sa.String(36), nullable=False), _text("reviewer_name", 50),
        _text("opinion", 1000), sa.Column("submitted_at", sa.DateTime(), nullable=True),
        _int("score_centi", nullable=True),
    )
    op.create_index("ix_review_sheet_project_reviewer", "review_sheet", ["project_id", "reviewer_user_id"])
    op.create_table(
        "review_score", *synced_columns_v1(),
        _ref("sheet_id", "review_sheet"), _ref("criterion_id", "round_criterion", index=False),
        _int("score_tenths"), _text("comment", 300),
    )
    op.create_table(
        "project_activity", *synced_columns_v1(),
        _ref("project_id", "project", index=False),  # led by ix_project_activity_day
        _ref("planned_id", "project_planned_activity", index=False, nullable=True), _day("held_on"),
        _text("title", 100), _text("kind", 24), _text("place", 100), _text("content", 1000), _int("attendance"),
        _int("person_times"), _text("by_name", 50),
    )
    op.create_index("ix_project_activity_day", "project_activity", ["project_id", "held_on"])
    op.create_table(
        "project_activity_volunteer", *synced_columns_v1(),
        _ref("activity_id", "project_activity"), _ref("volunteer_id", "volunteer"), _int("minutes"),
        _ref("service_id", "volunteer_service", index=False, nullable=True),
    )
    op.create_table(
        "project_expense", *synced_columns_v1(),
        _ref("project_id", "project"), _ref("budget_line_id", "project_budget_line"), _day("spent_on"),
        _fen("amount_fen"), _text("payee", 100), _text("voucher_no", 50), _text("note", 200),
        _ref("reverses_id", "project_expense", index=False, nullable=True), _text("by_name", 50),
    )
    op.create_table(
        "project_milestone", *synced_columns_v1(),
        _ref("project_id", "project"), _int("position"), _text("name", 100), _day("due_on"),
        _day("done_on", nullable=True), _text("note", 200),
    )
    op.create_table(
        "project_evaluation", *synced_columns_v1(),
        _ref("project_id", "project"), _text("kind", 16), _day("evaluated_on"), _text("evaluator", 100),
        _text("conclusion", 16), _fen("funds_received_fen", nullable=True),
        *(_text(section, NARRATIVE) for section in ("progress", "outcomes", "management", "spending", "next_steps")),
        _text("by_name", 50),
    )
    op.create_table(
        "attachment", *synced_columns_v1(),
        _text("owner_table", 40), sa.Column("owner_id", sa.String(36), nullable=False), _text("filename", 200),
        _text("media_type", 100), sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True), _text("caption", 200),
    )
    op.create_index("ix_attachment_owner", "attachment", ["owner_table", "owner_id"])


def downgrade() -> None:
    for table in ("attachment", "project_evaluation", "project_milestone", "project_expense",
                  "project_activity_volunteer", "project_activity", "review_score", "review_sheet",
                  "project_planned_activity", "project_budget_line", "project_team_member", "project_status_change",
                  "project", "round_reviewer", "round_criterion", "project_round"):
        op.drop_table(table)
    with op.batch_alter_table("social_org") as batch:
        for name, _length in ORG_COLUMNS:
            batch.drop_column(name)
