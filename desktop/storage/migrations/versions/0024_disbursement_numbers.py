"""A disbursement keeps its number: ``disbursement.number``, 1, 2, 3… in its fund, taken when it is proposed
(the fund locked, as receipts take their serials) instead of counted at display time in creation order, where
an earlier proposal arriving by sync moved every later one up by one. The rows here are numbered as they were
shown: each fund's live disbursements in the order of their ids. A unique index keeps one number to one
disbursement in a fund; 0022's trigger now keeps the number too once set (NULL → a number, once).

PostgreSQL only: TRUNCATE fires no row trigger, so the tables whose rows are never deleted refuse it with a
statement trigger too: the audit log with 0001's ``wushe_append_only()``, the receipts, disbursements,
committee members and balance assertions with ``wushe_kept()`` and the message their DELETE is refused with.

Plain ADD COLUMN, not a batch copy: copying the table would drop its triggers (0018, 0022).

Revision ID: 0024
Revises: 0023
"""

from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

NUMBER_KEPT = "OR (OLD.number IS NOT NULL AND NEW.number IS NOT OLD.number)"


def _earlier(revision_id: str) -> ModuleType:
    """An earlier migration's module as Alembic loaded it (its guards and messages, not copies of them)."""
    script = op.get_context().script
    assert script is not None
    return script.get_revision(revision_id).module


def bound_condition(binding: ModuleType, numbered: bool) -> str:
    """What refuses an UPDATE of a disbursement: 0022's rule, and with ``numbered`` a number changed once set."""
    condition = binding._disbursement_refused()
    return f"{condition} {NUMBER_KEPT}" if numbered else condition


def sqlite_bound(binding: ModuleType, numbered: bool) -> list[str]:
    return ["DROP TRIGGER IF EXISTS disbursement_bound",
            f"CREATE TRIGGER disbursement_bound BEFORE UPDATE ON disbursement WHEN {bound_condition(binding, numbered)} "
            f"BEGIN SELECT RAISE(ABORT, '{binding.DISBURSEMENT_MESSAGE}'); END"]


def postgresql_bound(binding: ModuleType, numbered: bool) -> list[str]:
    """0022's function with the new condition; its trigger calls it by name, so it stays."""
    condition = bound_condition(binding, numbered).replace(" IS NOT ", " IS DISTINCT FROM ").replace(
        " IS DISTINCT FROM NULL", " IS NOT NULL")
    return [f"""CREATE OR REPLACE FUNCTION wushe_disbursement_bound() RETURNS trigger AS $$
                BEGIN
                  IF ({condition}) THEN RAISE EXCEPTION '{binding.DISBURSEMENT_MESSAGE}'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql"""]


def kept_tables(guards: ModuleType, binding: ModuleType) -> dict[str, str]:
    """Table → the message its DELETE is refused with (0018's and 0022's), which TRUNCATE now gives too."""
    return {"donation_receipt": guards.RECEIPT_MESSAGE, "disbursement": guards.DISBURSEMENT_MESSAGE,
            "fund_member": binding.MEMBER_MESSAGE, "balance_assertion": binding.ASSERTION_MESSAGE}


def postgresql_truncate_guards(kept: dict[str, str]) -> list[str]:
    statements = [
        """CREATE FUNCTION wushe_kept() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION wushe_append_only()",
    ]
    statements += [f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION wushe_kept('{message}')" for table, message in kept.items()]
    return statements


def postgresql_drop_truncate_guards(kept: dict[str, str]) -> list[str]:
    return [*(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}" for table in ("audit_log", *kept)),
            "DROP FUNCTION IF EXISTS wushe_kept()"]


def _number_existing() -> None:
    """Each fund's live disbursements 1, 2, 3… in the order of their ids (UUIDv7: as they were written), the
    numbers they were shown with; a tombstone was never shown and stays without one."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT fund_id, id FROM disbursement WHERE deleted_at IS NULL")).all()
    counts: dict[str, int] = {}
    numbers = []
    for fund_id, row_id in sorted(rows, key=lambda row: row.id):  # as Python compares, the order shown before
        counts[fund_id] = counts.get(fund_id, 0) + 1
        numbers.append({"number": counts[fund_id], "id": row_id})
    if numbers:
        bind.execute(sa.text("UPDATE disbursement SET number = :number WHERE id = :id"), numbers)


def upgrade() -> None:
    binding = _earlier("0022")
    op.add_column("disbursement", sa.Column("number", sa.Integer(), nullable=True))
    _number_existing()
    op.create_index("ix_disbursement_fund_number", "disbursement", ["fund_id", "number"], unique=True)
    if op.get_bind().dialect.name == "sqlite":
        statements = sqlite_bound(binding, numbered=True)
    else:
        statements = postgresql_bound(binding, numbered=True) + postgresql_truncate_guards(
            kept_tables(_earlier("0018"), binding))
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    binding = _earlier("0022")
    if op.get_bind().dialect.name == "sqlite":
        statements = sqlite_bound(binding, numbered=False)
    else:
        statements = postgresql_bound(binding, numbered=False) + postgresql_drop_truncate_guards(
            kept_tables(_earlier("0018"), binding))
    for statement in statements:  # the trigger first: SQLite drops no column a trigger names
        op.execute(statement)
    op.drop_index("ix_disbursement_fund_number", table_name="disbursement")
    op.drop_column("disbursement", "number")
