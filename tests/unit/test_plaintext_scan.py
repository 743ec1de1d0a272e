"""No sealed value leaks in the clear: not in the database file, its WAL, the backups or the logs.

The sensitive values are found generically, from every column declared ``info={"sealed": …}``, so a
new sensitive column is covered as soon as it is declared, and an empty declaration list fails. The
demo's case narratives and client notes are also looked for as the demo wrote them, so a narrative
kept in a plain column is caught even though no sealed column holds it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from wushe_testing import DEMO_PASSWORD
from desktop import __version__
from desktop.errors import WusheError
from desktop.logs import configure_logging
from desktop.paths import backups_dir, logs_dir
from desktop.services import accounts, maintenance, privacy, signin
from desktop.services.demo import DEMO_HEAD, DEMO_USERS, load_demo
from desktop.services.demo_cases import DEMO_CASES, STORIES
from desktop.services.demo_clients import DEMO_CLIENTS
from desktop.services.demo_volunteers import DEMO_VOLUNTEERS
from desktop.storage.database import Database
from desktop.storage.models import UserAccount
from desktop.storage.opening import open_database
from desktop.storage.sealed import sealed_columns
from desktop.sync import peers

DEMO_PHONES = {DEMO_HEAD[2], *(phone for _u, _n, _r, phone in DEMO_USERS)}
# The demo volunteers' ID numbers and mobile numbers (sealed, and found in the clear nowhere).
DEMO_VOLUNTEER_SECRETS = {d.id_number(n) for n, d in enumerate(DEMO_VOLUNTEERS)} | {d.phone for d in DEMO_VOLUNTEERS
                                                                                   if d.phone}
# What the demo writes about its clients in words: notes on them and their households, and the stories
# of their cases (problem, assessment, goals, service records, feedback, closing summary).
DEMO_CLIENT_NOTES = {d.notes for d in DEMO_CLIENTS if d.notes} | {m.notes for d in DEMO_CLIENTS for m in d.members
                                                                   if m.notes}
DEMO_PROBLEMS = {story.problem for story in STORIES.values()}
DEMO_RECORDS = {text for story in STORIES.values() for _kind, _minutes, *texts in story.records for text in texts}
DEMO_NARRATIVES = DEMO_CLIENT_NOTES | DEMO_PROBLEMS | DEMO_RECORDS | {
    text for story in STORIES.values()
    for text in (story.strengths, story.feedback, story.summary, *story.goals, *(notes for *_a, notes in story.areas))
    if text}


@pytest.fixture
def logging_to_file(tmp_path: Path) -> Iterator[Path]:
    """The app's log file beside the database; the handler is taken off again afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    db_path = tmp_path / "node" / "wushe.db"
    configure_logging(db_path, logging.DEBUG)
    yield db_path
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def clear_values(db: Database) -> dict[str, list[str]]:
    """Every non-null sealed value of every declared sealed column, opened with the signed-in key."""
    assert db.vault is not None
    found: dict[str, list[str]] = {}
    with db.read() as session:
        for sealed in sealed_columns():
            key = sealed.model.__table__.primary_key.columns.values()[0]  # type: ignore[attr-defined]
            rows = session.execute(select(key, sealed.column).where(sealed.column.is_not(None))).all()
            for row_id, value in rows:
                assert isinstance(value, bytes)
                found.setdefault(f"{sealed.table}.{sealed.field}", []).append(
                    db.vault.open(sealed.table, row_id, sealed.field, value))
    return found


def needles(value: str) -> set[bytes]:
    forms = {value, value.replace(" ", ""), value.replace("-", ""), value.replace(" ", "").replace("-", "")}
    return {form.encode("utf-8") for form in forms if form}


def files_to_scan(db_path: Path) -> list[Path]:
    files = [p for p in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm"))
             if p.exists()]
    for folder in (backups_dir(db_path), logs_dir(db_path)):
        files += sorted(p for p in folder.rglob("*") if p.is_file())
    return files


SEPARATORS = re.compile(rb"[ \t\-]+")


def hits(files: list[Path], values: set[str]) -> list[str]:
    """Each value as stored, without spaces or dashes, and written with them (``139 8345 1276``)."""
    found = []
    for path in files:
        data = path.read_bytes()
        compact = SEPARATORS.sub(b"", data)
        for value in values:
            for needle in needles(value):
                if needle in data or (len(needle) >= 6 and SEPARATORS.sub(b"", needle) in compact):
                    found.append(f"{value!r} in {path.name}")
    return found


def test_there_are_sealed_columns_to_check() -> None:
    columns = sealed_columns()
    assert columns, "no sealed columns are declared: the scan below would check nothing"
    assert ("user_account", "phone") in {(c.table, c.field) for c in columns}


def test_the_scanner_finds_a_planted_value(tmp_path: Path) -> None:
    planted = tmp_path / "planted.bin"
    planted.write_bytes(b"\x00junk 139 8345 1276 junk\x00")
    assert hits([planted], {"139 8345 1276"})
    planted.write_bytes(b"\x00junk13983451276junk\x00")
    assert hits([planted], {"139-8345-1276"})
    planted.write_bytes(b"\x00junk 139-8345 1276 junk\x00")
    assert hits([planted], {"13983451276"})
    assert not hits([planted], {"13983451277"})


def test_no_sealed_value_is_stored_or_logged_in_the_clear(logging_to_file: Path) -> None:
    db_path = logging_to_file
    log = logging.getLogger("desktop.ui.application")
    tasks_log = logging.getLogger("desktop.ui.tasks")
    log.info("Wushe Desk %s starting on %s", __version__, db_path)
    db = open_database(db_path)
    try:
        load_demo(db, DEMO_PASSWORD)
        signin.sign_out(db)

        # the sign-in window as the app drives it: failures are logged with their message
        for username, password in (("lixia", "wrong-pass-1"), ("nobody", DEMO_PASSWORD)):
            try:
                signin.sign_in(db, username, password)
            except WusheError as exc:
                tasks_log.info("%s: %s", "Signing in…", exc)
        signin.sign_in(db, "admin", DEMO_PASSWORD)
        with db.read() as session:
            users = accounts.list_users(session)
            lixia = session.scalar(select(UserAccount.id).where(UserAccount.username == "lixia"))
        assert lixia is not None
        with db.write() as session:  # a reveal is audited: the entry must not carry the value
            privacy.reveal(session, "user_account", lixia, "phone")
        try:  # a refused edit: the error message must not echo a sensitive value either
            with db.write() as session:
                accounts.update_user(session, lixia, "李霞", "caseworker", "139-8345-12")
        except WusheError as exc:
            tasks_log.info("%s: %s", "Saving…", exc)
        log.info("signed in as %s (%s); %d users", db.principal.username, db.principal.role, len(users))

        maintenance.backup(db)  # into the rotated backups folder
        maintenance.backup(db, out=backups_dir(db_path) / "manual-copy.db")

        opened = clear_values(db)
        values = {v for column in opened.values() for v in column}
        assert all(values), opened
        assert DEMO_PHONES <= values  # at least the five demo mobile numbers
        assert DEMO_VOLUNTEER_SECRETS <= values
        # every demo case's problem, the service records, the client notes: sealed, so opened here
        assert len(opened["case_file.problem"]) == len(DEMO_CASES) and set(opened["case_file.problem"]) <= DEMO_PROBLEMS
        assert DEMO_RECORDS & set(opened["case_service_record.content"])
        assert DEMO_CLIENT_NOTES <= values
        assert sum(len(column) for column in opened.values()) >= len(DEMO_PHONES)
        with db.read() as session:  # the node's private keys: sealed under the data key like a field
            private_keys = [peers.signing_key(session).private_bytes_raw(),
                            peers.encryption_key(session).private_bytes_raw()]

        for handler in logging.getLogger().handlers:
            handler.flush()
        files = files_to_scan(db_path)
        names = {p.name for p in files}
        assert "wushe.db" in names and "wushe.log" in names and "manual-copy.db" in names
        assert any(n.endswith("-manual.db") for n in names)
        assert logs_dir(db_path).joinpath("wushe.log").read_text(encoding="utf-8").count("Signing in") == 2
        assert hits(files, values) == []
        assert hits(files, DEMO_NARRATIVES) == []
        assert hits(files, {key.hex() for key in private_keys}) == []
        assert [path.name for path in files for key in private_keys if key in path.read_bytes()] == []
    finally:
        db.close()
    assert hits(files_to_scan(db_path), values) == []  # and after the WAL is folded back in
