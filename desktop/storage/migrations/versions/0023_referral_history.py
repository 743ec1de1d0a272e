"""A referral's every status, not only its latest: ``case_referral_change`` (append-only, synced) keeps one
row per step, from its making as "referred" to each change the receiving side reported, with the feedback
given then, so two changes on one day are two lines on the case's timeline and its paper.

The referrals made before get their steps here: the making, and the status they are in now when it is
another. Their ids are derived from the referral's, and every other value is the referral's own, so two
nodes holding the same referral write the same rows and a later bundle adds no second copy. The feedback
stays on the referral (sealed to its row; a migration has no key to seal it again), and the case's
history shows it on the referral's latest step. Who made the referral is its creator's display name
where this node knows the account; who reported the status is not known.

``need_match.follow_up`` becomes Text: its dated notes grow past 1,000 characters, which PostgreSQL cut.

Revision ID: 0023
Revises: 0022
"""

import uuid

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import synced_columns_v1

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# The namespace of the back-filled steps' ids: uuid5(STEPS, "<referral id>/<status>").
STEPS = uuid.UUID("0192f0c4-3a1e-7d23-8e5b-7a0c2d9e0023")
CHUNK = 5000


def _step(referral: sa.Row, status: str, previous: str, on: object, by_name: str, created_by: str | None,
          at: object) -> dict[str, object]:
    return {"id": str(uuid.uuid5(STEPS, f"{referral.id}/{status}")), "referral_id": referral.id,
            "from_status": previous, "to_status": status, "changed_on": on, "by_name": by_name,
            "created_at": at, "updated_at": at, "origin_node": referral.origin_node, "hlc": referral.hlc,
            "created_by": created_by}


def _backfill() -> None:
    conn = op.get_bind()
    names = dict(conn.execute(sa.text("SELECT username, display_name FROM user_account")).all())
    referrals = conn.execute(sa.text(
        "SELECT id, origin_node, hlc, created_by, created_at, updated_at, referred_on, status, status_on "
        "FROM case_referral ORDER BY id")).all()
    insert = sa.text(
        "INSERT INTO case_referral_change (id, created_at, updated_at, origin_node, hlc, created_by, deleted_at, "
        "referral_id, from_status, to_status, changed_on, feedback_sealed, by_name) VALUES (:id, :created_at, "
        ":updated_at, :origin_node, :hlc, :created_by, NULL, :referral_id, :from_status, :to_status, :changed_on, "
        "NULL, :by_name)")
    steps = []
    for row in referrals:
        steps.append(_step(row, "referred", "", row.referred_on, names.get(row.created_by, "")[:50], row.created_by,
                           row.created_at))
        if row.status != "referred":
            steps.append(_step(row, row.status, "referred", row.status_on, "", None, row.updated_at))
    for start in range(0, len(steps), CHUNK):
        conn.execute(insert, steps[start:start + CHUNK])


# Reflecting need_match would follow its keys to ``need``, whose expression index (ix_need_listing) SQLAlchemy
# cannot reflect and warns about on every upgrade.
ONLY_THIS_TABLE = {"resolve_fks": False}


def upgrade() -> None:
    op.create_table(
        "case_referral_change", *synced_columns_v1(),
        sa.Column("referral_id", sa.String(36), sa.ForeignKey("case_referral.id"), nullable=False, index=True),
        sa.Column("from_status", sa.String(12), nullable=False),
        sa.Column("to_status", sa.String(12), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("feedback_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("by_name", sa.String(50), nullable=False),
    )
    _backfill()
    with op.batch_alter_table("need_match", reflect_kwargs=ONLY_THIS_TABLE) as batch:
        batch.alter_column("follow_up", type_=sa.Text(), existing_type=sa.String(1000), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("need_match", reflect_kwargs=ONLY_THIS_TABLE) as batch:
        batch.alter_column("follow_up", type_=sa.String(1000), existing_type=sa.Text(), existing_nullable=False)
    op.drop_table("case_referral_change")
