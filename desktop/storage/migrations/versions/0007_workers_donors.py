"""Social workers with the communities they cover, and charity resources (donors and partners).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import pinyin_name_columns_v1, synced_columns_v1

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "social_worker",
        *synced_columns_v1(),
        *pinyin_name_columns_v1(),
        sa.Column("gender", sa.String(8), nullable=False),
        sa.Column("employer_kind", sa.String(16), nullable=False),
        sa.Column("employer_name", sa.String(100), nullable=False),
        sa.Column("employment", sa.String(16), nullable=False),
        sa.Column("cert_level", sa.String(16), nullable=False, index=True),
        sa.Column("cert_number", sa.String(32), nullable=False),
        sa.Column("cert_year", sa.Integer(), nullable=True),
        sa.Column("phone_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("user_id", sa.String(36), nullable=True, index=True),  # a local account: no foreign key
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(500), nullable=False),
    )
    op.create_table(
        "social_worker_coverage",
        *synced_columns_v1(),
        sa.Column("worker_id", sa.String(36), sa.ForeignKey("social_worker.id"), nullable=False, index=True),
        sa.Column("community_id", sa.String(36), sa.ForeignKey("community.id"), nullable=False, index=True),
    )
    op.create_table(
        "donor",
        *synced_columns_v1(),
        *pinyin_name_columns_v1(),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("community_id", sa.String(36), sa.ForeignKey("community.id"), nullable=True, index=True),
        sa.Column("credit_code", sa.String(18), nullable=False),
        sa.Column("contact_person", sa.String(50), nullable=False),
        sa.Column("phone_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("address_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("offers", sa.String(100), nullable=False),
        sa.Column("offer_notes", sa.String(500), nullable=False),
        sa.Column("first_contact_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(500), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("donor")
    op.drop_table("social_worker_coverage")
    op.drop_table("social_worker")
