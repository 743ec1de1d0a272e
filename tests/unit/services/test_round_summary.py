"""The round summary workbook, read back with python-calamine cell by cell."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop.domain.project_workflow import Status
from desktop.errors import ValidationError
from desktop.i18n import set_locale
from desktop.services import projects, reviews, round_summary, signin
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from project_testing import acting, make_proposal, make_round, review, walk_project
from wushe_testing import DEMO_PASSWORD

RUBRIC = ["Need and necessity (20)", "Design and goals (25)", "Feasibility and schedule (15)",
          "Budget soundness (15)", "Team capacity (15)", "Innovation and sustainability (10)"]


@pytest.fixture
def head(demo: Database) -> Database:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    return demo


def in_review(db: Database, round_id: str) -> projects.ProjectView:
    with db.write() as session:
        view = make_proposal(session, round_id)
    walk_project(db, view.id, Status.IN_REVIEW)
    return view


@pytest.fixture
def reviewed(head: Database) -> tuple[str, list[projects.ProjectView]]:
    """A round of 200,000 yuan: ``second`` scores 80 from both reviewers, ``first`` 90 and 75 (82.5),
    with chenjun's comment and opinion; ``unscored`` has no sheet in. Each asks 20,000 yuan."""
    with head.write() as session:
        round_id = make_round(session).id
    second, first, unscored = (in_review(head, round_id) for _n in range(3))
    review(head, second.id, score="80")
    with acting(head, "chenjun"), head.write() as session:
        sheet = reviews.my_sheet(session, first.id)
        need = sheet.criteria[0].criterion_id
        reviews.save_scores(session, first.id, {c.criterion_id: Decimal(90) for c in sheet.criteria},
                            {need: "需求调研扎实"}, "建议立项")
        reviews.submit_sheet(session, first.id)
    review(head, first.id, ("zhaolei",), score="75")
    with head.write() as session:
        reviews.set_approved(session, first.id, 1_500_050)
        reviews.set_approved(session, second.id, 2_000_000)
    return round_id, [first, second, unscored]


def cells(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_the_ranking_sheet_has_each_reviewers_score_totals_and_what_the_pool_has_left(
        head: Database, reviewed: tuple[str, list[projects.ProjectView]], tmp_path: Path) -> None:
    round_id, (first, second, unscored) = reviewed
    with head.read() as session:
        path = round_summary.write_summary(session, round_id, tmp_path / "summary.xlsx")
    assert CalamineWorkbook.from_path(str(path)).sheet_names == ["Ranking", "Score details"]
    rows = cells(path, "Ranking")
    # the round's reviewers in its order, the pinyin order of their names: 陈俊 (Chén) then 赵磊 (Zhào)
    assert rows[0] == ["Rank", "Number", "Title", "Applicant", "Community", "Status", "Mean score", "陈俊", "赵磊",
                       "Requested (yuan)", "Approved (yuan)"]
    in_review = "In review (评审中)"
    assert rows[1] == [1.0, first.number, first.title, first.org_name, first.community, in_review, 82.5, 90.0, 75.0,
                       20000.0, 15000.5]
    assert rows[2] == [2.0, second.number, second.title, second.org_name, second.community, in_review, 80.0, 80.0,
                       80.0, 20000.0, 20000.0]
    assert rows[3] == ["", unscored.number, unscored.title, unscored.org_name, unscored.community, in_review, "", "",
                       "", 20000.0, ""]
    assert rows[4:] == [["Total", *[""] * 8, 60000.0, 35000.5], ["Pool", *[""] * 9, 200000.0],
                        ["Pool left", *[""] * 9, 164999.5]]


def test_the_details_sheet_has_a_row_per_submitted_sheet_and_a_column_per_criterion(
        head: Database, reviewed: tuple[str, list[projects.ProjectView]], tmp_path: Path) -> None:
    round_id, (first, second, _unscored) = reviewed
    with head.read() as session:
        path = round_summary.write_summary(session, round_id, tmp_path / "summary.xlsx")
    rows = cells(path, "Score details")
    assert rows[0] == ["Number", "Title", "Reviewer", *RUBRIC, "Weighted score", "Opinion", "Comments",
                       "Submitted on"]
    today = date.today()
    assert rows[1:] == [
        [first.number, first.title, "陈俊", *[90.0] * 6, 90.0, "建议立项", "Need and necessity: 需求调研扎实", today],
        [first.number, first.title, "赵磊", *[75.0] * 6, 75.0, "", "", today],
        [second.number, second.title, "陈俊", *[80.0] * 6, 80.0, "", "", today],
        [second.number, second.title, "赵磊", *[80.0] * 6, 80.0, "", "", today],
    ]


def test_headers_are_in_the_language_of_the_interface(
        head: Database, reviewed: tuple[str, list[projects.ProjectView]], tmp_path: Path) -> None:
    set_locale("zh_CN")
    with head.read() as session:
        path = round_summary.write_summary(session, reviewed[0], tmp_path / "summary.xlsx")
    header = cells(path, CalamineWorkbook.from_path(str(path)).sheet_names[0])[0]
    assert header[1] == "编号" and header[4] == "村（社区）"


def test_only_the_head_writes_it_and_only_as_xlsx(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        round_id = make_round(session).id
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError, match=".xlsx"), head.read() as session:
        round_summary.write_summary(session, round_id, out / "summary.csv")
    with acting(head, "chenjun"), pytest.raises(PermissionDenied), head.read() as session:
        round_summary.write_summary(session, round_id, out / "summary.xlsx")
    assert list(out.iterdir()) == []


def test_a_terminated_grant_shows_its_status_and_what_went_back_to_the_pool(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        round_id = make_round(session).id
        made = make_proposal(session, round_id)
    ended = walk_project(head, made.id, Status.TERMINATED)  # approved 20,000 yuan, paid nothing
    with head.read() as session:
        path = round_summary.write_summary(session, round_id, tmp_path / "summary.xlsx")
    rows = cells(path, "Ranking")
    assert rows[1][1] == ended.number and rows[1][5] == "Terminated (终止)" and rows[1][-1] == 20000.0
    assert rows[2:] == [["Total", *[""] * 8, 20000.0, 20000.0], ["Returned by terminated projects", *[""] * 9, 20000.0],
                        ["Pool", *[""] * 9, 200000.0], ["Pool left", *[""] * 9, 200000.0]]
