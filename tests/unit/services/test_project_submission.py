"""Submitting a proposal checks it against its round as a whole: its areas within the round's, and every
budget rule it breaks reported at once (``ValidationErrors``), in the service and on the command line. A
draft may still be saved with areas the round does not fund."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from case_testing import as_user
from desktop.cli.main import main
from desktop.domain.project_budget import BudgetLine, RoundRules
from desktop.errors import ValidationErrors, each_problem
from desktop.services import projects
from project_testing import budget, make_proposal, make_round
from desktop.storage.database import Database
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy, refusal

FEE = BudgetLine("other", "机构日常开支", "项", 10000, Decimal(1))  # a management fee by another name


@pytest.fixture
def head(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = as_user(open_copy(demo_template.path, tmp_path), "admin")
    yield db
    db.close()


def test_areas_outside_the_rounds_are_saved_in_a_draft_but_refused_at_submission(head: Database) -> None:
    with head.write() as session:
        round_id = make_round(session).id  # funds the elderly and children
        outside = make_proposal(session, round_id, areas=("environment",))
        unset = make_proposal(session, round_id, areas=())
        within = make_proposal(session, round_id, areas=("children", "volunteer"))  # an area besides is fine
    assert outside.status == "draft" and outside.areas == ("environment",)
    refused = refusal(head, lambda s: projects.move(s, outside.id, "submit"))
    assert refused.field == "areas" and not isinstance(refused, ValidationErrors)
    assert refused.message == (f"Round {outside.round_name} funds only Services for the elderly (为老服务) and "
                               "Caring for children (儿童关爱): the proposal is for Environmental protection (环境保护).")
    refused = refusal(head, lambda s: projects.move(s, unset.id, "submit"))
    assert refused.field == "areas" and refused.message.startswith("Choose the project's areas among the round's: ")
    with head.write() as session:
        assert projects.move(session, within.id, "submit").status == "submitted"


def test_a_round_that_names_no_areas_takes_any(head: Database) -> None:
    with head.write() as session:
        project = make_proposal(session, make_round(session, areas=()).id, areas=("environment",))
        assert projects.move(session, project.id, "submit").status == "submitted"


def test_every_problem_is_reported_at_once(head: Database) -> None:
    with head.write() as session:
        project = make_proposal(session, make_round(session, rules=RoundRules(max_grant_fen=1_000_000)).id,
                                areas=("environment",), budget=(*budget(), FEE))
    refused = refusal(head, lambda s: projects.move(s, project.id, "submit"))
    assert isinstance(refused, ValidationErrors)
    found = {problem.field: problem.message for problem in each_problem(refused)}
    assert list(found) == ["areas", "lines.4.item", "requested"]
    assert "management fee" in found["lines.4.item"] and "maximum grant" in found["requested"]
    with head.read() as session:
        assert projects.get(session, project.id).status == "draft"


def test_two_problems_of_one_field_are_both_said(head: Database) -> None:
    both = BudgetLine("other", "办公经费及购车", "项", 10000, Decimal(1))  # a fee and a vehicle on one line
    with head.write() as session:
        project = make_proposal(session, make_round(session).id, budget=(*budget(), both))
    refused = refusal(head, lambda s: projects.move(s, project.id, "submit"))
    assert refused.field == "lines.4.item"
    assert "management fee" in refused.message and "\nLine 4: a grant cannot pay for buildings" in refused.message


def test_the_command_line_prints_each_problem_on_its_own_line(
        head: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with head.write() as session:
        project = make_proposal(session, make_round(session, rules=RoundRules(max_grant_fen=1_000_000)).id,
                                areas=("environment",), budget=(*budget(), FEE))
    for name, value in (("WUSHE_LOCALE", "en"), ("WUSHE_USER", "admin"), ("WUSHE_PASSWORD", DEMO_PASSWORD)):
        monkeypatch.setenv(name, value)
    assert main(["--db", str(head.path), "projects", "move", project.number, "submit"]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert not out and len(lines) == 3 and all(line.startswith("Error: ") for line in lines), err
    assert "funds only" in lines[0] and "management fee" in lines[1] and "maximum grant" in lines[2]
