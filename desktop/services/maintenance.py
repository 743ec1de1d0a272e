"""Keeping the file healthy: info, checks, backups and restore, each leaving an audit entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.errors import StorageError
from desktop.i18n import _
from desktop.storage import audit
from desktop.storage import backup as backups
from desktop.storage.base import Base, Synced
from desktop.storage.database import Database
from desktop.storage.schema import SCHEMA_HEAD, stored_revision
from desktop.domain.permissions import Action
from desktop.services.backup_access import BackupAccess, check_backup_access
from desktop.services import ledger_check, people_check
from desktop.services.guard import require_on
from desktop.services.station import get_profile


@dataclass(frozen=True)
class TableCount:
    table: str
    rows: int
    live: int  # rows without a tombstone (equal to rows for tables that have none)


@dataclass(frozen=True)
class NodeInfo:
    path: str
    schema_revision: str | None
    schema_head: str
    node_id: str | None
    kind: str | None
    name: str | None
    division_code: str | None
    fingerprint: str | None
    counts: list[TableCount]


def table_counts(session: Session) -> list[TableCount]:
    result = []
    for table in Base.metadata.sorted_tables:
        rows = session.scalar(select(func.count()).select_from(table)) or 0
        live = rows
        if "deleted_at" in table.c:
            live = session.scalar(select(func.count()).select_from(table).where(table.c.deleted_at.is_(None))) or 0
        result.append(TableCount(table.name, rows, live))
    return sorted(result, key=lambda c: c.table)


def node_info(db: Database) -> NodeInfo:
    with db.read() as session:
        profile = get_profile(session) if db.node_id else None
        counts = table_counts(session)
    return NodeInfo(
        path=str(db.path), schema_revision=stored_revision(db.path) if db.path else None, schema_head=SCHEMA_HEAD,
        node_id=db.node_id, kind=profile.kind if profile else None, name=profile.name if profile else None,
        division_code=profile.division_code if profile else None,
        fingerprint=profile.fingerprint if profile else None, counts=counts,
    )


@dataclass
class CheckReport:
    faults: list[str] = field(default_factory=list)
    audit_entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.faults


def check(db: Database) -> CheckReport:
    """Integrity of the file, foreign keys, the audit chain and the record conventions."""
    report = CheckReport()
    with db.read() as session:
        rows = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
        if rows != ["ok"]:
            report.faults += [_("Integrity: {detail}").format(detail=r) for r in rows]
        for row in session.execute(text("PRAGMA foreign_key_check")):
            report.faults.append(_("Broken link in table {table}, row {rowid}").format(table=row[0], rowid=row[1]))
        chain = audit.verify_chain(session)
        report.audit_entries = chain.entries
        if not chain.ok:
            report.faults.append(
                _("Audit log: entry {seq} does not match the chain ({reason}).").format(
                    seq=chain.first_broken_seq, reason=chain.reason)
            )
        for cls in Base.registry.mappers:
            model = cls.class_
            if issubclass(model, Synced):
                unstamped = session.scalar(select(func.count()).select_from(model).where(model.hlc == 0))
                if unstamped:
                    report.faults.append(_("{n} rows of {table} have no change stamp.").format(
                        n=unstamped, table=model.__tablename__))
        report.faults += ledger_check.receipt_gaps(session) + ledger_check.underapproved_payments(session)
        report.faults += ledger_check.approvals_of_another_amount(session)
        report.faults += ledger_check.decisions_after_leaving(session)
        report.faults += ledger_check.same_named_funds(session) + ledger_check.changed_publications(session)
        report.faults += people_check.same_id_numbers(session)
    return report


def _require_file(db: Database) -> Path:
    if db.path is None:
        raise StorageError(_("Backups are made of SQLite files only; use the server's tools for PostgreSQL."))
    return db.path


def backup(db: Database, out: Path | None = None, reason: str = "manual") -> Path:
    """A verified copy: ``out`` when given, else a rotated file in the backups folder.

    Sensitive fields stay sealed in the copy, so a backup is as safe as the database itself.
    """
    require_on(db, Action.MAKE_BACKUP)
    path = _require_file(db)
    made = backups.backup_to(path, out) if out else backups.make_backup(path, reason).path
    if db.node_id:
        with db.write() as session:
            audit.append(session, "backup", detail={"file": made.name, "reason": reason})
    return made


def restore(db: Database, source: Path, access: BackupAccess = BackupAccess()) -> Path:
    """Replace the data with a backup, all or nothing; returns the safety backup of what was there.

    A backup with accounts is restored only by someone who can open it: a password of one of its
    accounts, or its recovery code. Everyone is signed out afterwards (the accounts may differ).
    """
    require_on(db, Action.RESTORE_BACKUP)
    path = _require_file(db)
    backups.check_restorable(source)
    check_backup_access(source, access)
    restorer = db.principal
    db.close()
    safety = backups.restore(path, source)
    from desktop.storage.migrate import upgrade  # Alembic is imported only where it may run

    try:
        upgrade(path)
    except Exception:
        backups.restore(path, safety.path)
        raise
    db.refresh_identity()
    if db.node_id:
        db.sign_in(restorer, None)  # the entry names who restored, though their account may be gone now
        with db.write() as session:
            audit.append(session, "backup.restore", detail={"file": source.name, "safety_backup": safety.path.name})
    db.sign_out()
    return safety.path
