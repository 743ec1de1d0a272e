"""The needs and resources lists, their matches, policy profiles a county sends down, and the
volunteer service point of a community (issue 9).

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import pinyin_name_columns_v1, synced_columns_v1

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _ref(column: str, table: str, nullable: bool = True, index: bool = True) -> sa.Column:
    return sa.Column(column, sa.String(36), sa.ForeignKey(f"{table}.id"), nullable=nullable, index=index)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=False)


def _day(name: str, nullable: bool = True, index: bool = False) -> sa.Column:
    return sa.Column(name, sa.Date(), nullable=nullable, index=index)


def upgrade() -> None:
    op.create_table(
        "need", *synced_columns_v1(),
        _ref("community_id", "community", nullable=False, index=False),
        sa.Column("category", sa.String(16), nullable=False, index=True), _text("title", 100), _text("details", 1000),
        _text("holder", 12), _ref("client_id", "client"), _text("group_label", 100),
        sa.Column("people", sa.Integer(), nullable=True), _text("urgency", 8), _text("source", 16),
        _day("found_on", nullable=False, index=True), sa.Column("status", sa.String(12), nullable=False, index=True),
        _text("outcome", 500), _day("closed_on"), _text("recorded_by", 50),
    )
    op.create_index("ix_need_community_status", "need", ["community_id", "status"])
    op.create_table(
        "resource", *synced_columns_v1(), *pinyin_name_columns_v1(),
        sa.Column("kind", sa.String(16), nullable=False, index=True), _text("categories", 200),
        _ref("donor_id", "donor"), _ref("org_id", "social_org"), _ref("volunteer_id", "volunteer"),
        _text("provider_name", 100), _ref("community_id", "community"),
        sa.Column("capacity", sa.Integer(), nullable=True), _text("capacity_note", 100),
        _day("available_from"), _day("available_until"), _text("availability", 200),
        sa.Column("status", sa.String(12), nullable=False, index=True), _text("contact", 100), _text("notes", 500),
    )
    op.create_table(
        "need_match", *synced_columns_v1(),
        _ref("need_id", "need", nullable=False), _ref("resource_id", "resource"), _ref("project_id", "project"),
        _day("matched_on", nullable=False), sa.Column("status", sa.String(12), nullable=False, index=True),
        _text("reason", 500), _text("follow_up", 1000), _text("outcome", 500), _day("closed_on"),
        _text("handled_by", 50),
    )
    op.create_table(
        "policy_profile", *synced_columns_v1(),
        sa.Column("profile_id", sa.String(40), nullable=False, index=True), sa.Column("body", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    with op.batch_alter_table("community") as batch:
        batch.add_column(sa.Column("volunteer_point", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("volunteer_point_note", sa.String(100), nullable=False, server_default=""))
    with op.batch_alter_table("community") as batch:  # the defaults were only for the rows already there
        batch.alter_column("volunteer_point", server_default=None)
        batch.alter_column("volunteer_point_note", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("community") as batch:
        batch.drop_column("volunteer_point_note")
        batch.drop_column("volunteer_point")
    for table in ("policy_profile", "need_match", "resource"):
        op.drop_table(table)
    op.drop_index("ix_need_community_status", "need")
    op.drop_table("need")
