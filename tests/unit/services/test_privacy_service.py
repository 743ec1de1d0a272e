"""Revealing a sealed value: the clear text for a role that may, an audit entry naming field and actor."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from wushe_testing import DEMO_PASSWORD, DEMO_PHONES
from desktop.errors import NotFoundError
from desktop.services import privacy, signin

from desktop.services.guard import Locked, PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, UserAccount
from desktop.storage.sealed import find, sealed_columns

PHONES = DEMO_PHONES


def ids(db: Database) -> dict[str, str]:
    with db.read() as session:
        return {name: id_ for name, id_ in session.execute(select(UserAccount.username, UserAccount.id))}


def audit_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def reveal(db: Database, table: str, row_id: str, field: str) -> str:
    with db.write() as session:
        return privacy.reveal(session, table, row_id, field)


def test_the_phone_is_a_declared_sealed_column() -> None:
    found = find("user_account", "phone")
    assert found is not None and found.column.name == "phone_sealed" and found.table == "user_account"
    assert found in sealed_columns()
    assert find("user_account", "password_hash") is None


@pytest.mark.parametrize("username", ["admin", "lixia"])
def test_reveal_gives_the_clear_value_and_is_audited(demo: Database, username: str) -> None:
    signin.sign_in(demo, username, DEMO_PASSWORD)
    users = ids(demo)
    before = audit_count(demo)
    for name, phone in PHONES.items():
        assert reveal(demo, "user_account", users[name], "phone") == phone
    assert audit_count(demo) == before + len(PHONES)
    with demo.read() as session:
        reveals = list(session.execute(
            select(AuditEntry.actor, AuditEntry.table_name, AuditEntry.row_id, AuditEntry.detail)
            .where(AuditEntry.action == "reveal").order_by(AuditEntry.seq)))
    assert len(reveals) == len(PHONES)
    for (actor, table, row_id, detail), name in zip(reveals, PHONES):
        assert (actor, table, row_id) == (username, "user_account", users[name])
        assert json.loads(detail) == {"field": "phone"}
        assert PHONES[name] not in detail  # the log says who looked, not what they saw


def test_revealing_an_empty_value(demo: Database) -> None:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    with demo.write() as session:
        session.get(UserAccount, ids(demo)["chenjun"]).phone_sealed = None  # type: ignore[union-attr]
    assert reveal(demo, "user_account", ids(demo)["chenjun"], "phone") == ""


@pytest.mark.parametrize(("table", "field"), [("user_account", "id_number"), ("user_account", "password_hash"),
                                              ("person", "phone"), ("", "")])
def test_unknown_table_or_field(demo: Database, table: str, field: str) -> None:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    before = audit_count(demo)
    with pytest.raises(NotFoundError):
        reveal(demo, table, ids(demo)["admin"], field)
    assert audit_count(demo) == before


def test_unknown_record(demo: Database) -> None:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    before = audit_count(demo)
    with pytest.raises(NotFoundError):
        reveal(demo, "user_account", "no-such-row", "phone")
    assert audit_count(demo) == before


def test_reveal_needs_the_unlocked_key(demo: Database) -> None:
    assert demo.vault is None
    before = audit_count(demo)
    with pytest.raises(Locked):
        reveal(demo, "user_account", ids(demo)["admin"], "phone")
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    signin.sign_out(demo)
    after_sign_out = audit_count(demo)
    with pytest.raises(Locked):
        reveal(demo, "user_account", ids(demo)["admin"], "phone")
    assert audit_count(demo) == after_sign_out > before  # the refused reveals left nothing


@pytest.mark.parametrize("username", ["wangfang", "zhaolei"])
def test_roles_without_the_right_cannot_reveal(demo: Database, username: str) -> None:
    signin.sign_in(demo, username, DEMO_PASSWORD)
    before = audit_count(demo)
    with pytest.raises(PermissionDenied):
        reveal(demo, "user_account", ids(demo)["admin"], "phone")
    assert audit_count(demo) == before


@pytest.mark.parametrize(("table", "field"), [("case_file", "problem"), ("case_service_record", "content"),
                                              ("client", "notes")])
def test_narratives_are_not_revealed_here(demo: Database, table: str, field: str) -> None:
    """A case's text is shown by the case services, which check whose case it is; reveal would not."""
    assert find(table, field) is not None  # sealed, so only the rule below refuses it
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    with demo.read() as session:
        model = find(table, field).model  # type: ignore[union-attr]
        row_id = session.scalar(select(model.id).limit(1))
    before = audit_count(demo)
    with pytest.raises(NotFoundError):
        reveal(demo, table, row_id, field)
    assert audit_count(demo) == before
