"""Sync by bundles: the node's X25519 key pair (made here for nodes set up before it), trusted peers,
the log of bundles sent and received, and the conflicts kept by merges.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _give_nodes_encryption_keys() -> None:
    node = sa.table("node_identity", sa.column("node_id", sa.String),
                    sa.column("encryption_public", sa.LargeBinary), sa.column("encryption_private", sa.LargeBinary))
    bind = op.get_bind()
    for (node_id,) in bind.execute(sa.select(node.c.node_id)).all():
        key = X25519PrivateKey.generate()
        bind.execute(node.update().where(node.c.node_id == node_id).values(
            encryption_public=key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
            encryption_private=key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())))


def upgrade() -> None:
    with op.batch_alter_table("node_identity") as batch:
        batch.add_column(sa.Column("encryption_public", sa.LargeBinary(32), nullable=True))
        batch.add_column(sa.Column("encryption_private", sa.LargeBinary(32), nullable=True))
    _give_nodes_encryption_keys()
    with op.batch_alter_table("node_identity") as batch:
        batch.alter_column("encryption_public", existing_type=sa.LargeBinary(32), nullable=False)
        batch.alter_column("encryption_private", existing_type=sa.LargeBinary(32), nullable=False)
    op.create_table(
        "sync_peer",
        sa.Column("node_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("signing_public", sa.LargeBinary(32), nullable=False),
        sa.Column("encryption_public", sa.LargeBinary(32), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("acked_change_seq", sa.BigInteger(), nullable=False),
        sa.Column("applied_change_seq", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "sync_bundle",
        sa.Column("bundle_id", sa.String(36), primary_key=True),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("peer_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("change_seq_to", sa.BigInteger(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("sensitive", sa.String(12), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_sync_bundle_peer", "sync_bundle", ["peer_id", "direction", "sequence"])
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("row_id", sa.String(36), nullable=False, index=True),
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("winner", sa.Text(), nullable=False),
        sa.Column("loser", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(64), nullable=False),
        sa.Column("resolution", sa.String(16), nullable=False),
    )
    op.create_index("ix_sync_conflict_open", "sync_conflict", ["resolved_at", "detected_at"])


def downgrade() -> None:
    for table in ("sync_conflict", "sync_bundle", "sync_peer"):
        op.drop_table(table)
    with op.batch_alter_table("node_identity") as batch:
        batch.drop_column("encryption_private")
        batch.drop_column("encryption_public")
