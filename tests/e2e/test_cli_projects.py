"""``wushe rounds list|summary`` and ``wushe projects list|show|move|delete`` on the demo station's round, run in
this process as the station head (or another demo user); refusals are one line and exit 2."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from case_testing import as_user
from cli_testing import sign_in_env, wushe
from desktop.cli.main import main
from desktop.domain.project_budget import BudgetLine
from desktop.domain.project_workflow import Status
from desktop.services.demo_projects import DEMO_PROPOSALS, ROUND_NAME
from desktop.storage.opening import open_database
from project_testing import budget, make_proposal, make_round, walk_project

AMOUNT = re.compile(r"[0-9]+\.[0-9]{2}")
ROUND = ROUND_NAME.format(year=date.today().year)


@pytest.fixture
def db(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return demo_file


def test_rounds_list_and_the_summary(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (found,) = json.loads(wushe(capsys, db, "rounds", "list", "--json"))
    assert (found["name"], found["pool"], found["rules"]["max_grant"], found["projects"]) == (
        ROUND, "200000.00", "30000.00", len(DEMO_PROPOSALS))
    assert found["approved"] == "52700.00" and found["pool_left"] == "147300.00"
    assert sorted(found["reviewers"]) == sorted(["陈俊", "赵磊"]) and sum(c["weight"] for c in found["criteria"]) == 100
    assert json.loads(wushe(capsys, db, "rounds", "list", "--year", "2000", "--json")) == []
    out = tmp_path / "summary.xlsx"
    assert wushe(capsys, db, "rounds", "summary", "--round", ROUND, "--out", str(out)).strip() == f"Wrote {out}."
    assert zipfile.is_zipfile(out)
    missing = wushe(capsys, db, "rounds", "summary", "--round", "没有的批次", "--out", str(out), expect=2)
    assert missing.strip() == "Error: No round is named “没有的批次”."


def test_projects_list_with_amounts_as_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(wushe(capsys, db, "projects", "list", "--round", ROUND, "--json"))
    assert len(rows) == len(DEMO_PROPOSALS)
    assert set(rows[0]) == {"id", "number", "title", "status", "applicant", "community", "round", "requested",
                            "matching", "approved"}
    assert all(AMOUNT.fullmatch(r["requested"]) and AMOUNT.fullmatch(r["matching"]) for r in rows)
    running = json.loads(wushe(capsys, db, "projects", "list", "--status", "running", "--json"))
    assert {r["title"] for r in running} == {d.title for d in DEMO_PROPOSALS if d.stage == "running"}
    assert {r["approved"] for r in running} == {"28000.00", "24700.00"}
    table = wushe(capsys, db, "projects", "list", "--status", "in_review").splitlines()
    assert table[0].split()[:3] == ["Number", "Title", "Status"] and len(table) == 3
    assert all("In review (评审中)" in line for line in table[1:])


def test_show_and_move(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = next(r for r in json.loads(wushe(capsys, db, "projects", "list", "--json")) if r["status"] == "draft")
    shown = json.loads(wushe(capsys, db, "projects", "show", draft["number"], "--json"))
    assert shown["project"] == draft and len(shown["detail"]["budget"]) == 4
    assert shown["detail"]["history"][0]["action"] == "create"
    text = wushe(capsys, db, "projects", "show", draft["number"])
    assert "邻里互助手册" in text and "Proposal written" in text and "19900.00" in text
    assert "Areas (项目领域)" in text
    refused = wushe(capsys, db, "projects", "move", draft["number"], "approve", expect=2)
    assert refused.startswith("Error: A project at “Draft (草稿)” cannot take the step")  # no field to name
    moved = wushe(capsys, db, "projects", "move", draft["number"], "submit")
    assert moved.strip() == f"Project {draft['number']} is now at “Submitted (已申报)”."
    assert wushe(capsys, db, "projects", "move", draft["number"], "withdraw", expect=2).startswith("Error: --reason:")
    back = json.loads(wushe(capsys, db, "projects", "move", draft["number"], "withdraw", "--reason", "补充材料",
                            "--json"))
    assert back["status"] == "draft"
    missing = wushe(capsys, db, "projects", "show", "创投-1999-0001", expect=2)
    assert missing.strip() == "Error: No project has the number 创投-1999-0001."


def proposal_at(path: Path, status: Status, lines: tuple[BudgetLine, ...] = budget()) -> str:
    """The number of a proposal of a new round, written through the services and taken to ``status``."""
    db = as_user(open_database(path), "admin")
    try:
        with db.write() as session:
            project = make_proposal(session, make_round(session).id, budget=lines)
        return walk_project(db, project.id, status).number
    finally:
        db.close()


def test_approving_sets_the_amount_with_the_step(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number = json.loads(wushe(capsys, db, "projects", "list", "--status", "in_review", "--json"))[0]["number"]
    requested = Decimal(json.loads(wushe(capsys, db, "projects", "show", number, "--json"))["project"]["requested"])
    refused = wushe(capsys, db, "projects", "move", number, "approve", expect=2)
    assert refused.strip() == "Error: --amount: Set an approved amount within the request and the round's pool."
    for amount, words in (("两万", "“两万” is not an amount"), (str(requested + 1), "request")):
        told = wushe(capsys, db, "projects", "move", number, "approve", "--amount", amount, expect=2)
        assert told.startswith("Error: --amount: ") and words in told
    wrong = wushe(capsys, db, "projects", "move", number, "reject", "--reason", "不符合", "--amount", "100", expect=2)
    assert wrong.strip() == "Error: --amount: Only approving sets an amount; leave out --amount."
    moved = json.loads(wushe(capsys, db, "projects", "move", number, "approve", "--amount", "20000", "--json"))
    assert (moved["status"], moved["approved"]) == ("approved", "20000.00")


def test_the_amount_and_the_step_are_one_write(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number = proposal_at(db, Status.IN_REVIEW)  # no reviewer has scored it: approving is refused
    refused = wushe(capsys, db, "projects", "move", number, "approve", "--amount", "1000", expect=2)
    assert refused.startswith("Error: ") and "review" in refused and "reviews_done" not in refused
    shown = json.loads(wushe(capsys, db, "projects", "show", number, "--json"))["project"]
    assert (shown["status"], shown["approved"]) == ("in_review", None)  # the amount went with the refused step


def test_a_refusal_about_a_budget_line_prints_no_field_name(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fee = BudgetLine("other", "项目管理费", "项", 10000, Decimal(1))
    number = proposal_at(db, Status.DRAFT, (*budget(), fee))
    refused = wushe(capsys, db, "projects", "move", number, "submit", expect=2)
    assert refused.startswith("Error: Line 4: no management fee may be charged") and "lines." not in refused


def test_delete_takes_a_draft_only(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft, submitted = proposal_at(db, Status.DRAFT), proposal_at(db, Status.SUBMITTED)
    refused = wushe(capsys, db, "projects", "delete", "--project", submitted, expect=2)
    assert refused.startswith(f"Error: Only a draft can be deleted; project {submitted} is at “Submitted (已申报)”.")
    assert "withdraw it, or terminate the project, instead" in refused
    gone = json.loads(wushe(capsys, db, "projects", "delete", "--project", draft, "--json"))
    assert (gone["deleted"]["number"], gone["deleted"]["status"]) == (draft, "draft")
    assert draft not in {row["number"] for row in json.loads(wushe(capsys, db, "projects", "list", "--json"))}
    missing = wushe(capsys, db, "projects", "delete", "--project", draft, expect=2)
    assert missing.strip() == f"Error: No project has the number {draft}."


def test_delete_takes_the_number_as_show_and_move_do(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = proposal_at(db, Status.DRAFT), proposal_at(db, Status.DRAFT)
    assert wushe(capsys, db, "projects", "delete", first).strip().startswith(f"Draft {first} “")
    gone = json.loads(wushe(capsys, db, "projects", "delete", "--project", second, "--json"))  # the older form
    assert gone["deleted"]["number"] == second
    for args, problem in (((first, "--project", second), "not allowed with"), ((), "required")):
        with pytest.raises(SystemExit) as usage:  # argparse's own refusal, with the usage line
            main(["--db", str(db), "projects", "delete", *args])
        assert usage.value.code == 2 and problem in capsys.readouterr().err
