"""``wushe cases list|show|move`` on the demo station, as the social workers and the head run them."""

from __future__ import annotations

import json
from datetime import date
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.demo_cases import DEMO_CASES
from wushe_testing import DEMO_PASSWORD, run_wushe

TODAY = date.today()


@pytest.fixture
def db(demo_file: Path) -> Path:
    return demo_file


def listed(db: Path, *args: str, user: str = "lixia") -> list[dict[str, object]]:
    return json.loads(run_wushe(db, "cases", "list", *args, "--json", user=user).stdout)  # type: ignore[no-any-return]


def test_list_shows_ones_own_cases_with_filters(db: Path) -> None:
    mine = listed(db)
    assert len(mine) == sum(d.worker == "lixia" for d in DEMO_CASES) and {r["worker_name"] for r in mine} == {"李霞"}
    masked = [str(r["id_masked"]) for r in mine if r["id_masked"]]  # as the client register masks them
    assert masked and all(re.fullmatch(r"\d{4}\*{10}[\dX]{4}", number) for number in masked)
    assert len(listed(db, user="admin")) == len(DEMO_CASES)
    overdue = listed(db, "--overdue", "--stage", "open")
    assert overdue and all(r["overdue"] for r in overdue)
    assert {r["stage"] for r in listed(db, "--stage", "ended")} <= {"closed", "referred"}
    first = mine[0]
    assert [r["number"] for r in listed(db, "--search", str(first["number"]))] == [first["number"]]
    assert {r["worker_name"] for r in listed(db, "--worker", "chenjun", user="admin")} == {"陈俊"}
    refused = run_wushe(db, "cases", "list", "--worker", "chenjun", user="lixia", check=False)
    assert refused.returncode == 2 and "may not see every worker's cases" in refused.stderr
    table = run_wushe(db, "cases", "list", "--overdue", user="lixia").stdout.splitlines()
    assert len(table) == len(listed(db, "--overdue")) + 1 and all("(overdue)" in line for line in table[1:])


def test_show_and_move(db: Path) -> None:
    case = next(r for r in listed(db) if r["stage"] == "intake")
    number = str(case["number"])
    shown = json.loads(run_wushe(db, "cases", "show", number, "--json", user="lixia").stdout)
    assert shown["case"]["number"] == number and shown["timeline"][-1]["kind"] == "opened"
    refused = run_wushe(db, "cases", "move", number, "close", user="lixia", check=False)
    assert refused.returncode == 2 and refused.stderr.startswith("Error: A case at")
    refused = run_wushe(db, "cases", "move", number, "decline", user="lixia", check=False)
    assert refused.returncode == 2 and refused.stderr.startswith("Error: --reason:")
    moved = run_wushe(db, "cases", "move", number, "refer", "--reason", "需专科治疗", "--receiver", "县医院",
                      user="lixia")
    assert moved.stdout.splitlines()[0] == f"Case {number} is now at “Referred out (转介)”."  # then any follow-ups
    text = run_wushe(db, "cases", "show", number, user="lixia").stdout
    assert "Referred to  县医院" in text and "To 县医院 (Service or institution): 需专科治疗" in text
    hidden = run_wushe(db, "cases", "show", number, user="chenjun", check=False)  # not his case
    assert hidden.returncode == 2 and f"Case {number} is 李霞's, another social worker's" in hidden.stderr


def test_declining_closes_and_the_head_hands_a_case_over(db: Path) -> None:
    declined, served = (str(next(r for r in listed(db) if r["stage"] == stage)["number"])
                        for stage in ("intake", "service"))
    moved = run_wushe(db, "cases", "move", declined, "decline", "--reason", "本人暂不需要", user="lixia")
    assert moved.stdout.splitlines()[0] == f"Case {declined} is now at “Closed (结案)”."
    text = run_wushe(db, "cases", "show", declined, user="lixia").stdout
    assert "Not taken on because  本人暂不需要" in text and "Do not take on (不接案): 本人暂不需要" in text
    refused = run_wushe(db, "cases", "hand-over", served, "--to", "chenjun", "--reason", "调岗", user="lixia",
                        check=False)
    assert refused.returncode == 2 and "Only the station head hands a case over" in refused.stderr
    refused = run_wushe(db, "cases", "hand-over", served, "--to", "nobody", "--reason", "调岗", check=False)
    assert refused.returncode == 2 and refused.stderr.startswith("Error: --to: There is no user named nobody")
    handed = run_wushe(db, "cases", "hand-over", served, "--to", "chenjun", "--reason", "李霞调岗", "--json")
    assert json.loads(handed.stdout)["worker_name"] == "陈俊"
    text = run_wushe(db, "cases", "show", served, user="chenjun").stdout  # now his to see
    handover = next(line for line in text.splitlines() if "Handover" in line)
    assert handover.split() == [TODAY.isoformat(), "Handover", "周建国", "From", "李霞", "to", "陈俊:", "李霞调岗"]


def test_a_reader_that_goes_away_gets_no_traceback(db: Path) -> None:
    """`wushe cases list | head -1`: the pipe closes before the table is written; nothing but silence."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    env.update(WUSHE_LOCALE="en", WUSHE_USER="lixia", WUSHE_PASSWORD=DEMO_PASSWORD)
    process = subprocess.Popen([sys.executable, "-m", "desktop.cli", "--db", str(db), "cases", "list"], env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # long before the command has signed in and listed
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1 and errors == ""
