"""An import's problems: reported every ``CHECK_STEP`` rows while checked (each report may cancel), and
saved as a workbook a person can sort and filter, a full ID number in it masked."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from desktop.services import imports, org_io, signin
from desktop.services.imports import ERROR, WARNING, Problem
from desktop.storage.database import Database
from messy_workbooks import org_workbook
from wushe_testing import DEMO_PASSWORD


def test_a_check_reports_every_check_step_rows(demo: Database, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(imports, "CHECK_STEP", 3)
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    table = imports.load_table(org_workbook(tmp_path), org_io.IMPORT)
    seen: list[str] = []
    with demo.read() as session:
        imports.validate(session, org_io.IMPORT, table, imports.guess_mapping(org_io.IMPORT, table),
                         lambda _done, _total, text: seen.append(text))
    assert seen == [f"Checking row {row} of 11…" for row in (1, 4, 7, 10)]


def test_the_problems_are_saved_with_their_place_and_severity(tmp_path: Path) -> None:
    problems = [Problem("登记", 4, "", "Repeats row 9 of this sheet."),
                Problem("登记", 6, "ID number", "An old 15-digit ID card number, upgraded to the 18-character "
                        "number 500110194503120317.", WARNING),
                Problem("登记", 7, "Phone", "A mobile number has 11 digits; this one has 10.", ERROR)]
    assert imports.save_problems(tmp_path / "problems.xlsx", problems) == 3
    rows = CalamineWorkbook.from_path(str(tmp_path / "problems.xlsx")).get_sheet_by_index(0).to_python()
    assert rows == [["Place in the sheet", "Column", "Severity", "Problem"],
                    ["登记!4", "", "Error", "Repeats row 9 of this sheet."],
                    ["登记!6", "ID number", "Warning",
                     "An old 15-digit ID card number, upgraded to the 18-character number 5001**********0317."],
                    ["登记!7", "Phone", "Error", "A mobile number has 11 digits; this one has 10."]]
