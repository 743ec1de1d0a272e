"""What the committee decided binds, in the database too: a disbursement keeps the fund, kind, amount,
payee, purpose and target it was proposed with, and its status only moves the way the workflow moves it
(proposed → approved, rejected or withdrawn; approved → paid or cancelled), the paying entry linked once,
when it is paid. Each approval records the amount it approved (``disbursement_approval.amount_fen``,
NULL on approvals written before), and a withdrawal or cancellation keeps its day, who and why
(``disbursement.closed_on``, ``closed_by``, ``close_reason``). A committee member is never deleted and
changes only by leaving (``left_on``, once); a balance assertion keeps what the statement said, is
reconciled once and never deleted.

Plain ADD COLUMNs, not batch copies: copying these tables would drop their triggers (0013, 0018).

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

DISBURSEMENT_MESSAGE = "a disbursement keeps what the committee decided; only its status moves on"
MEMBER_MESSAGE = "a committee member is never deleted and changes only by leaving"
ASSERTION_MESSAGE = "a balance assertion keeps what the statement said and is reconciled once"

# What a disbursement keeps from its proposal on.
DISBURSEMENT_FIXED = ("fund_id", "kind", "amount_fen", "payee", "purpose", "project_id", "to_fund_id", "refund_of_id",
                      "proposed_on", "proposed_by")
CLOSING = ("closed_on", "closed_by", "close_reason")
# old status → the statuses it may move to, in one step or several: a bundle brings a disbursement's latest
# version, so a node that last saw it proposed may next see it paid (sync.registry.MONOTONIC keeps merges
# to these moves).
MOVES = {"proposed": ("approved", "rejected", "withdrawn", "posted", "cancelled"), "approved": ("posted", "cancelled")}
MEMBER_FIXED = ("fund_id", "name", "role", "affiliation", "unpaid", "user_id", "joined_on")
ASSERTION_FIXED = ("fund_id", "account", "on_date", "amount_fen", "source", "note")
RECONCILING = ("reconciled_at", "reconciled_note", "reconciled_by")


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in columns)


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _disbursement_refused() -> str:
    """An UPDATE of a disbursement is refused when it changes what was proposed, tombstones it, moves its
    status another way than the workflow's, links a paying entry other than once on payment, changes the
    day it was decided once set, or writes a closing other than with its withdrawal or cancellation."""
    moves = " OR ".join(f"(OLD.status = '{old}' AND NEW.status IN ({_quoted(new)}))" for old, new in MOVES.items())
    return (f"{_changed(DISBURSEMENT_FIXED)} OR NEW.deleted_at IS NOT NULL "
            f"OR (NEW.status IS NOT OLD.status AND NOT ({moves})) "
            "OR (NEW.posted_entry_id IS NOT OLD.posted_entry_id AND NOT (OLD.posted_entry_id IS NULL "
            "AND NEW.status = 'posted')) "
            "OR (NEW.status = 'posted' AND NEW.posted_entry_id IS NULL) "
            "OR (OLD.decided_on IS NOT NULL AND NEW.decided_on IS NOT OLD.decided_on) "
            f"OR (({_changed(CLOSING)}) AND NOT (NEW.status IN ('withdrawn', 'cancelled') "
            "AND NEW.status IS NOT OLD.status))")


def _member_refused() -> str:
    return (f"{_changed(MEMBER_FIXED)} OR NEW.deleted_at IS NOT NULL "
            "OR (OLD.left_on IS NOT NULL AND NEW.left_on IS NOT OLD.left_on)")


def _assertion_refused() -> str:
    return (f"{_changed(ASSERTION_FIXED)} OR NEW.deleted_at IS NOT NULL "
            f"OR (OLD.reconciled_at IS NOT NULL AND ({_changed(RECONCILING)}))")


# table, what refuses an UPDATE, message, whether a DELETE is refused too (a disbursement's is, by 0018)
GUARDS = (("disbursement", _disbursement_refused, DISBURSEMENT_MESSAGE, False),
          ("fund_member", _member_refused, MEMBER_MESSAGE, True),
          ("balance_assertion", _assertion_refused, ASSERTION_MESSAGE, True))


def _sqlite() -> list[str]:
    statements = []
    for table, refused, message, no_delete in GUARDS:
        statements.append(f"CREATE TRIGGER {table}_bound BEFORE UPDATE ON {table} WHEN {refused()} "
                          f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        if no_delete:
            statements.append(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                              f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
    return statements


def _postgresql() -> list[str]:
    statements = []
    for table, refused, message, no_delete in GUARDS:
        condition = refused().replace(" IS NOT ", " IS DISTINCT FROM ").replace(
            " IS DISTINCT FROM NULL", " IS NOT NULL")
        refused_delete = "TG_OP = 'DELETE' OR " if no_delete else ""
        statements += [
            f"""CREATE FUNCTION wushe_{table}_bound() RETURNS trigger AS $$
                BEGIN
                  IF {refused_delete}({condition}) THEN RAISE EXCEPTION '{message}'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""",
            f"CREATE TRIGGER {table}_bound BEFORE UPDATE{' OR DELETE' if no_delete else ''} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION wushe_{table}_bound()",
        ]
    return statements


def upgrade() -> None:
    op.add_column("disbursement_approval", sa.Column("amount_fen", sa.BigInteger(), nullable=True))
    op.add_column("disbursement", sa.Column("closed_on", sa.Date(), nullable=True))
    op.add_column("disbursement", sa.Column("closed_by", sa.String(50), nullable=False, server_default=sa.text("''")))
    op.add_column("disbursement", sa.Column("close_reason", sa.String(200), nullable=False,
                                            server_default=sa.text("''")))
    for statement in _sqlite() if op.get_bind().dialect.name == "sqlite" else _postgresql():
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, _refused, _message, no_delete in GUARDS:
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bound")
            if no_delete:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bound ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS wushe_{table}_bound()")
    for column in CLOSING:
        op.drop_column("disbursement", column)
    op.drop_column("disbursement_approval", "amount_fen")
