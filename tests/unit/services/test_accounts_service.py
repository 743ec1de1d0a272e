"""User accounts: input checks, the station head rules, the audit trail, masked phones, one shared data key."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from wushe_testing import DEMO_PASSWORD, DEMO_PHONES, acting_as
from desktop.domain.permissions import SYSTEM, Role
from desktop.errors import NotFoundError, ValidationError
from desktop.services import accounts, signin
from desktop.services.accounts import AccountInput
from desktop.services.demo import DEMO_USERS
from desktop.services.guard import Locked, PermissionDenied
from desktop.storage import audit
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, KeyWrap, UserAccount

PHONES = DEMO_PHONES
GOOD = AccountInput("liuyang", "刘洋", "caseworker", "Liu-yang-2026", "+86 139-8345-0000")


@pytest.fixture
def as_admin(demo: Database) -> Database:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    return demo


def user_id(db: Database, username: str) -> str:
    with db.read() as session:
        found = session.scalar(select(UserAccount.id).where(UserAccount.username == username))
    assert found is not None
    return found


def audit_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def last_entry(db: Database) -> tuple[str, str, str, str, str, dict]:  # type: ignore[type-arg]
    with db.read() as session:
        e = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        return e.action, e.actor, e.row_id, e.before_digest, e.after_digest, json.loads(e.detail or "{}")


def field_of(data: AccountInput) -> str:
    with pytest.raises(ValidationError) as caught:
        data.validated()
    return caught.value.field


# --- input checks -------------------------------------------------------------------------------

def test_valid_input_is_normalized() -> None:
    data = replace(GOOD, username="  LiuYang ", display_name="  刘   洋 ").validated()
    assert data.username == "liuyang"
    assert data.display_name == "刘 洋"
    assert data.phone == "13983450000"
    assert replace(GOOD, phone="  ").validated().phone == ""
    assert replace(GOOD, username="l.y_2-b").validated().username == "l.y_2-b"


@pytest.mark.parametrize("username", ["", " ", "l", "1abc", "_abc", "li yang", "李霞", "a" * 33, "li/yang", "li@x"])
def test_bad_user_names(username: str) -> None:
    assert field_of(replace(GOOD, username=username)) == "username"


def test_user_name_length_limits() -> None:
    assert replace(GOOD, username="ly").validated().username == "ly"
    assert replace(GOOD, username="l" + "y" * 31).validated().username == "l" + "y" * 31


@pytest.mark.parametrize("name", ["", "   ", "刘" * 51])
def test_bad_display_names(name: str) -> None:
    assert field_of(replace(GOOD, display_name=name)) == "display_name"


@pytest.mark.parametrize("role", ["", "boss", "ADMIN", "站长"])
def test_bad_roles(role: str) -> None:
    assert field_of(replace(GOOD, role=role)) == "role"


def test_every_role_is_accepted() -> None:
    for role in Role:
        assert replace(GOOD, role=role.value).validated().role == role


@pytest.mark.parametrize("phone", ["12345", "23983451276", "1398345127x", "139834512761"])
def test_bad_phones(phone: str) -> None:
    assert field_of(replace(GOOD, phone=phone)) == "phone"


@pytest.mark.parametrize("password", ["short1!", "abcdefghij", "12345678", "aaaa1111", "Liuyang-2026",
                                      "2026-LIUYANG"])
def test_passwords_follow_the_policy(password: str) -> None:
    assert field_of(replace(GOOD, password=password)) == "password"


# --- adding and the station head ----------------------------------------------------------------

def test_add_user(as_admin: Database) -> None:
    db = as_admin
    with db.write() as session:
        view = accounts.add_user(session, GOOD)
    assert (view.username, view.display_name, view.role, view.phone) == ("liuyang", "刘洋", "caseworker", "13983450000")
    assert view.must_change_password and not view.disabled
    action, actor, row_id, _before, after, detail = last_entry(db)
    assert (action, actor, row_id) == ("user.add", "admin", view.id)
    assert after and detail == {"username": "liuyang", "role": "caseworker"}
    with db.read() as session:
        row = session.get(UserAccount, view.id)
        assert row is not None and row.phone_sealed is not None
        assert b"13983450000" not in row.phone_sealed
        assert "Liu-yang-2026" not in row.password_hash
    signin.sign_out(db)
    result = signin.sign_in(db, "liuyang", "Liu-yang-2026")
    assert result.principal.role == Role.CASEWORKER and result.must_change_password


def test_add_user_without_phone(as_admin: Database) -> None:
    with as_admin.write() as session:
        view = accounts.add_user(session, replace(GOOD, phone=""))
        assert session.get(UserAccount, view.id).phone_sealed is None  # type: ignore[union-attr]
    assert view.phone == ""


@pytest.mark.parametrize("username", ["lixia", "LIXIA", " lixia "])
def test_a_taken_user_name_is_refused(as_admin: Database, username: str) -> None:
    before = audit_count(as_admin)
    with pytest.raises(ValidationError) as caught, as_admin.write() as session:
        accounts.add_user(session, replace(GOOD, username=username, password="Another-pass-9"))
    assert caught.value.field == "username" and "lixia" in caught.value.message
    assert audit_count(as_admin) == before


def test_add_user_needs_the_key(demo: Database) -> None:
    """Nobody signed in: the system may manage users in principle, but has no data key to wrap."""
    with pytest.raises(Locked), demo.write() as session:
        accounts.add_user(session, GOOD)


def test_the_first_station_head(initialized_db: Database) -> None:
    db = initialized_db
    assert not signin.has_accounts(db)
    before = audit_count(db)
    code = accounts.make_first_head(db, AccountInput("zhou", "周站长", "viewer", "Station-Head-1", "13908317265"))
    assert db.principal.username == "zhou" and db.principal.role == Role.ADMIN  # always the head
    assert db.vault is not None
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(KeyWrap)) == 1
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.seq > before).order_by(AuditEntry.seq)))
    assert actions == ["user.add", "recovery.new"]  # nobody was signed in yet: the system made them
    assert len(code.replace("-", "")) == 30
    with pytest.raises(ValidationError) as caught:
        accounts.make_first_head(db, AccountInput("wu", "吴", "admin", "Other-Head-22"))
    assert caught.value.field == "username"


def test_the_last_head_cannot_be_demoted(as_admin: Database) -> None:
    db = as_admin
    admin = user_id(db, "admin")
    before = audit_count(db)
    with pytest.raises(ValidationError) as caught, db.write() as session:
        accounts.update_user(session, admin, "周建国", "caseworker", PHONES["admin"])
    assert caught.value.field == "role"
    assert audit_count(db) == before
    with db.read() as session:
        assert session.get(UserAccount, admin).role == "admin"  # type: ignore[union-attr]


def test_a_head_cannot_disable_themselves(as_admin: Database) -> None:
    before = audit_count(as_admin)
    with pytest.raises(ValidationError) as caught, as_admin.write() as session:
        accounts.set_disabled(session, user_id(as_admin, "admin"), True)
    assert caught.value.field == "disabled"
    assert audit_count(as_admin) == before


def test_the_last_head_cannot_be_disabled(demo: Database) -> None:
    acting_as(demo, "审计员")  # a head without an account, so only the last-head rule stands
    with pytest.raises(ValidationError) as caught, demo.write() as session:
        accounts.set_disabled(session, user_id(demo, "admin"), True)
    assert caught.value.field == "disabled" and "at least one station head" in caught.value.message


def test_with_two_heads_one_may_step_down(as_admin: Database) -> None:
    db = as_admin
    with db.write() as session:
        second = accounts.add_user(session, replace(GOOD, role="admin"))
        accounts.update_user(session, user_id(db, "admin"), "周建国", "caseworker", PHONES["admin"])
    signin.sign_out(db)
    signin.sign_in(db, "liuyang", "Liu-yang-2026")
    assert db.principal.role == Role.ADMIN
    with pytest.raises(ValidationError) as caught, db.write() as session:  # now the last one
        accounts.update_user(session, second.id, "刘洋", "viewer", "")
    assert caught.value.field == "role"


def test_unknown_users(as_admin: Database) -> None:
    for change in (lambda s: accounts.set_disabled(s, "no-such-id", True),
                   lambda s: accounts.update_user(s, "no-such-id", "某人", "viewer", ""),
                   lambda s: accounts.reset_password(s, "no-such-id", "Temp-pass-42")):
        with pytest.raises(NotFoundError), as_admin.write() as session:
            change(session)


def test_every_change_is_audited_with_the_signed_in_user(as_admin: Database) -> None:
    db = as_admin
    lixia = user_id(db, "lixia")
    with db.write() as session:
        accounts.update_user(session, lixia, "李 霞", "finance", "13983451277")
    action, actor, row_id, before, after, detail = last_entry(db)
    assert (action, actor, row_id, detail) == ("user.edit", "admin", lixia, {"username": "lixia", "role": "finance"})
    assert before and after and before != after

    for disabled, expected in ((True, "user.disable"), (False, "user.enable")):
        with db.write() as session:
            view = accounts.set_disabled(session, lixia, disabled)
        assert view.disabled is disabled
        action, actor, row_id, before, after, _detail = last_entry(db)
        assert (action, actor, row_id) == (expected, "admin", lixia) and before != after

    with db.write() as session:
        accounts.reset_password(session, lixia, "Temp-pass-42")
    action, actor, row_id, before, after, _detail = last_entry(db)
    assert (action, actor, row_id) == ("user.reset_password", "admin", lixia) and before != after

    with db.write() as session:
        accounts.new_recovery_code(session)
    assert last_entry(db)[:2] == ("recovery.new", "admin")

    with db.read() as session:
        views = {u.username: u for u in accounts.list_users(session)}
    assert (views["lixia"].display_name, views["lixia"].role, views["lixia"].phone) == ("李 霞", "finance",
                                                                                         "13983451277")
    with db.read() as session:
        assert audit.verify_chain(session).ok


# --- listing and masking ------------------------------------------------------------------------

def test_the_head_sees_every_phone(as_admin: Database) -> None:
    with as_admin.read() as session:
        users = {u.username: u.phone for u in accounts.list_users(session)}
    assert users == PHONES


@pytest.mark.parametrize("username", ["lixia", "wangfang", "zhaolei"])
def test_others_see_masked_phones_but_their_own(demo: Database, username: str) -> None:
    signin.sign_in(demo, username, DEMO_PASSWORD)
    with demo.read() as session:
        users = {u.username: u.phone for u in accounts.list_users(session)}
    assert users["admin"] == "139****7265"
    for name, phone in PHONES.items():
        if name == username:
            assert users[name] == phone
        else:
            assert users[name] == phone[:3] + "****" + phone[-4:]


def test_nobody_signed_in_may_do_nothing_once_accounts_exist(demo: Database) -> None:
    assert demo.principal == SYSTEM
    with pytest.raises(Locked), demo.read() as session:
        accounts.list_users(session)


def test_without_the_key_no_phone_is_shown(demo: Database) -> None:
    acting_as(demo, "审计员")  # signed in, but no data key unlocked
    with demo.read() as session:
        users = accounts.list_users(session)
    assert len(users) == 5 and all(u.phone == "" for u in users)


def test_list_users_is_sorted_and_complete(as_admin: Database) -> None:
    with as_admin.read() as session:
        users = accounts.list_users(session)
    assert [u.username for u in users] == sorted(PHONES)
    roles = {u.username: u.role for u in users}
    assert roles == {"admin": "admin", **{name: role for name, _n, role, _p in DEMO_USERS}}


# --- one data key for everybody ------------------------------------------------------------------

def test_every_sign_in_unlocks_the_same_data_key(demo: Database) -> None:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    assert demo.vault is not None
    key = demo.vault.data_key
    sealed = demo.vault.seal("user_account", "some-row", "phone", "13700001111")
    with demo.write() as session:  # and a value sealed through the service after the head's sign-in
        accounts.update_user(session, user_id(demo, "zhaolei"), "赵磊", "viewer", "137 0000 2222")
    signin.sign_out(demo)
    for username in PHONES:
        signin.sign_in(demo, username, DEMO_PASSWORD)
        assert demo.vault is not None
        assert demo.vault.data_key == key
        assert demo.vault.open("user_account", "some-row", "phone", sealed) == "13700001111"
        with demo.read() as session:
            row = session.get(UserAccount, user_id(demo, "zhaolei"))
            assert row is not None
            assert demo.vault.open("user_account", row.id, "phone", row.phone_sealed) == "13700002222"
        signin.sign_out(demo)


def test_the_data_key_is_not_stored_in_the_clear(as_admin: Database) -> None:
    assert as_admin.vault is not None and as_admin.path is not None
    assert as_admin.vault.data_key not in as_admin.path.read_bytes()


def test_users_are_not_managed_by_others(demo: Database) -> None:
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    before = audit_count(demo)
    for change in (lambda s: accounts.add_user(s, GOOD),
                   lambda s: accounts.set_disabled(s, user_id(demo, "chenjun"), True),
                   lambda s: accounts.update_user(s, user_id(demo, "lixia"), "李霞", "admin", ""),
                   lambda s: accounts.reset_password(s, user_id(demo, "admin"), "Temp-pass-42")):
        with pytest.raises(PermissionDenied), demo.write() as session:
            change(session)
    assert audit_count(demo) == before
