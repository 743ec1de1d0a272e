"""The register of volunteer service certificates issued, and their revocations (both append-only).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import synced_columns_v1

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "volunteer_certificate",
        *synced_columns_v1(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("official_number", sa.String(60), nullable=False),
        sa.Column("volunteer_id", sa.String(36), sa.ForeignKey("volunteer.id"), nullable=False, index=True),
        sa.Column("volunteer_number", sa.String(20), nullable=False),
        sa.Column("volunteer_name", sa.String(100), nullable=False),
        sa.Column("id_type", sa.String(16), nullable=False),
        sa.Column("id_masked", sa.String(40), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("content", sa.String(1000), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("unit_phone", sa.String(32), nullable=False),
        sa.Column("person_in_charge", sa.String(50), nullable=False),
        sa.Column("handler", sa.String(50), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False, index=True),
        sa.Column("code", sa.String(12), nullable=False, index=True, unique=True),
        sa.Column("digest", sa.String(64), nullable=False),
    )
    op.create_index("ix_volunteer_certificate_node_number", "volunteer_certificate", ["origin_node", "number"],
                    unique=True)
    op.create_table(
        "volunteer_certificate_revocation",
        *synced_columns_v1(),
        sa.Column("certificate_id", sa.String(36), sa.ForeignKey("volunteer_certificate.id"), nullable=False,
                  index=True),
        sa.Column("revoked_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("volunteer_certificate_revocation")
    op.drop_table("volunteer_certificate")
