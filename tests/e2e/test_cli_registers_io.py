"""``wushe orgs import`` and ``wushe orgs export`` as a script runs them: the report one line per
problem, exit 2 and nothing written while rows have problems, --valid-only, --dry-run, --map, --json,
and exports filtered like ``list`` with phones masked for a viewer."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from messy_workbooks import Grid, org_workbook, workbook
from wushe_testing import DEMO_PASSWORD


@pytest.fixture
def db(demo_file: Path) -> Path:
    return demo_file


def wushe(db: Path, *args: str, user: str = "lixia", code: int = 0) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    env |= {"WUSHE_LOCALE": "en", "WUSHE_USER": user, "WUSHE_PASSWORD": DEMO_PASSWORD}
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--db", str(db), *args],
                            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    return result


def org_count(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM social_org WHERE deleted_at IS NULL").fetchone()[0])


def test_problems_are_listed_and_nothing_is_imported(db: Path, tmp_path: Path) -> None:
    before = org_count(db)
    result = wushe(db, "orgs", "import", str(org_workbook(tmp_path)), code=2)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Columns read: Name ← B 组织名称, Community ← C 村（社区）")
    assert lines[1] == "Columns not imported: A 序号"
    assert lines[2:8] == [
        "社会组织!9 Founded: “2023.13.1” is not a date; write it as 2023-03-08.",
        "社会组织!10 Credit code: The unified social credit code does not match its check character; "
        "it is probably mistyped.",
        "社会组织!11 Community: There is no village or community named 幸福村 in the station's list.",
        "社会组织!12 Category: “体育类” is not one of: Community service, Charity and public welfare, Mutual aid, "
        "Culture and sports, Community governance, Other.",
        "社会组织!13: Repeats row 5 of this sheet.",
        "社会组织!14 Name: 青山社区广场舞队 is already registered in this community.",
    ]
    assert lines[8] == "Sheet 社会组织, header on row 4: 11 rows, 5 valid, 6 with problems."
    assert result.stderr.strip() == ("Error: 6 rows have problems, so nothing was imported. "
                                     "Correct them, or choose to import only the valid rows.")
    assert org_count(db) == before


def test_dry_run_then_valid_only(db: Path, tmp_path: Path) -> None:
    path = org_workbook(tmp_path, ".xls")
    before = org_count(db)
    dry = json.loads(wushe(db, "orgs", "import", str(path), "--dry-run", "--json", code=2).stdout)
    assert (dry["rows"], dry["valid"], dry["added"], dry["dry_run"]) == (11, 5, 0, True)
    assert [(p["row"], p["column"]) for p in dry["problems"]][:2] == [(9, "Founded"), (10, "Credit code")]
    assert org_count(db) == before
    result = wushe(db, "orgs", "import", str(path), "--valid-only")
    assert result.stdout.splitlines()[-1] == "Imported 5 rows. Left out 6 rows with problems."
    assert org_count(db) == before + 5


def test_map_reads_a_column_the_header_does_not_name(db: Path, tmp_path: Path) -> None:
    sheet = Grid([["组织", "社区", "类别", "状态", "手机号"], ["双河村护林队", "双河村", "治理类", "备案", "139 2301 4477"]])
    path = workbook(tmp_path, ".ods", {"表": sheet})
    refused = wushe(db, "orgs", "import", str(path), code=2)
    assert refused.stderr.strip() == "Error: --map: No sheet column is read for: Name."
    result = wushe(db, "orgs", "import", str(path), "--map", "name=A", "--map", "leader_phone=", "--json")
    outcome = json.loads(result.stdout)
    assert (outcome["added"], outcome["columns"]["name"], "leader_phone" in outcome["columns"]) == (1, "A 组织", False)
    unknown = wushe(db, "orgs", "import", str(path), "--map", "title=A", code=2)
    assert "No register column is called title; the keys are: name, community" in unknown.stderr


def test_bad_files_and_roles_are_refused_in_one_line(db: Path, tmp_path: Path) -> None:
    missing = wushe(db, "orgs", "import", str(tmp_path / "none.xlsx"), code=2)
    assert missing.stderr.startswith("Error: FILE: No such file:")
    viewer = wushe(db, "orgs", "import", str(org_workbook(tmp_path)), "--valid-only", user="zhaolei", code=2)
    assert viewer.stderr.strip() == (
        "Error: As Viewer (read only) you may not edit the registers; it needs the role of Station head or Social worker.")


def test_export_filters_like_list_and_masks_phones_for_a_viewer(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "备案组织.xlsx"
    result = wushe(db, "orgs", "export", "--status", "filed", "--out", str(out), user="zhaolei")
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert result.stdout.strip() == f"Exported {len(rows) - 1} rows to {out}."
    assert {row[3] for row in rows[1:]} == {"Filed (备案)"} and len(rows) == 7
    phone = rows[0].index("Leader's phone")
    assert all("****" in row[phone] for row in rows[1:])
    wrong = wushe(db, "orgs", "export", "--out", str(tmp_path / "orgs.csv"), code=2)
    assert wrong.stderr.strip() == "Error: --out: The export file name must end in .xlsx."
