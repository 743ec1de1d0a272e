"""The account and audit commands as a script would drive them: signing in through WUSHE_USER /
WUSHE_PASSWORD, managing users, refusals by role, the audit chain, the recovery code and restore."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from wushe_testing import DemoTemplate, build_demo
from desktop.services.demo import DEMO_USERS

PASSWORD = "Qingshan-2026"
CODE = re.compile(r"[0-9A-Z]{5}(?:-[0-9A-Z]{5}){5}")



@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    return build_demo(tmp_path_factory.mktemp("cli-accounts-template") / "wushe.db", PASSWORD)


@pytest.fixture
def db(template: DemoTemplate, tmp_path: Path) -> Path:
    path = tmp_path / "node" / "wushe.db"
    path.parent.mkdir()
    shutil.copy(template.path, path)
    return path


def wushe(db: Path, *args: str, user: str | None = "admin", password: str | None = PASSWORD,
          check: bool = True, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WUSHE_LOCALE": "en", "QT_QPA_PLATFORM": "offscreen", **extra_env}
    for name in ("WUSHE_DB", "WUSHE_USER", "WUSHE_PASSWORD", "WUSHE_NEW_PASSWORD", "WUSHE_BACKUP_PASSWORD"):
        if name not in extra_env:
            env.pop(name, None)
    if user is not None:
        env["WUSHE_USER"] = user
    if password is not None:
        env["WUSHE_PASSWORD"] = password
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--db", str(db), *args],
                            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    if check and result.returncode != 0:
        raise AssertionError(f"wushe {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


def one_line_error(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def audit_rows(db: Path, sql: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, args).fetchall()


def test_a_database_with_accounts_needs_a_user(db: Path) -> None:
    one_line_error(wushe(db, "users", "list", user=None, password=None, check=False), "--user")


def test_wrong_password_or_unknown_user(db: Path) -> None:
    wrong = one_line_error(wushe(db, "users", "list", password="Qingshan-2027", check=False),
                           "Wrong user name or password")
    unknown = one_line_error(wushe(db, "users", "list", user="nobody", check=False))
    assert wrong == unknown


def test_users_list_json(db: Path) -> None:
    users = json.loads(wushe(db, "users", "list", "--json").stdout)
    assert len(users) == 5
    by_name = {u["username"]: u for u in users}
    assert set(by_name) == {"admin", *(name for name, _n, _r, _p in DEMO_USERS)}
    assert by_name["admin"]["role"] == "admin" and by_name["zhaolei"]["role"] == "viewer"
    assert by_name["lixia"]["phone"] == "13983451276"  # the head sees full numbers
    assert not {"password_hash", "wrapped_key", "kek_salt", "phone_sealed"} & set(users[0])


def test_users_add_then_sign_in(db: Path) -> None:
    out = wushe(db, "users", "add", "--username", "liuyang", "--name", "刘洋", "--role", "caseworker",
                "--phone", "139 8345 0000", "--password", "Temp-pass-42")
    assert "liuyang" in out.stdout
    users = json.loads(wushe(db, "users", "list", "--json", user="liuyang", password="Temp-pass-42").stdout)
    assert len(users) == 6
    me = next(u for u in users if u["username"] == "liuyang")
    assert (me["role"], me["phone"], me["must_change_password"]) == ("caseworker", "13983450000", True)
    assert audit_rows(db, "SELECT actor FROM audit_log WHERE action = 'user.add' ORDER BY seq DESC LIMIT 1") == [
        ("admin",)]


def test_users_add_refuses_bad_input_naming_the_flag(db: Path) -> None:
    one_line_error(wushe(db, "users", "add", "--username", "lixia", "--name", "又一个", "--role", "viewer",
                         "--password", "Temp-pass-42", check=False), "--username", "taken")


def test_a_viewer_may_not_add_users_or_make_backups(db: Path, tmp_path: Path) -> None:
    before = audit_rows(db, "SELECT count(*) FROM audit_log")
    one_line_error(wushe(db, "users", "add", "--username", "liuyang", "--name", "刘洋", "--role", "caseworker",
                         "--password", "Temp-pass-42", user="zhaolei", check=False),
                   "Viewer (read only)", "may not manage user accounts")
    out = tmp_path / "viewer.db"
    one_line_error(wushe(db, "backup", "--out", str(out), user="zhaolei", check=False),
                   "Viewer (read only)", "may not make backups")
    assert not out.exists()
    after = audit_rows(db, "SELECT count(*) FROM audit_log")
    assert after[0][0] == before[0][0] + 2  # only the viewer's two sign-ins
    assert audit_rows(db, "SELECT count(*) FROM user_account") == [(5,)]


def test_reset_password_and_disable(db: Path) -> None:
    out = wushe(db, "users", "reset-password", "lixia", "--password", "Temp-pass-42")
    assert "lixia" in out.stdout
    one_line_error(wushe(db, "users", "list", user="lixia", check=False), "Wrong user name or password")
    users = json.loads(wushe(db, "users", "list", "--json", user="lixia", password="Temp-pass-42").stdout)
    assert next(u for u in users if u["username"] == "lixia")["must_change_password"]

    assert "chenjun" in wushe(db, "users", "disable", "chenjun").stdout
    one_line_error(wushe(db, "users", "list", user="chenjun", check=False), "disabled")
    one_line_error(wushe(db, "users", "disable", "admin", check=False), "your own account")


def test_audit_verify_and_tampering(db: Path) -> None:
    out = wushe(db, "audit", "verify", "--json")
    report = json.loads(out.stdout)
    assert report["ok"] and report["first_broken_seq"] is None and report["entries"] > 10
    seq = audit_rows(db, "SELECT seq FROM audit_log WHERE action = 'user.add' ORDER BY seq LIMIT 1 OFFSET 2")[0][0]
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?", (seq,))
    broken = wushe(db, "audit", "verify", check=False)
    assert broken.returncode == 1
    assert f"entry {seq}" in broken.stdout


def test_audit_list_by_actor(db: Path) -> None:
    # The demo has lixia propose a disbursement; signing in adds one entry of hers.
    wushe(db, "users", "list", user="lixia")
    entries = json.loads(wushe(db, "audit", "list", "--json", "--actor", "lixia").stdout)
    assert entries and {e["actor"] for e in entries} == {"lixia"}
    assert [e["action"] for e in entries] == ["login", "insert"]  # newest first
    assert len(entries) == len(audit_rows(db, "SELECT seq FROM audit_log WHERE actor = 'lixia'")) == 2


def test_recovery_code_sheet(db: Path, template: DemoTemplate, tmp_path: Path) -> None:
    sheet = tmp_path / "recovery.pdf"
    out = wushe(db, "users", "recovery-code", "--out", str(sheet))
    codes = CODE.findall(out.stdout)
    assert len(codes) == 1 and codes[0] != template.recovery_code
    assert sheet.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    groups = codes[0].split("-")
    assert set(groups) <= set(re.split(r"[\s-]+", text))  # no group is split across lines
    assert codes[0].replace("-", "") in "".join(text.split()).replace("-", "")  # and they are in order


def test_restore_with_the_recovery_code(db: Path, template: DemoTemplate, tmp_path: Path) -> None:
    backup = tmp_path / "before.db"
    wushe(db, "backup", "--out", str(backup))
    wushe(db, "users", "disable", "chenjun")  # a change after the backup
    wrong = wushe(db, "restore", str(backup), "--recovery-code", "7QF2K-10ABC-D0E1F-GH01J-KMNPQ-RSTVW", check=False)
    one_line_error(wrong, "This backup is protected", "recovery code")
    assert audit_rows(db, "SELECT disabled_at IS NOT NULL FROM user_account WHERE username = 'chenjun'") == [(1,)]

    typed = template.recovery_code.lower()
    out = wushe(db, "restore", str(backup), "--recovery-code", typed)
    assert "Restored" in out.stdout
    assert audit_rows(db, "SELECT disabled_at IS NULL FROM user_account WHERE username = 'chenjun'") == [(1,)]
    assert audit_rows(db, "SELECT actor FROM audit_log WHERE action = 'backup.restore'") == [("admin",)]
