"""Signing in and out: passwords, lock-out, disabled accounts, resets, the recovery code, the idle lock."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wushe_testing import DEMO_PASSWORD, DEMO_PHONES, DemoTemplate, build_demo
from desktop.domain.permissions import SYSTEM, Role
from desktop.errors import ValidationError
from desktop.i18n import format_datetime
from desktop.services import accounts, signin
from desktop.services.guard import PermissionDenied
from desktop.services.signin import SignInError
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, UserAccount
from desktop.storage.opening import open_database

WRONG = "Wrong user name or password."
PHONES = DEMO_PHONES



@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    return build_demo(tmp_path_factory.mktemp("signin-template") / "wushe.db")


@pytest.fixture
def demo(template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """A copy of the template, nobody signed in."""
    path = tmp_path / "wushe.db"
    shutil.copy(template.path, path)
    db = open_database(path)
    yield db
    db.close()


def account(db: Database, username: str) -> UserAccount:
    with db.read() as session:
        row = session.scalars(select(UserAccount).where(UserAccount.username == username)).one()
        session.expunge(row)  # keeps its loaded values after the read ends
        return row


def entries(db: Database, action: str) -> list[AuditEntry]:
    with db.read() as session:
        found = list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)))
        session.expunge_all()
        return found


def audit_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def own_phone(db: Database, username: str) -> str:
    row = account(db, username)
    assert db.vault is not None
    return db.vault.open("user_account", row.id, "phone", row.phone_sealed)


def refused(db: Database, username: str, password: str) -> str:
    with pytest.raises(SignInError) as caught:
        signin.sign_in(db, username, password)
    assert db.principal == SYSTEM and db.vault is None
    return caught.value.message


def raw_sql(db: Database, sql: str, *args: object) -> None:
    assert db.path is not None
    with closing(sqlite3.connect(db.path)) as conn, conn:
        conn.execute(sql, args)


# --- signing in --------------------------------------------------------------------------------

def test_nobody_is_signed_in_at_first(demo: Database) -> None:
    assert signin.has_accounts(demo)
    assert demo.principal == SYSTEM and demo.vault is None


def test_sign_in_unlocks_the_key_and_names_the_actor(demo: Database) -> None:
    before = audit_count(demo)
    result = signin.sign_in(demo, " LiXia ", DEMO_PASSWORD)  # user names are trimmed and lower-cased
    lixia = account(demo, "lixia")
    assert result.principal.username == "lixia" and result.principal.role == Role.CASEWORKER
    assert result.principal.user_id == lixia.id
    assert not result.must_change_password  # demo accounts share a documented password
    assert demo.principal == result.principal
    assert demo.vault is not None
    assert own_phone(demo, "lixia") == PHONES["lixia"]
    assert lixia.last_login_at is not None and abs(utcnow() - lixia.last_login_at) < timedelta(minutes=1)
    assert audit_count(demo) == before + 1
    login = entries(demo, "login")[-1]
    assert (login.actor, login.table_name, login.row_id) == ("lixia", "user_account", lixia.id)


def test_the_head_need_not_change_the_password(demo: Database) -> None:
    assert not signin.sign_in(demo, "admin", DEMO_PASSWORD).must_change_password


def test_wrong_password_and_unknown_user_read_the_same(demo: Database) -> None:
    wrong_password = refused(demo, "lixia", "Qingshan-2027")
    unknown_user = refused(demo, "nobody", DEMO_PASSWORD)
    assert wrong_password == unknown_user == WRONG
    assert refused(demo, "", "") == WRONG
    assert account(demo, "lixia").failed_logins == 1
    assert not entries(demo, "login")


def test_five_failures_lock_the_account_for_fifteen_minutes(demo: Database) -> None:
    for _ in range(signin.MAX_FAILED_LOGINS - 1):
        assert refused(demo, "lixia", "not-the-password-1") == WRONG
    assert account(demo, "lixia").locked_until is None
    assert not entries(demo, "lockout")
    assert refused(demo, "lixia", "not-the-password-1") == WRONG  # the fifth
    locked_until = account(demo, "lixia").locked_until
    assert locked_until is not None
    assert timedelta(minutes=14) < locked_until - utcnow() <= timedelta(minutes=15)
    lockouts = entries(demo, "lockout")
    assert len(lockouts) == 1
    assert lockouts[0].row_id == account(demo, "lixia").id
    assert json.loads(lockouts[0].detail) == {"username": "lixia", "minutes": 15}

    message = refused(demo, "lixia", DEMO_PASSWORD)  # even the right password, while locked
    assert "locked until" in message
    assert format_datetime(locked_until.astimezone(), "short") in message
    refused(demo, "lixia", "not-the-password-1")
    assert len(entries(demo, "lockout")) == 1  # attempts while locked neither count nor lock again
    assert not entries(demo, "login")
    signin.sign_in(demo, "chenjun", DEMO_PASSWORD)  # others are not affected


def test_the_lock_expires(demo: Database) -> None:
    for _ in range(signin.MAX_FAILED_LOGINS):
        refused(demo, "lixia", "not-the-password-1")
    assert "locked until" in refused(demo, "lixia", DEMO_PASSWORD)
    raw_sql(demo, "UPDATE user_account SET locked_until = ? WHERE username = 'lixia'",
            (utcnow() - timedelta(seconds=1)).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f"))
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    row = account(demo, "lixia")
    assert demo.principal.username == "lixia"
    assert row.locked_until is None and row.failed_logins == 0


def test_a_success_resets_the_failure_count(demo: Database) -> None:
    for _ in range(signin.MAX_FAILED_LOGINS - 1):
        refused(demo, "lixia", "not-the-password-1")
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    assert account(demo, "lixia").failed_logins == 0
    signin.sign_out(demo)
    refused(demo, "lixia", "not-the-password-1")
    assert account(demo, "lixia").locked_until is None


def test_a_disabled_account_is_refused(demo: Database) -> None:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with demo.write() as session:
        accounts.set_disabled(session, account(demo, "chenjun").id, True)
    signin.sign_out(demo)
    assert "disabled" in refused(demo, "chenjun", DEMO_PASSWORD)
    assert refused(demo, "chenjun", "not-the-password-1") == WRONG  # says nothing about the account
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with demo.write() as session:
        accounts.set_disabled(session, account(demo, "chenjun").id, False)
    signin.sign_out(demo)
    signin.sign_in(demo, "chenjun", DEMO_PASSWORD)


# --- passwords -------------------------------------------------------------------------------

def test_reset_password_by_the_head(demo: Database) -> None:
    for _ in range(signin.MAX_FAILED_LOGINS):
        refused(demo, "lixia", "not-the-password-1")
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with demo.write() as session:
        view = accounts.reset_password(session, account(demo, "lixia").id, "Temp-pass-42")
    assert view.must_change_password and view.locked_until is None
    signin.sign_out(demo)

    assert refused(demo, "lixia", DEMO_PASSWORD) == WRONG
    result = signin.sign_in(demo, "lixia", "Temp-pass-42")  # the lock-out is lifted too
    assert result.must_change_password
    assert own_phone(demo, "lixia") == PHONES["lixia"]  # the same data key
    signin.change_password(demo, "Temp-pass-42", "Own-choice-2026!")
    assert not account(demo, "lixia").must_change_password
    signin.sign_out(demo)
    assert not signin.sign_in(demo, "lixia", "Own-choice-2026!").must_change_password


def test_reset_password_checks_the_policy(demo: Database) -> None:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with pytest.raises(ValidationError) as caught, demo.write() as session:
        accounts.reset_password(session, account(demo, "lixia").id, "lixia-2026")
    assert caught.value.field == "password"


def test_change_password(demo: Database) -> None:
    signin.sign_in(demo, "wangfang", DEMO_PASSWORD)
    before = audit_count(demo)
    with pytest.raises(ValidationError) as caught:
        signin.change_password(demo, "not-the-password-1", "Brand-new-pass-7")
    assert caught.value.field == "old_password"
    for weak in ("short1!", "abcdefghij", "Wangfang-2026"):
        with pytest.raises(ValidationError) as caught:
            signin.change_password(demo, DEMO_PASSWORD, weak)
        assert caught.value.field == "new_password"
    assert audit_count(demo) == before  # nothing changed

    signin.change_password(demo, DEMO_PASSWORD, "Brand-new-pass-7")
    change = entries(demo, "password.change")[-1]
    assert (change.actor, change.row_id) == ("wangfang", account(demo, "wangfang").id)
    signin.sign_out(demo)
    assert refused(demo, "wangfang", DEMO_PASSWORD) == WRONG
    signin.sign_in(demo, "wangfang", "Brand-new-pass-7")
    assert own_phone(demo, "wangfang") == PHONES["wangfang"]


def test_confirm_password(demo: Database) -> None:
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    signin.confirm_password(demo, DEMO_PASSWORD)
    assert demo.principal.username == "lixia" and demo.vault is not None
    with pytest.raises(SignInError) as caught:
        signin.confirm_password(demo, "not-the-password-1")
    assert caught.value.message == WRONG
    assert account(demo, "lixia").failed_logins == 1  # a wrong one counts towards the lock-out


# --- the recovery code -------------------------------------------------------------------------

def test_recover_with_the_recovery_code(demo: Database, template: DemoTemplate) -> None:
    for _ in range(signin.MAX_FAILED_LOGINS):
        refused(demo, "admin", "not-the-password-1")
    assert "locked until" in refused(demo, "admin", DEMO_PASSWORD)

    typed = template.recovery_code.lower().replace("-", " ")  # as read off the sheet
    result = signin.recover(demo, typed, "admin", "Recovered-Pass-8")
    assert result.principal.username == "admin" and not result.must_change_password
    assert demo.principal.username == "admin" and own_phone(demo, "admin") == PHONES["admin"]
    use = entries(demo, "recovery.use")[-1]
    assert (use.actor, use.row_id) == ("admin", account(demo, "admin").id)
    row = account(demo, "admin")
    assert row.locked_until is None and row.failed_logins == 0

    signin.sign_out(demo)
    assert refused(demo, "admin", DEMO_PASSWORD) == WRONG
    signin.sign_in(demo, "admin", "Recovered-Pass-8")


def test_recover_enables_a_disabled_account(demo: Database, template: DemoTemplate) -> None:
    raw_sql(demo, "UPDATE user_account SET disabled_at = '2026-01-01 00:00:00.000000' WHERE username = 'chenjun'")
    assert "disabled" in refused(demo, "chenjun", DEMO_PASSWORD)
    signin.recover(demo, template.recovery_code, "chenjun", "Chen-recovered-1")
    signin.sign_out(demo)
    signin.sign_in(demo, "chenjun", "Chen-recovered-1")


def test_recover_refuses_a_wrong_code_user_or_password(demo: Database, template: DemoTemplate) -> None:
    before = audit_count(demo)
    with pytest.raises(ValidationError) as caught:
        signin.recover(demo, "7QF2K-10ABC-D0E1F-GH01J-KMNPQ-RSTVW", "admin", "Recovered-Pass-8")
    assert caught.value.field == "recovery_code"
    with pytest.raises(ValidationError) as caught:
        signin.recover(demo, "", "admin", "Recovered-Pass-8")
    assert caught.value.field == "recovery_code"
    with pytest.raises(ValidationError) as caught:
        signin.recover(demo, template.recovery_code, "nobody", "Recovered-Pass-8")
    assert caught.value.field == "username"
    with pytest.raises(ValidationError) as caught:
        signin.recover(demo, template.recovery_code, "admin", "weak")
    assert caught.value.field == "new_password"
    assert demo.principal == SYSTEM and demo.vault is None
    assert audit_count(demo) == before
    signin.sign_in(demo, "admin", DEMO_PASSWORD)  # the password is unchanged


def test_a_new_recovery_code_replaces_the_old(demo: Database, template: DemoTemplate) -> None:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with demo.write() as session:
        code = accounts.new_recovery_code(session)
    assert code != template.recovery_code
    assert entries(demo, "recovery.new")[-1].actor == "admin"
    signin.sign_out(demo)
    with pytest.raises(ValidationError) as caught:
        signin.recover(demo, template.recovery_code, "admin", "Recovered-Pass-8")
    assert caught.value.field == "recovery_code"
    signin.recover(demo, code, "admin", "Recovered-Pass-8")
    assert own_phone(demo, "admin") == PHONES["admin"]


def test_only_the_head_makes_a_recovery_code(demo: Database) -> None:
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    before = audit_count(demo)
    with pytest.raises(PermissionDenied), demo.write() as session:
        accounts.new_recovery_code(session)
    assert audit_count(demo) == before


# --- signing out and the idle lock -------------------------------------------------------------

def test_sign_out_forgets_the_user_and_the_key(demo: Database) -> None:
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    signin.sign_out(demo)
    assert demo.principal == SYSTEM and demo.vault is None
    logout = entries(demo, "logout")[-1]
    assert (logout.actor, logout.row_id) == ("lixia", account(demo, "lixia").id)
    count = audit_count(demo)
    signin.sign_out(demo)  # nobody signed in: nothing to record
    assert audit_count(demo) == count


def test_lock_minutes(demo: Database) -> None:
    with demo.read() as session:
        assert signin.lock_minutes(session) == signin.DEFAULT_LOCK_MINUTES == 10
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    for minutes in (0, 240, 30):
        with demo.write() as session:
            signin.set_lock_minutes(session, minutes)
        with demo.read() as session:
            assert signin.lock_minutes(session) == minutes
    setting = entries(demo, "setting")[-1]
    assert setting.actor == "admin" and json.loads(setting.detail) == {"lock_after_minutes": 30}
    for bad in (-1, 241):
        with pytest.raises(ValidationError) as caught, demo.write() as session:
            signin.set_lock_minutes(session, bad)
        assert caught.value.field == "lock_minutes"
    with demo.read() as session:
        assert signin.lock_minutes(session) == 30


@pytest.mark.parametrize("username", ["lixia", "wangfang", "zhaolei"])
def test_only_the_head_sets_the_lock(demo: Database, username: str) -> None:
    signin.sign_in(demo, username, DEMO_PASSWORD)
    before = audit_count(demo)
    with pytest.raises(PermissionDenied), demo.write() as session:
        signin.set_lock_minutes(session, 5)
    with demo.read() as session:
        assert signin.lock_minutes(session) == signin.DEFAULT_LOCK_MINUTES
    assert audit_count(demo) == before
