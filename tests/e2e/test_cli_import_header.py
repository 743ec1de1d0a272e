"""``wushe clients import`` of a register with a row of group cells above its header, run in this process
as 李霞: the header found (or chosen with --header-row), the columns left out named, a 出生年月 column
read, and rows sharing an ID number all left out with --valid-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_testing import sign_in_env, wushe
from grouped_register import BAD, GOOD, grouped_workbook


@pytest.fixture
def db(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "lixia")
    return demo_file


def test_a_dry_run_reads_the_real_header_and_names_the_columns_left_out(db: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = grouped_workbook(tmp_path)
    out = wushe(capsys, db, "clients", "import", str(path), "--dry-run", expect=2, refusal=False)
    lines = out.splitlines()
    assert lines[0].startswith("Columns read: Full name ← A 姓名, ") and "Birth date ← D 出生年月" in lines[0]
    assert lines[1] == "Columns not imported: K 民族"
    assert "台账!8: Repeats row 7 of this sheet." in lines and "台账!7: Repeated by row 8 of this sheet." in lines
    assert "Sheet 台账, header on row 3: 6 rows, 2 valid, 4 with problems." in lines


def test_the_header_row_can_be_chosen(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(grouped_workbook(tmp_path, ".ods"))
    groups = wushe(capsys, db, "clients", "import", path, "--header-row", "2", "--dry-run", expect=2)
    assert groups.strip() == "Error: --map: No sheet column is read for: Full name, Home village or community."
    past = wushe(capsys, db, "clients", "import", path, "--header-row", "30", expect=2)
    assert past.startswith("Error: --header-row: Row 30 of the sheet 台账 is empty or past its end")
    chosen = json.loads(wushe(capsys, db, "clients", "import", path, "--header-row", "3", "--dry-run", "--json",
                              expect=2, refusal=False).split("\nError:")[0])
    assert (chosen["header_row"], chosen["valid"], chosen["unread"]) == (3, 2, ["K 民族"])


def test_valid_only_leaves_out_every_row_sharing_an_id_number(db: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = str(grouped_workbook(tmp_path, ".xls"))
    done = json.loads(wushe(capsys, db, "clients", "import", path, "--valid-only", "--json"))
    assert (done["added"], done["skipped"]) == (len(GOOD), len(BAD))
    listed = {row["name"] for row in json.loads(wushe(capsys, db, "clients", "list", "--search", "刘", "--json"))}
    assert set(GOOD.values()) <= listed and not set(BAD.values()) & listed
