"""Ledger protections: goods that cannot be valued keep the donor's wish not to be named
(``goods_in_kind.anonymous``); a donation receipt changes only from issued to voided (and has the
official ticket recorded while issued), is never deleted and never un-voided; a disbursement is
never deleted. Funds that set no receipt prefix get one made from their name, unique among live funds,
so no two funds issue the same receipt number.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

from desktop.domain.ledger import default_receipt_prefix
from desktop.storage.migrations.conventions import append_only_guards, drop_append_only_guards

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# What a receipt keeps once issued: everything but its status, the void's reason and day, the ticket and
# the record stamps sync writes.
FIXED = ("fund_id", "year", "serial", "number", "entry_id", "donor_id", "donor_name", "amount_fen", "purpose",
         "issued_on", "issuer")
# What a voided receipt keeps besides: it is never issued again, and its void and ticket stay as they were.
VOID_KEEPS = ("status", "void_reason", "voided_on", "official_ticket_code", "official_ticket_number")
RECEIPT_MESSAGE = "a donation receipt is only voided, never changed or deleted"
DISBURSEMENT_MESSAGE = "a disbursement is never deleted"


def _receipt_change_refused(old: str, new: str) -> str:
    """The SQL condition under which an UPDATE of a receipt is refused: a fixed column changed, a status
    other than issued or voided, a tombstone, or a voided receipt changed in more than its record stamps
    (which sync may rewrite)."""
    changed = " OR ".join(f"{new}.{column} IS NOT {old}.{column}" for column in FIXED)
    voided_changed = " OR ".join(f"{new}.{column} IS NOT {old}.{column}" for column in VOID_KEEPS)
    return (f"{new}.status NOT IN ('issued', 'voided') OR {new}.deleted_at IS NOT NULL OR {changed} "
            f"OR ({old}.status = 'voided' AND ({voided_changed}))")


def _sqlite() -> list[str]:
    refused = _receipt_change_refused("OLD", "NEW")
    return [
        f"CREATE TRIGGER donation_receipt_only_void BEFORE UPDATE ON donation_receipt WHEN {refused} "
        f"BEGIN SELECT RAISE(ABORT, '{RECEIPT_MESSAGE}'); END",
        "CREATE TRIGGER donation_receipt_no_delete BEFORE DELETE ON donation_receipt "
        f"BEGIN SELECT RAISE(ABORT, '{RECEIPT_MESSAGE}'); END",
        "CREATE TRIGGER disbursement_no_delete BEFORE DELETE ON disbursement "
        f"BEGIN SELECT RAISE(ABORT, '{DISBURSEMENT_MESSAGE}'); END",
    ]


def _postgresql() -> list[str]:
    refused = _receipt_change_refused("OLD", "NEW").replace(" IS NOT ", " IS DISTINCT FROM ")
    return [
        f"""CREATE FUNCTION wushe_receipt_only_void() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'DELETE' OR ({refused}) THEN RAISE EXCEPTION '{RECEIPT_MESSAGE}'; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER donation_receipt_only_void BEFORE UPDATE OR DELETE ON donation_receipt "
        "FOR EACH ROW EXECUTE FUNCTION wushe_receipt_only_void()",
        f"""CREATE FUNCTION wushe_disbursement_kept() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{DISBURSEMENT_MESSAGE}'; END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER disbursement_no_delete BEFORE DELETE ON disbursement "
        "FOR EACH ROW EXECUTE FUNCTION wushe_disbursement_kept()",
    ]


def _fill_prefixes() -> None:
    bind = op.get_bind()
    funds = bind.execute(sa.text("SELECT id, name, host_charity, receipt_prefix FROM fund WHERE deleted_at IS NULL "
                                 "ORDER BY created_at, id")).all()
    taken: set[str] = set()
    for fund_id, name, host, prefix in funds:
        if prefix and prefix not in taken:
            taken.add(prefix)
            continue
        made = default_receipt_prefix(name, host, taken)
        taken.add(made)
        bind.execute(sa.text("UPDATE fund SET receipt_prefix = :prefix WHERE id = :id"),
                     {"prefix": made, "id": fund_id})


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch copy: copying goods_in_kind would drop its append-only triggers.
    op.add_column("goods_in_kind", sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false()))
    _fill_prefixes()
    for statement in _sqlite() if op.get_bind().dialect.name == "sqlite" else _postgresql():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("donation_receipt_only_void", "donation_receipt_no_delete", "disbursement_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    else:
        op.execute("DROP TRIGGER IF EXISTS donation_receipt_only_void ON donation_receipt")
        op.execute("DROP TRIGGER IF EXISTS disbursement_no_delete ON disbursement")
        op.execute("DROP FUNCTION IF EXISTS wushe_receipt_only_void()")
        op.execute("DROP FUNCTION IF EXISTS wushe_disbursement_kept()")
    for statement in drop_append_only_guards("goods_in_kind", op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table("goods_in_kind") as batch:
        batch.drop_column("anonymous")
    for statement in append_only_guards("goods_in_kind", op.get_bind().dialect.name):
        op.execute(statement)
