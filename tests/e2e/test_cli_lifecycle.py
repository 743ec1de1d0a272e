"""The CLI in a temp folder, as a script or a county clerk would drive it: init → demo → info →
backup → restore → check, plus the one-line errors."""

import json
import sqlite3
from pathlib import Path

import pytest

from wushe_testing import DEMO_PASSWORD, run_wushe


def test_init_demo_info_backup_restore_check(tmp_path: Path) -> None:
    db = tmp_path / "node" / "wushe.db"
    out = run_wushe(db, "init", "--name", "石门镇社会工作服务站", "--kind", "station", "--division", "510104005",
                "--township", "石门镇", "--community", "石门社区,urban,5200", "--community", "新村,rural",
                "--admin-password", DEMO_PASSWORD, "--recovery-pdf", str(tmp_path / "recovery.pdf"))
    assert "石门镇社会工作服务站" in out.stdout and "Recovery code" in out.stdout
    assert (tmp_path / "recovery.pdf").stat().st_size > 1000
    run_wushe(db, "demo")
    info = json.loads(run_wushe(db, "info", "--json").stdout)
    assert info["name"] == "石门镇社会工作服务站" and info["kind"] == "station"
    assert info["schema_revision"] == info["schema_head"]
    assert info["counts"]["community"]["live"] == 12  # two of ours and ten of the demo
    communities = json.loads(run_wushe(db, "communities", "list", "--json").stdout)
    assert {"石门社区", "新村", "青山社区"} <= {c["name"] for c in communities}

    backup = tmp_path / "before.db"
    assert json.loads(run_wushe(db, "backup", "--out", str(backup), "--json").stdout)["path"] == str(backup)
    with sqlite3.connect(db) as conn:  # a change made after the backup, by another tool
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE community SET deleted_at = '2026-01-01 00:00:00' WHERE name = '新村'")
    run_wushe(db, "restore", str(backup))
    names = {c["name"] for c in json.loads(run_wushe(db, "communities", "list", "--json").stdout)}
    assert "新村" in names
    listed = json.loads(run_wushe(db, "backup", "--list", "--json").stdout)
    assert any(b["reason"] == "prerestore" for b in listed)

    check = json.loads(run_wushe(db, "check", "--json").stdout)
    assert check == {"ok": True, "faults": [], "audit_entries": check["audit_entries"]}
    assert check["audit_entries"] >= 15


def test_check_exits_1_on_a_broken_audit_chain(tmp_path: Path) -> None:
    db = tmp_path / "wushe.db"
    run_wushe(db, "demo", "--admin-password", DEMO_PASSWORD)
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    result = run_wushe(db, "check", check=False)
    assert result.returncode == 1
    assert "3" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["init", "--name", "站", "--kind", "station", "--division", "12"], "--division"),
        (["init", "--name", " ", "--kind", "station", "--division", "510104"], "--name"),
        (["init", "--name", "站", "--kind", "station", "--division", "510104", "--community", "甲,town"],
         "--community"),
        (["restore", "/nonexistent/backup.db"], "No such file"),
        (["screenshot", "--page", "nowhere", "--out", "x.png"], "--page"),
    ],
)
def test_errors_are_one_clear_line(tmp_path: Path, args: list[str], expected: str) -> None:
    result = run_wushe(tmp_path / "wushe.db", *args, check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.stderr


def test_init_twice_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "wushe.db"
    run_wushe(db, "init", "--name", "甲站", "--kind", "station", "--division", "510104", "--admin-password", DEMO_PASSWORD)
    result = run_wushe(db, "init", "--name", "乙站", "--kind", "station", "--division", "510104", check=False)
    assert result.returncode == 2 and "甲站" in result.stderr


def test_messages_are_chinese_by_default(tmp_path: Path) -> None:
    result = run_wushe(tmp_path / "wushe.db", "init", "--name", "站", "--kind", "station", "--division", "1",
                   check=False, locale="zh_CN")
    assert result.returncode == 2 and "错误" in result.stderr


def test_restore_refuses_a_foreign_file_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "wushe.db"
    run_wushe(db, "demo", "--admin-password", DEMO_PASSWORD)
    before = run_wushe(db, "communities", "list", "--json").stdout
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = run_wushe(db, "restore", str(foreign), check=False)
    assert result.returncode == 2 and "not a Wushe Desk database" in result.stderr
    assert run_wushe(db, "communities", "list", "--json").stdout == before
