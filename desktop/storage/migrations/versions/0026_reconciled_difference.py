"""A reconciled balance assertion keeps the difference it explained: ``balance_assertion.reconciled_fen``,
the statement less the ledger when it was reconciled, on the row beside who reconciled it, when and why.
Until now only the audit entry ``balance_assertion.reconciled`` held it, so an assertion reconciled before
that entry existed showed as differing again.

Back-filled from the first of those audit entries (the one the row's ``reconciled_note`` came with). An
assertion reconciled with no audit entry (reconciled before there were any) was reconciled against the book
as it stands: what it explained is recorded nowhere, so the difference at this migration is taken. A
tombstone (written before 0022 kept assertions) is not shown and is left alone.

0022's trigger now keeps the column too: set once from NULL, and only on a reconciled row (with
``reconciled_at``, or after it), never changed afterwards; the other reconciling columns stay as 0022 keeps
them. Plain ADD COLUMN, not a batch copy: copying the table would drop its triggers (0022).

Revision ID: 0026
Revises: 0025
"""

import json
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

RECONCILED = "balance_assertion.reconciled"  # services.reconciliation's audit action, as it was written
DIFFERENCE_KEPT = ("OR (OLD.reconciled_fen IS NOT NULL AND NEW.reconciled_fen IS NOT OLD.reconciled_fen) "
                   "OR (NEW.reconciled_fen IS NOT NULL AND NEW.reconciled_at IS NULL)")
# An asserted account is an asset, which grows with debits (domain.ledger.CHART as it was written).
HELD = sa.text("SELECT COALESCE(SUM(CASE WHEN side = 'debit' THEN amount_fen ELSE -amount_fen END), 0) "
               "FROM ledger_line WHERE fund_id = :fund_id AND account = :account AND posted_on <= :on_date")


def _earlier(revision_id: str) -> ModuleType:
    """An earlier migration's module as Alembic loaded it (its guards and messages, not copies of them)."""
    script = op.get_context().script
    assert script is not None
    return script.get_revision(revision_id).module


def _condition(binding: ModuleType, kept: bool) -> str:
    """What refuses an UPDATE of an assertion: 0022's rule, and with ``kept`` the reconciled difference's."""
    condition = binding._assertion_refused()
    return f"{condition} {DIFFERENCE_KEPT}" if kept else condition


def _statements(binding: ModuleType, kept: bool) -> list[str]:
    """0022's trigger (SQLite) or the function its trigger calls by name (PostgreSQL), with the new rule."""
    message = binding.ASSERTION_MESSAGE
    if op.get_bind().dialect.name == "sqlite":
        return ["DROP TRIGGER IF EXISTS balance_assertion_bound",
                f"CREATE TRIGGER balance_assertion_bound BEFORE UPDATE ON balance_assertion "
                f"WHEN {_condition(binding, kept)} BEGIN SELECT RAISE(ABORT, '{message}'); END"]
    condition = _condition(binding, kept).replace(" IS NOT ", " IS DISTINCT FROM ").replace(
        " IS DISTINCT FROM NULL", " IS NOT NULL")
    return [f"""CREATE OR REPLACE FUNCTION wushe_balance_assertion_bound() RETURNS trigger AS $$
                BEGIN
                  IF TG_OP = 'DELETE' OR ({condition}) THEN RAISE EXCEPTION '{message}'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql"""]


def _back_fill() -> None:
    bind = op.get_bind()
    explained: dict[str, int] = {}
    for row_id, detail in bind.execute(sa.text(
            "SELECT row_id, detail FROM audit_log WHERE action = :action AND table_name = 'balance_assertion' "
            "ORDER BY seq"), {"action": RECONCILED}):
        difference = json.loads(detail or "{}").get("difference_fen")
        if isinstance(difference, int):
            explained.setdefault(row_id, difference)  # the first: the reconciliation the row keeps
    values = []
    for row in bind.execute(sa.text("SELECT id, fund_id, account, on_date, amount_fen FROM balance_assertion "
                                    "WHERE reconciled_at IS NOT NULL AND deleted_at IS NULL")).all():
        difference = explained.get(row.id)
        if difference is None:
            held = bind.execute(HELD, {"fund_id": row.fund_id, "account": row.account, "on_date": row.on_date})
            difference = row.amount_fen - int(held.scalar_one())
        values.append({"id": row.id, "difference": difference})
    if values:
        bind.execute(sa.text("UPDATE balance_assertion SET reconciled_fen = :difference WHERE id = :id"), values)


def upgrade() -> None:
    op.add_column("balance_assertion", sa.Column("reconciled_fen", sa.BigInteger(), nullable=True))
    _back_fill()  # before the new rule, which the back-fill keeps
    for statement in _statements(_earlier("0022"), kept=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(_earlier("0022"), kept=False):  # first: SQLite drops no column a trigger names
        op.execute(statement)
    op.drop_column("balance_assertion", "reconciled_fen")
