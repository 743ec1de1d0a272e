"""``wushe cases move|list`` and ``report client`` on the demo station after the fifth trial of the case files:
closing says how many follow-ups stay open (and they stay due), a refused step names the steps open now, a
part of a case number finds cases, a client with no case says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_testing import sign_in_env, wushe


def _cases(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> list[dict[str, object]]:
    return json.loads(wushe(capsys, db, "cases", "list", *args, "--json"))  # type: ignore[no-any-return]


def test_closing_says_the_follow_ups_that_stay_due(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_env(monkeypatch, "lixia")
    [case] = _cases(capsys, demo_file, "--stage", "evaluation", "--overdue")  # the demo's, a follow-up overdue
    said = wushe(capsys, demo_file, "cases", "move", str(case["number"]), "close", "--summary", "目标达成")
    assert said.splitlines() == [
        f"Case {case['number']} is now at “Closed (结案)”.",
        "1 follow-up of this case is still open: it stays due on the worker's Home page until it is done or "
        "cancelled."]
    [still] = [c for c in _cases(capsys, demo_file, "--overdue") if c["number"] == case["number"]]
    assert (still["stage"], still["overdue"], still["next_due"]) == ("closed", True, case["next_due"])


def test_a_refused_step_lists_the_steps_open_now(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_env(monkeypatch, "lixia")
    case = _cases(capsys, demo_file, "--stage", "assessment")[0]
    refused = wushe(capsys, demo_file, "cases", "move", str(case["number"]), "close", expect=2)
    assert "cannot take the step “Close the case (结案)”. Steps open now: “Draw up the service plan” (plan), " \
           "“Refer out (转介)” (refer)." in refused


def test_part_of_a_case_number_finds_cases(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_env(monkeypatch, "admin")
    every = [str(c["number"]) for c in _cases(capsys, demo_file)]
    part = every[0][:-1]  # 个案-2026-001 of 个案-2026-0016
    assert sorted(str(c["number"]) for c in _cases(capsys, demo_file, "--search", part)) == sorted(
        n for n in every if part in n)


def test_a_client_without_a_case_says_so(capsys: pytest.CaptureFixture[str], demo_file: Path,
                                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sign_in_env(monkeypatch, "admin")
    with_case = {c["client_name"] for c in _cases(capsys, demo_file)}
    clients = json.loads(wushe(capsys, demo_file, "clients", "list", "--json"))
    caseless = next(c for c in clients if c["name"] not in with_case)
    printed = wushe(capsys, demo_file, "report", "client", "--client", caseless["name"], "--out",
                    str(tmp_path / "client.pdf"))
    assert any(line.startswith("Cases ") and line.rstrip().endswith("  No case") for line in printed.splitlines())
