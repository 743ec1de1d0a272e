"""Projects under way, made through the services once per test module, for the tests of what a
running project records (activities, spending, milestones, evaluations, photos). Each started four
months ago and runs four more; a test works on its own copy of the station, its head signed in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from case_testing import as_user
from desktop.domain.project_workflow import Status
from desktop.services.project_input import PlannedActivityInput
from desktop.services.projects import ProjectView
from desktop.storage.database import Database
from project_testing import TODAY, make_proposal, make_round, walk_project
from wushe_testing import DemoTemplate, open_copy

STARTED = TODAY - timedelta(days=120)
ENDS = TODAY + timedelta(days=120)
PLAN = (PlannedActivityInput("需求调研", STARTED, STARTED + timedelta(days=14), "入户走访 40 户", 4, 40),
        PlannedActivityInput("助餐服务", STARTED + timedelta(days=15), ENDS, "每周两次送餐", 20, 920))


@dataclass(frozen=True)
class Projects:
    """The station file and the ids of its projects at each status made."""

    path: Path
    ids: dict[Status, str]


def project_at(db: Database, status: Status = Status.RUNNING) -> ProjectView:
    """A proposal of 20,000 yuan (24 sessions, 960 person-times, 120 volunteer person-times planned),
    approved in full and taken to ``status``."""
    with db.write() as session:
        view = make_proposal(session, make_round(session).id, starts_on=STARTED, ends_on=ENDS, plan=PLAN)
    return walk_project(db, view.id, status)


@pytest.fixture(scope="module")
def projects_template(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> Projects:
    folder = tmp_path_factory.mktemp("running-projects")
    db = as_user(open_copy(demo_template.path, folder), "admin")
    ids = {status: project_at(db, status).id for status in (Status.APPROVED, Status.RUNNING, Status.MIDTERM,
                                                             Status.CLOSED)}
    db.close()
    return Projects(folder / "wushe.db", ids)


@pytest.fixture
def head(projects_template: Projects, tmp_path: Path) -> Iterator[Database]:
    """A copy of the station with the projects, its head signed in."""
    db = as_user(open_copy(projects_template.path, tmp_path), "admin")
    yield db
    db.close()


@pytest.fixture
def project(projects_template: Projects) -> dict[Status, str]:
    """The ids of the projects in ``head``, by status."""
    return projects_template.ids
