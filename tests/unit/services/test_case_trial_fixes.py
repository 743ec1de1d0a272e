"""What a trial user found in the case files (issue 5, T5c): starting the service with no plan on file says
so, the case paper dates the intake by the opening date, and a duration typed in full-width digits counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from case_testing import OPENED, TODAY, as_user, open_case, walk
from desktop.domain.case_workflow import Stage
from desktop.services import case_service_records, case_summary, cases
from desktop.services.case_service_records import RecordInput
from desktop.storage.database import Database
from wushe_testing import DemoTemplate, open_copy, refusal


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "lixia")
    yield db
    db.close()


def test_starting_the_service_without_a_plan_asks_for_one(demo: Database) -> None:
    case = open_case(demo)
    walk(demo, case.id, Stage.PLAN, ready=False)
    refused = refusal(demo, lambda session: cases.move(session, case.id, "serve"))
    assert (refused.field, refused.message) == ("plan", "There is no service plan yet: draw one up first, with its "
                                                        "goals.")
    # a step the stage does not allow is refused for that first, whatever is on file
    assert refusal(demo, lambda session: cases.move(session, case.id, "close")).field == "action"


def test_the_case_paper_dates_the_intake_by_the_opening_date(demo: Database) -> None:
    case = open_case(demo)  # opened 60 days ago, entered today
    walk(demo, case.id, Stage.SERVICE)
    with demo.read() as session:
        history = case_summary.case_summary(session, case.id).history
    assert [line.on for line in history] == [OPENED, TODAY, TODAY, TODAY]


def test_a_duration_in_full_width_digits_counts(demo: Database) -> None:
    case = open_case(demo)
    walk(demo, case.id, Stage.SERVICE)
    with demo.write() as session:
        record = case_service_records.add_service_record(session, case.id, RecordInput(
            TODAY, "home_visit", "９０", "入户探访"))
    assert record.minutes == 90
