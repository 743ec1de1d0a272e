"""Restoring a protected backup needs one of its passwords or its recovery code; an old one needs none."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wushe_testing import DEMO_PASSWORD
from desktop.domain.permissions import SYSTEM, Role
from desktop.errors import ValidationError
from desktop.services import accounts, communities, maintenance, signin
from desktop.services.accounts import AccountInput
from desktop.services.backup_access import BackupAccess, check_backup_access
from desktop.services.communities import CommunityInput
from desktop.services.demo import DEMO_HEAD, DEMO_STATION, load_demo
from desktop.services.station import initialize
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, Community, UserAccount
from desktop.storage.opening import open_database

EXTRA = CommunityInput("后来村", "rural", 300, "500110108298")


@dataclass(frozen=True)
class Template:
    path: Path
    backup: Path  # of the demo station, with its five accounts
    recovery_code: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("backup-access-template")
    db = open_database(folder / "wushe.db")
    username, name, phone = DEMO_HEAD
    code = initialize(db, DEMO_STATION, head=AccountInput(username, name, Role.ADMIN, DEMO_PASSWORD, phone))
    load_demo(db, DEMO_PASSWORD)
    backup = maintenance.backup(db, out=folder / "protected.db")
    db.close()
    assert code.recovery_code
    return Template(folder / "wushe.db", backup, code.recovery_code)


@pytest.fixture
def demo(template: Template, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo station, signed in as the head, with a community added after the backup."""
    path = tmp_path / "wushe.db"
    shutil.copy(template.path, path)
    db = open_database(path)
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    with db.write() as session:
        communities.add(session, EXTRA)
    yield db
    db.close()


def state(db: Database) -> tuple[list[str], int, int]:
    with db.read() as session:
        names = sorted(session.scalars(select(Community.name)))
        audits = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        users = session.scalar(select(func.count()).select_from(UserAccount)) or 0
    return names, audits, users


@pytest.mark.parametrize(
    "access",
    [
        BackupAccess(),
        BackupAccess("admin", ""),
        BackupAccess("admin", "Qingshan-2027"),
        BackupAccess("nobody", DEMO_PASSWORD),
        BackupAccess("", DEMO_PASSWORD),
        BackupAccess(recovery_code="7QF2K-10ABC-D0E1F-GH01J-KMNPQ-RSTVW"),
        BackupAccess(recovery_code="not a code"),
    ],
    ids=["nothing", "empty-password", "wrong-password", "unknown-user", "no-user", "wrong-code", "garbage-code"],
)
def test_restore_without_valid_access_changes_nothing(demo: Database, template: Template,
                                                      access: BackupAccess) -> None:
    before = state(demo)
    assert EXTRA.name in before[0]
    with pytest.raises(ValidationError) as caught:
        maintenance.restore(demo, template.backup, access)
    assert caught.value.field == "backup_access"
    assert "recovery code" in caught.value.message
    assert state(demo) == before
    assert demo.principal.username == "admin"  # still signed in
    assert not list((demo.path.parent / "backups").glob("*prerestore*"))  # type: ignore[union-attr]


def test_restore_with_another_accounts_password_from_the_backup(demo: Database, template: Template) -> None:
    # the live password of lixia changes after the backup: the backup's own password is what counts
    with demo.write() as session:
        lixia = session.scalar(select(UserAccount.id).where(UserAccount.username == "lixia"))
        assert lixia is not None
        accounts.reset_password(session, lixia, "Temp-pass-42")
    with pytest.raises(ValidationError):
        maintenance.restore(demo, template.backup, BackupAccess("lixia", "Temp-pass-42"))
    safety = maintenance.restore(demo, template.backup, BackupAccess(" LiXia ", DEMO_PASSWORD))
    assert safety.exists()
    names, _audits, users = state(demo)
    assert EXTRA.name not in names and users == 5
    assert demo.principal == SYSTEM and demo.vault is None  # everyone is signed out
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)  # the backup's password is back
    with demo.read() as session:
        restore = session.scalars(select(AuditEntry).where(AuditEntry.action == "backup.restore")).one()
        assert restore.actor == "admin"


def test_restore_with_the_recovery_code(demo: Database, template: Template) -> None:
    typed = template.recovery_code.lower().replace("-", " ")
    maintenance.restore(demo, template.backup, BackupAccess(recovery_code=typed))
    assert EXTRA.name not in state(demo)[0]


def test_the_recovery_code_wins_over_a_wrong_password(template: Template) -> None:
    check_backup_access(template.backup, BackupAccess("admin", "wrong-pass-1", template.recovery_code))
    with pytest.raises(ValidationError):
        check_backup_access(template.backup, BackupAccess("admin", DEMO_PASSWORD, "7QF2K-10ABC-D0E1F-GH01J-KMNPQ-RSTVW"))


@pytest.mark.parametrize("username", ["admin", "lixia", "chenjun", "wangfang", "zhaolei"])
def test_every_account_of_the_backup_opens_it(template: Template, username: str) -> None:
    check_backup_access(template.backup, BackupAccess(username, DEMO_PASSWORD))


def test_a_new_recovery_code_does_not_open_an_older_backup(demo: Database, template: Template) -> None:
    with demo.write() as session:
        code = accounts.new_recovery_code(session)
    backup = maintenance.backup(demo, out=demo.path.parent / "newer.db")  # type: ignore[union-attr]
    check_backup_access(backup, BackupAccess(recovery_code=code))
    with pytest.raises(ValidationError):
        check_backup_access(template.backup, BackupAccess(recovery_code=code))
    with pytest.raises(ValidationError):
        check_backup_access(backup, BackupAccess(recovery_code=template.recovery_code))


def test_a_backup_from_before_accounts_needs_no_access(initialized_db: Database, tmp_path: Path) -> None:
    db = initialized_db
    assert not signin.has_accounts(db)
    backup = maintenance.backup(db, out=tmp_path / "old.db")
    check_backup_access(backup, BackupAccess())
    with db.write() as session:
        communities.add(session, EXTRA)
    maintenance.restore(db, backup)
    assert state(db)[0] == []


def test_a_backup_from_before_the_accounts_tables_needs_no_access(tmp_path: Path) -> None:
    old = tmp_path / "ancient.db"
    with closing(sqlite3.connect(old)) as conn:
        conn.execute("CREATE TABLE station (id TEXT)")
    check_backup_access(old, BackupAccess())
