"""``wushe workers|donors|volunteers import|export`` as a script runs them: the same options as the
organisations', the consent stated for a whole file of volunteers, warnings in the report, and exports
filtered like ``list`` with ID numbers masked for everyone."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from messy_workbooks import workbook
from people_workbooks import WORKER_BAD, WORKER_GOOD, consentless_grid, donor_grid, volunteer_grid, worker_grid
from wushe_testing import run_wushe


@pytest.fixture
def db(demo_file: Path) -> Path:
    return demo_file


def live(db: Path, table: str) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0])


def sheet_rows(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_volunteers_without_consent_columns_need_both_consent_flags(db: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path, ".xlsx", {"志愿者": consentless_grid()})
    before = live(db, "volunteer")
    refused = run_wushe(db, "volunteers", "import", str(path), user="lixia", check=False)
    assert refused.returncode == 2 and "2 rows have problems, so nothing was imported" in refused.stderr
    assert "志愿者!2 Consent date: An ID number or phone needs the person's consent" in refused.stdout
    half = run_wushe(db, "volunteers", "import", str(path), "--consent-date", "2024-05-01", user="lixia", check=False)
    assert half.returncode == 2 and half.stderr.startswith("Error: --consent-method: Give both --consent-date and")
    future = run_wushe(db, "volunteers", "import", str(path), "--consent-date", "2999-01-01", "--consent-method",
                       "written", user="lixia", check=False)
    assert future.returncode == 2 and future.stderr.startswith("Error: --consent-date: The consent date is in")
    assert live(db, "volunteer") == before
    done = run_wushe(db, "volunteers", "import", str(path), "--consent-date", "2024-05-01", "--consent-method",
                     "written", user="lixia")
    assert done.stdout.splitlines()[-1] == "Imported 3 rows."
    assert live(db, "volunteer") == before + 3


def test_a_volunteer_sheet_reports_errors_and_warnings(db: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path, ".ods", {"志愿者": volunteer_grid()})
    dry = json.loads(run_wushe(db, "volunteers", "import", str(path), "--dry-run", "--json", user="lixia",
                               check=False).stdout)
    assert (dry["rows"], dry["valid"], dry["added"]) == (14, 5, 0)
    assert [(p["row"], p["column"]) for p in dry["problems"] if p["severity"] == "warning"] == [(5, "ID number")]
    text = run_wushe(db, "volunteers", "import", str(path), "--valid-only", user="lixia").stdout
    assert "志愿者!5 ID number: Warning: An old 15-digit ID card number" in text
    assert text.splitlines()[-1] == "Imported 5 rows. Left out 9 rows with problems."


def test_workers_import_and_export_by_community(db: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path, ".xls", {"社工": worker_grid()})
    result = run_wushe(db, "workers", "import", str(path), "--valid-only", "--json", user="lixia")
    outcome = json.loads(result.stdout)
    assert (outcome["added"], outcome["skipped"], outcome["columns"]["communities"]) == (
        len(WORKER_GOOD), len(WORKER_BAD), "J 负责村(社区)")
    out = tmp_path / "石桥村社工.xlsx"
    run_wushe(db, "workers", "export", "--community", "石桥村", "--out", str(out), user="lixia")
    rows = sheet_rows(out)
    assert "钱云" in {row[0] for row in rows[1:]} and all("石桥村" in str(row[9]) for row in rows[1:])
    unknown = run_wushe(db, "workers", "export", "--community", "无此村", "--out", str(out), check=False)
    assert unknown.returncode == 2 and unknown.stderr.startswith("Error: --community: There is no village")
    assert "--consent-date" in run_wushe(db, "volunteers", "import", "--help").stdout
    assert "--consent-date" not in run_wushe(db, "workers", "import", "--help").stdout


def test_donors_import_and_a_viewers_export(db: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path, ".ods", {"资源": donor_grid()})
    refused = run_wushe(db, "donors", "import", str(path), user="zhaolei", check=False)
    assert refused.stderr.strip() == (
        "Error: As Viewer (read only) you may not edit the registers; it needs the role of Station head or Social worker.")
    assert run_wushe(db, "donors", "import", str(path), "--valid-only", user="lixia").stdout.splitlines()[-1] == (
        "Imported 3 rows. Left out 6 rows with problems.")
    out = tmp_path / "资金.xlsx"
    run_wushe(db, "donors", "export", "--offer", "money", "--out", str(out), user="zhaolei")
    rows = sheet_rows(out)
    assert "青山镇惠民药房" in {row[0] for row in rows[1:]}
    assert all("Money" in str(row[7]) and "****" in str(row[5]) for row in rows[1:] if row[5])


def test_volunteer_exports_mask_id_numbers_even_for_the_station_head(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "在册志愿者.xlsx"
    result = run_wushe(db, "volunteers", "export", "--status", "active", "--out", str(out), "--json")
    rows = sheet_rows(out)
    assert json.loads(result.stdout)["rows"] == len(rows) - 1 > 0
    assert all(re.fullmatch(r"\d{4}\*{10}[\dX]{4}", str(row[5])) for row in rows[1:])
    assert {row[13] for row in rows[1:]} == {"Registered (在册)"}
    listed = run_wushe(db, "volunteers", "list", "--status", "active", "--json")
    assert len(json.loads(listed.stdout)) == len(rows) - 1
