"""Community funds and their ledgers: funds and committee members, the append-only journal (entries and
lines, guarded by triggers so no UPDATE or DELETE gets through, whoever issues it), disbursements and
the committee's decisions, goods in kind, balance assertions and donation receipts.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from desktop.storage.migrations.conventions import append_only_guards, drop_append_only_guards, synced_columns_v1

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

GUARDED = ("ledger_entry", "ledger_line")


def _ref(column: str, table: str, index: bool = True, nullable: bool = False) -> sa.Column:
    return sa.Column(column, sa.String(36), sa.ForeignKey(f"{table}.id"), nullable=nullable, index=index)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=False)


def _int(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def _fen(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def _day(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Date(), nullable=nullable)


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "fund", *synced_columns_v1(),
        sa.Column("name", sa.String(100), nullable=False, index=True), _ref("community_id", "community"),
        _text("host_charity", 100), _day("opened_on"), _text("purpose", 500), _text("status", 16),
        _text("approval_rule", 16), _text("receipt_prefix", 20),
    )
    op.create_table(
        "fund_member", *synced_columns_v1(),
        _ref("fund_id", "fund"), _text("name", 50), _text("role", 16), _text("affiliation", 100), _flag("unpaid"),
        sa.Column("user_id", sa.String(36), nullable=True), _day("joined_on"), _day("left_on", nullable=True),
    )
    op.create_table(
        "ledger_entry", *synced_columns_v1(),
        _ref("fund_id", "fund", index=False),  # led by ix_ledger_entry_fund_number
        _int("number"), _text("kind", 16), _day("posted_on"), _fen("amount_fen"), _text("memo", 200),
        _text("counterparty", 100), _flag("anonymous"), _ref("donor_id", "donor", nullable=True),
        _ref("project_id", "project", nullable=True), _ref("linked_id", "ledger_entry", nullable=True),
        _ref("reverses_id", "ledger_entry", nullable=True), _text("reason", 200), _text("by_name", 50),
    )
    op.create_index("ix_ledger_entry_fund_number", "ledger_entry", ["fund_id", "number"])
    op.create_table(
        "ledger_line", *synced_columns_v1(),
        _ref("entry_id", "ledger_entry"), _ref("fund_id", "fund", index=False),  # led by ix_ledger_line_fund_day
        _day("posted_on"), _text("account", 16), _text("side", 6), _fen("amount_fen"),
    )
    op.create_index("ix_ledger_line_fund_day", "ledger_line", ["fund_id", "posted_on"])
    op.create_table(
        "disbursement", *synced_columns_v1(),
        _ref("fund_id", "fund"), _text("kind", 16), _fen("amount_fen"), _ref("project_id", "project", nullable=True),
        _text("payee", 100), _text("purpose", 200), _day("proposed_on"), _text("proposed_by", 50), _text("status", 16),
        _day("decided_on", nullable=True), _ref("posted_entry_id", "ledger_entry", index=False, nullable=True),
    )
    op.create_table(
        "disbursement_approval", *synced_columns_v1(),
        _ref("disbursement_id", "disbursement"), _ref("member_id", "fund_member"), _text("decision", 8),
        _day("decided_on"), _text("note", 200), _text("by_name", 50),
    )
    op.create_table(
        "goods_in_kind", *synced_columns_v1(),
        _ref("fund_id", "fund"), _ref("entry_id", "ledger_entry", nullable=True),
        _ref("donor_id", "donor", index=False, nullable=True), _text("counterparty", 100), _day("received_on"),
        _text("name", 100), _fen("quantity_centi"), _text("unit", 20), _fen("valued_fen", nullable=True),
        _text("note", 200), _text("by_name", 50),
    )
    op.create_table(
        "balance_assertion", *synced_columns_v1(),
        _ref("fund_id", "fund"), _text("account", 16), _day("on_date"), _fen("amount_fen"), _text("source", 50),
        _text("note", 200), sa.Column("reconciled_at", sa.DateTime(), nullable=True), _text("reconciled_note", 200),
        _text("reconciled_by", 50),
    )
    op.create_table(
        "donation_receipt", *synced_columns_v1(),
        _ref("fund_id", "fund", index=False),  # led by ix_donation_receipt_serial
        _int("year"), _int("serial"), sa.Column("number", sa.String(40), nullable=False, index=True),
        _ref("entry_id", "ledger_entry"), _ref("donor_id", "donor", index=False, nullable=True),
        _text("donor_name", 100), _fen("amount_fen"), _text("purpose", 200), _day("issued_on"), _text("issuer", 50),
        _text("status", 16), _text("void_reason", 200), _day("voided_on", nullable=True),
        _text("official_ticket_code", 20), _text("official_ticket_number", 20),
    )
    op.create_index("ix_donation_receipt_serial", "donation_receipt", ["fund_id", "year", "serial"])
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        for statement in append_only_guards(table, dialect):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        for statement in drop_append_only_guards(table, dialect):
            op.execute(statement)
    for table in ("donation_receipt", "balance_assertion", "goods_in_kind", "disbursement_approval", "disbursement",
                  "ledger_line", "ledger_entry", "fund_member", "fund"):
        op.drop_table(table)
