"""Community volunteers, their record (service, training, awards, evaluation) and the time bank.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import pinyin_name_columns_v1, synced_columns_v1

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _volunteer_id(index: bool = True) -> sa.Column:
    return sa.Column("volunteer_id", sa.String(36), sa.ForeignKey("volunteer.id"), nullable=False, index=index)


def upgrade() -> None:
    op.create_table(
        "volunteer",
        *synced_columns_v1(),
        *pinyin_name_columns_v1(),
        sa.Column("number", sa.String(20), nullable=False, index=True),
        sa.Column("gender", sa.String(8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("id_type", sa.String(16), nullable=False),
        sa.Column("id_number_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("id_blind", sa.String(64), nullable=True, index=True),
        sa.Column("phone_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("residence", sa.String(100), nullable=False),
        sa.Column("community_id", sa.String(36), sa.ForeignKey("community.id"), nullable=False, index=True),
        sa.Column("skills", sa.String(200), nullable=False),
        sa.Column("categories", sa.String(200), nullable=False),
        sa.Column("teams", sa.String(300), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("consent_method", sa.String(16), nullable=False),
        sa.Column("consent_by", sa.String(16), nullable=False),
        sa.Column("guardian_name", sa.String(50), nullable=False),
        sa.Column("guardian_relation", sa.String(20), nullable=False),
        sa.Column("notes", sa.String(500), nullable=False),
    )
    op.create_table(
        "volunteer_service",
        *synced_columns_v1(),
        _volunteer_id(index=False),  # led by the (volunteer_id, served_on) index below
        sa.Column("activity", sa.String(100), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=False, index=True),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("content", sa.String(500), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("organiser", sa.String(100), nullable=False),
        sa.Column("in_charge", sa.String(50), nullable=False),
        sa.Column("confirmed_by_id", sa.String(36), nullable=True),
        sa.Column("confirmed_by", sa.String(50), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("reverses_id", sa.String(36), sa.ForeignKey("volunteer_service.id"), nullable=True, index=True),
        sa.Column("reason", sa.String(200), nullable=False),
    )
    op.create_index("ix_volunteer_service_volunteer_day", "volunteer_service", ["volunteer_id", "served_on"])
    op.create_table(
        "volunteer_training",
        *synced_columns_v1(),
        _volunteer_id(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("content", sa.String(500), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("organiser", sa.String(100), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "volunteer_award",
        *synced_columns_v1(),
        _volunteer_id(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("awarded_by", sa.String(100), nullable=False),
    )
    op.create_table(
        "volunteer_evaluation",
        *synced_columns_v1(),
        _volunteer_id(),
        sa.Column("service_id", sa.String(36), sa.ForeignKey("volunteer_service.id"), nullable=False, index=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(500), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "timebank_reward",
        *synced_columns_v1(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(200), nullable=False),
    )
    op.create_table(
        "timebank_entry",
        *synced_columns_v1(),
        sa.Column("volunteer_id", sa.String(36), sa.ForeignKey("volunteer.id"), nullable=True),
        sa.Column("batch", sa.String(36), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("entry_on", sa.Date(), nullable=False),
        sa.Column("service_id", sa.String(36), sa.ForeignKey("volunteer_service.id"), nullable=True, index=True),
        sa.Column("reward_id", sa.String(36), sa.ForeignKey("timebank_reward.id"), nullable=True),
        sa.Column("counterpart_id", sa.String(36), sa.ForeignKey("volunteer.id"), nullable=True),
        sa.Column("reverses_id", sa.String(36), sa.ForeignKey("timebank_entry.id"), nullable=True, index=True),
        sa.Column("note", sa.String(200), nullable=False),
    )
    op.create_index("ix_timebank_entry_volunteer_amount", "timebank_entry", ["volunteer_id", "amount"])


def downgrade() -> None:
    for table in ("timebank_entry", "timebank_reward", "volunteer_evaluation", "volunteer_award", "volunteer_training",
                  "volunteer_service", "volunteer"):
        op.drop_table(table)
